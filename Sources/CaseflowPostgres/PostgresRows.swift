import CaseflowModel
import CaseflowStore
import PostgresNIO

/// Rows back to stored values; a row that does not decode is reported, never trapped on.
enum PostgresRows {
    static let eventColumns = "case_id, seq, at, type, body, prev_hash, hash"
    static let caseColumns = "id, workflow, workflow_version, stage, status, role, breached, version, next_due, updated_at, state"

    @Sendable static func events(_ rows: PostgresRowSequence) async throws -> [StoredEvent] {
        var out: [StoredEvent] = []
        for try await (caseID, seq, at, type, body, previous, hash) in rows.decode((String, Int, Int64, String, String, String, String).self) {
            out.append(StoredEvent(caseID: caseID, sequence: seq, at: Instant(millis: at), type: type, body: body,
                                   previousHash: previous, hash: hash))
        }
        return out
    }

    @Sendable static func cases(_ rows: PostgresRowSequence) async throws -> [StoredCase] {
        var out: [StoredCase] = []
        for try await row in rows {
            let (id, workflow, workflowVersion, stage, status, role, breached, version, nextDue, updatedAt, state) =
                try row.decode((String, String, Int, String, String, String?, Bool, Int, Int64?, Int64, String).self)
            out.append(StoredCase(id: id, workflow: workflow, workflowVersion: workflowVersion, stage: stage, status: status,
                                  role: role, breached: breached, version: version, nextDue: nextDue.map(Instant.init(millis:)),
                                  updatedAt: Instant(millis: updatedAt), state: state))
        }
        return out
    }

    @Sendable static func definitions(_ rows: PostgresRowSequence) async throws -> [StoredDefinition] {
        var out: [StoredDefinition] = []
        for try await (hash, kind, id, version, source) in rows.decode((String, String, String, Int?, String).self) {
            out.append(StoredDefinition(hash: hash, kind: kind, id: id, version: version, source: source))
        }
        return out
    }
}
