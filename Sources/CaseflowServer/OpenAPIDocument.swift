/// The API description served at `/openapi.yaml`. A test checks that it lists every route.
enum OpenAPIDocument {
    static let yaml = """
    openapi: 3.1.0
    info:
      title: Caseflow
      version: "1"
      description: >-
        Cases run against workflow definitions. Every request but health, readiness, metrics and
        this document needs `Authorization: Bearer TOKEN`. Errors are
        {"error": {"code": "...", "message": "..."}}. A POST with `Idempotency-Key` returns the first
        answer again; `If-Match: VERSION` on a command refuses a stale write with 412.
    components:
      securitySchemes:
        bearer: { type: http, scheme: bearer }
      schemas:
        Error:
          type: object
          properties:
            error:
              type: object
              properties: { code: { type: string }, message: { type: string } }
        Case:
          type: object
          properties:
            id: { type: string }
            workflow: { type: object, properties: { id: { type: string }, version: { type: integer }, definition: { type: string } } }
            stage: { type: string }
            stage_kind: { type: string }
            status: { type: string, enum: [open, closed, cancelled] }
            outcome: { type: [string, "null"] }
            role: { type: [string, "null"] }
            assignee: { type: [string, "null"] }
            data: { type: object }
            tasks: { type: array, items: { type: object } }
            votes: { type: array, items: { type: object } }
            sla: { type: object }
            case_sla: { type: object }
            escalations: { type: integer }
            version: { type: integer }
      responses:
        Case: { description: The case, content: { application/json: { schema: { $ref: "#/components/schemas/Case" } } } }
        Error: { description: An error, content: { application/json: { schema: { $ref: "#/components/schemas/Error" } } } }
      parameters:
        id: { name: id, in: path, required: true, schema: { type: string } }
        ifMatch: { name: If-Match, in: header, required: false, schema: { type: string } }
        idempotencyKey: { name: Idempotency-Key, in: header, required: false, schema: { type: string } }
    security:
      - bearer: []
    paths:
      /v1/cases:
        post:
          summary: Open a case
          parameters: [{ $ref: "#/components/parameters/idempotencyKey" }]
          requestBody:
            content: { application/json: { schema: { type: object, required: [workflow], properties: { workflow: { type: string }, data: { type: object } } } } }
          responses: { "201": { $ref: "#/components/responses/Case" }, "400": { $ref: "#/components/responses/Error" }, "401": { $ref: "#/components/responses/Error" }, "403": { $ref: "#/components/responses/Error" }, "404": { $ref: "#/components/responses/Error" }, "422": { $ref: "#/components/responses/Error" } }
        get:
          summary: Search cases, paged; any other parameter FIELD (or data.FIELD) is equality on a search field
          parameters:
            - { name: workflow, in: query, schema: { type: string } }
            - { name: version, in: query, schema: { type: integer } }
            - { name: stage, in: query, schema: { type: string } }
            - { name: status, in: query, schema: { type: string } }
            - { name: role, in: query, schema: { type: string } }
            - { name: breached, in: query, schema: { type: boolean } }
            - { name: assignee, in: query, schema: { type: string } }
            - { name: opened_after, in: query, schema: { type: string } }
            - { name: opened_before, in: query, schema: { type: string } }
            - { name: where, in: query, description: "a CEL condition over the case (needs workflow)", schema: { type: string } }
            - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
            - { name: after, in: query, description: "the opaque next of a previous page", schema: { type: string } }
          responses: { "200": { description: "{cases, next, scanned}" }, "400": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}:
        get:
          summary: The case
          parameters: [{ $ref: "#/components/parameters/id" }]
          responses: { "200": { $ref: "#/components/responses/Case" }, "403": { $ref: "#/components/responses/Error" }, "404": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}/complete:
        post:
          summary: Complete the stage or one of its tasks
          parameters: [{ $ref: "#/components/parameters/id" }, { $ref: "#/components/parameters/ifMatch" }, { $ref: "#/components/parameters/idempotencyKey" }]
          description: "`stage` (the stage this is meant for) is required unless If-Match is given; a case elsewhere answers 409."
          requestBody: { content: { application/json: { schema: { type: object, properties: { stage: { type: string }, task: { type: string }, data: { type: object } } } } } }
          responses: { "200": { $ref: "#/components/responses/Case" }, "403": { $ref: "#/components/responses/Error" }, "404": { $ref: "#/components/responses/Error" }, "409": { $ref: "#/components/responses/Error" }, "412": { $ref: "#/components/responses/Error" }, "422": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}/data:
        post:
          summary: Change case data
          parameters: [{ $ref: "#/components/parameters/id" }, { $ref: "#/components/parameters/ifMatch" }, { $ref: "#/components/parameters/idempotencyKey" }]
          requestBody: { content: { application/json: { schema: { type: object, required: [data], properties: { data: { type: object } } } } } }
          responses: { "200": { $ref: "#/components/responses/Case" }, "409": { $ref: "#/components/responses/Error" }, "412": { $ref: "#/components/responses/Error" }, "422": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}/approve:
        post:
          summary: Approve at a gate
          parameters: [{ $ref: "#/components/parameters/id" }, { $ref: "#/components/parameters/ifMatch" }, { $ref: "#/components/parameters/idempotencyKey" }]
          description: "`stage` is required unless If-Match is given."
          requestBody: { content: { application/json: { schema: { type: object, properties: { stage: { type: string }, comment: { type: string } } } } } }
          responses: { "200": { $ref: "#/components/responses/Case" }, "403": { $ref: "#/components/responses/Error" }, "409": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}/reject:
        post:
          summary: Reject at a gate
          parameters: [{ $ref: "#/components/parameters/id" }, { $ref: "#/components/parameters/ifMatch" }, { $ref: "#/components/parameters/idempotencyKey" }]
          description: "`stage` is required unless If-Match is given."
          requestBody: { content: { application/json: { schema: { type: object, required: [reason], properties: { stage: { type: string }, reason: { type: string } } } } } }
          responses: { "200": { $ref: "#/components/responses/Case" }, "403": { $ref: "#/components/responses/Error" }, "409": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}/assign:
        post:
          summary: Hand the stage to someone holding its role
          parameters: [{ $ref: "#/components/parameters/id" }, { $ref: "#/components/parameters/ifMatch" }, { $ref: "#/components/parameters/idempotencyKey" }]
          requestBody: { content: { application/json: { schema: { type: object, required: [to], properties: { to: { type: string } } } } } }
          responses: { "200": { $ref: "#/components/responses/Case" }, "403": { $ref: "#/components/responses/Error" }, "422": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}/claim:
        post:
          summary: Take the queued stage for oneself (holding its role); then only the assignee or an admin completes it
          parameters: [{ $ref: "#/components/parameters/id" }, { $ref: "#/components/parameters/ifMatch" }, { $ref: "#/components/parameters/idempotencyKey" }]
          description: "`stage` is required unless If-Match is given."
          requestBody: { content: { application/json: { schema: { type: object, properties: { stage: { type: string } } } } } }
          responses: { "200": { $ref: "#/components/responses/Case" }, "403": { $ref: "#/components/responses/Error" }, "409": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}/unassign:
        post:
          summary: Give the assigned stage back to its role's queue (the assignee or an admin)
          parameters: [{ $ref: "#/components/parameters/id" }, { $ref: "#/components/parameters/ifMatch" }, { $ref: "#/components/parameters/idempotencyKey" }]
          description: "`stage` is required unless If-Match is given."
          requestBody: { content: { application/json: { schema: { type: object, properties: { stage: { type: string } } } } } }
          responses: { "200": { $ref: "#/components/responses/Case" }, "403": { $ref: "#/components/responses/Error" }, "409": { $ref: "#/components/responses/Error" } }
      /v1/admin/cases/{id}/move:
        post:
          summary: Repair (admin) - move the case to any stage of its workflow, with a reason; an ended case only with reopen
          parameters: [{ $ref: "#/components/parameters/id" }, { $ref: "#/components/parameters/ifMatch" }, { $ref: "#/components/parameters/idempotencyKey" }]
          requestBody: { content: { application/json: { schema: { type: object, required: [to, reason], properties: { to: { type: string }, reason: { type: string }, reopen: { type: boolean } } } } } }
          responses: { "200": { $ref: "#/components/responses/Case" }, "403": { $ref: "#/components/responses/Error" }, "404": { $ref: "#/components/responses/Error" }, "409": { $ref: "#/components/responses/Error" } }
      /v1/admin/cases/{id}/data:
        post:
          summary: Repair (admin) - write data past the stage's rules (protected fields included), with a reason
          parameters: [{ $ref: "#/components/parameters/id" }, { $ref: "#/components/parameters/ifMatch" }, { $ref: "#/components/parameters/idempotencyKey" }]
          requestBody: { content: { application/json: { schema: { type: object, required: [data, reason], properties: { data: { type: object }, reason: { type: string } } } } } }
          responses: { "200": { $ref: "#/components/responses/Case" }, "403": { $ref: "#/components/responses/Error" }, "422": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}/cancel:
        post:
          summary: Cancel the case
          parameters: [{ $ref: "#/components/parameters/id" }, { $ref: "#/components/parameters/ifMatch" }, { $ref: "#/components/parameters/idempotencyKey" }]
          requestBody: { content: { application/json: { schema: { type: object, required: [reason], properties: { reason: { type: string, minLength: 1 } } } } } }
          responses: { "200": { $ref: "#/components/responses/Case" }, "403": { $ref: "#/components/responses/Error" }, "409": { $ref: "#/components/responses/Error" }, "422": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}/history:
        get:
          summary: The audit events with their chain hashes, up to 1,000 a page
          parameters:
            - { $ref: "#/components/parameters/id" }
            - { name: after, in: query, schema: { type: integer } }
            - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
          responses: { "200": { description: "{case, events, next}" }, "404": { $ref: "#/components/responses/Error" } }
      /v1/cases/{id}/verify:
        get:
          summary: Recompute the case's hash chain
          parameters: [{ $ref: "#/components/parameters/id" }]
          responses: { "200": { description: "{case, events, intact, first_broken, message}" } }
      /v1/tasks:
        get:
          summary: The work queue of the caller's roles (or of one role they hold), paged, sorted by deadline within a page
          parameters:
            - { name: role, in: query, schema: { type: string } }
            - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
            - { name: after, in: query, schema: { type: string } }
          responses: { "200": { description: "{roles, items, next, scanned}" }, "400": { $ref: "#/components/responses/Error" }, "403": { $ref: "#/components/responses/Error" } }
      /v1/escalations:
        get:
          summary: Escalations raised; open ones by default; paged over the cases the caller may read
          parameters:
            - { name: open, in: query, schema: { type: boolean, default: true } }
            - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
            - { name: after, in: query, schema: { type: string } }
          responses: { "200": { description: "{escalations, next, scanned}" } }
      /v1/workflows:
        get:
          summary: Workflows and their versions
          responses: { "200": { description: "{workflows}" } }
      /v1/workflows/{id}:
        get:
          summary: One workflow's versions with their definitions
          parameters: [{ $ref: "#/components/parameters/id" }]
          responses: { "200": { description: "{id, versions}" }, "404": { $ref: "#/components/responses/Error" } }
      /v1/admin/reload:
        post:
          summary: Reload definitions (admin); a set with errors is not activated
          responses: { "200": { description: "{reloaded, workflows, warnings}" }, "403": { $ref: "#/components/responses/Error" }, "422": { $ref: "#/components/responses/Error" } }
      /v1/audit/checkpoints:
        get:
          summary: Signed checkpoints of the ledger, newest first, with the public key (admin, auditor)
          parameters:
            - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
            - { name: before, in: query, schema: { type: integer } }
          responses: { "200": { description: "{public_key, checkpoints, next}" }, "403": { $ref: "#/components/responses/Error" } }
      /v1/admin/migrations:
        post:
          summary: Moves open cases to another version of their workflow, at most limit per request (admin)
          requestBody: { content: { application/json: { schema: { type: object, required: [workflow, from, to], properties: { workflow: { type: string }, from: { type: integer }, to: { type: integer }, map: { type: object }, set: { type: object }, where: { type: string }, dry_run: { type: boolean }, reason: { type: string }, limit: { type: integer, minimum: 1, maximum: 10000, default: 1000 }, after: { type: string, description: "the next of the previous answer" } } } } } }
          responses: { "200": { description: "{dry_run, migrated | would_migrate, refused, already_migrated, not_matching, other_versions, remaining, next, cases}" }, "400": { $ref: "#/components/responses/Error" }, "403": { $ref: "#/components/responses/Error" }, "404": { $ref: "#/components/responses/Error" }, "422": { $ref: "#/components/responses/Error" } }
      /v1/admin/batches:
        get:
          summary: Bulk actions, newest first, a page at a time (admin)
          parameters:
            - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000, default: 100 } }
            - { name: before, in: query, description: "the next of the previous page: batches older than this one", schema: { type: string } }
          responses: { "200": { description: "{batches, next} (next: null on the last page)" }, "400": { $ref: "#/components/responses/Error" }, "403": { $ref: "#/components/responses/Error" } }
        post:
          summary: A dry run (count and sample) or a bulk action started in the background (admin)
          requestBody: { content: { application/json: { schema: { type: object, required: [filter, action], properties: { filter: { type: object }, action: { type: object }, dry_run: { type: boolean } } } } } }
          responses: { "200": { description: "{dry_run, count, complete, sample}" }, "202": { description: "{batch}" }, "400": { $ref: "#/components/responses/Error" }, "403": { $ref: "#/components/responses/Error" } }
      /v1/admin/batches/{id}:
        get:
          summary: A bulk action's progress and its result per case (admin)
          parameters:
            - { $ref: "#/components/parameters/id" }
            - { name: after, in: query, schema: { type: string } }
            - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
          responses: { "200": { description: "{batch, results, next}" }, "404": { $ref: "#/components/responses/Error" } }
      /v1/notifications:
        get:
          summary: The token's person's notifications, newest first
          parameters:
            - { name: unread, in: query, schema: { type: boolean } }
            - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
            - { name: before, in: query, schema: { type: integer } }
          responses: { "200": { description: "{person, notifications, next}" }, "400": { $ref: "#/components/responses/Error" } }
      /v1/notifications/{id}/read:
        post:
          summary: Mark one of the person's notifications read
          parameters: [{ $ref: "#/components/parameters/id" }]
          responses: { "200": { description: "{notification}" }, "404": { $ref: "#/components/responses/Error" } }
      /v1/admin/deliveries:
        get:
          summary: The outbox's webhook and email deliveries, newest first (admin)
          parameters:
            - { name: state, in: query, schema: { type: string, enum: [pending, failed, delivered] } }
            - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
            - { name: before, in: query, schema: { type: integer } }
          responses: { "200": { description: "{deliveries, next, counts}" }, "403": { $ref: "#/components/responses/Error" } }
      /v1/admin/deliveries/{id}:
        get:
          summary: One delivery (admin)
          parameters: [{ $ref: "#/components/parameters/id" }]
          responses: { "200": { description: "{delivery}" }, "404": { $ref: "#/components/responses/Error" } }
      /v1/admin/deliveries/{id}/retry:
        post:
          summary: Send a failed or delivered delivery again (admin); 409 while it is pending
          parameters: [{ $ref: "#/components/parameters/id" }]
          responses: { "200": { description: "{delivery}" }, "404": { $ref: "#/components/responses/Error" }, "409": { $ref: "#/components/responses/Error" } }
      /v1/admin/deliveries/retry-failed:
        post:
          summary: Send every failed delivery again (admin)
          responses: { "200": { description: "{retried}" }, "403": { $ref: "#/components/responses/Error" } }
      /healthz:
        get: { summary: Liveness, security: [], responses: { "200": { description: ok } } }
      /readyz:
        get: { summary: Readiness (not ready while loading), security: [], responses: { "200": { description: ready }, "503": { $ref: "#/components/responses/Error" } } }
      /metrics:
        get: { summary: Prometheus metrics, security: [], responses: { "200": { description: metrics } } }
      /openapi.yaml:
        get: { summary: This document, security: [], responses: { "200": { description: the document } } }
    """
}
