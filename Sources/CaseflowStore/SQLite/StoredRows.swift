import CaseflowModel
import GRDB

/// Rows back to stored values; a row that does not decode is reported, never trapped on.
enum StoredRows {
    static let eventColumns = "case_id, seq, at, type, body, prev_hash, hash"
    static let caseColumns = "id, workflow, workflow_version, stage, status, role, breached, version, next_due, updated_at, state"

    static func event(_ row: Row) throws -> StoredEvent {
        StoredEvent(caseID: try row.decode(String.self, forColumn: "case_id"), sequence: try row.decode(Int.self, forColumn: "seq"),
                    at: Instant(millis: try row.decode(Int64.self, forColumn: "at")), type: try row.decode(String.self, forColumn: "type"),
                    body: try row.decode(String.self, forColumn: "body"), previousHash: try row.decode(String.self, forColumn: "prev_hash"),
                    hash: try row.decode(String.self, forColumn: "hash"))
    }

    static func storedCase(_ row: Row) throws -> StoredCase {
        StoredCase(id: try row.decode(String.self, forColumn: "id"), workflow: try row.decode(String.self, forColumn: "workflow"),
                   workflowVersion: try row.decode(Int.self, forColumn: "workflow_version"),
                   stage: try row.decode(String.self, forColumn: "stage"), status: try row.decode(String.self, forColumn: "status"),
                   role: try row.decode(String?.self, forColumn: "role"), breached: try row.decode(Bool.self, forColumn: "breached"),
                   version: try row.decode(Int.self, forColumn: "version"),
                   nextDue: try row.decode(Int64?.self, forColumn: "next_due").map(Instant.init(millis:)),
                   updatedAt: Instant(millis: try row.decode(Int64.self, forColumn: "updated_at")),
                   state: try row.decode(String.self, forColumn: "state"))
    }

    static func definition(_ row: Row) throws -> StoredDefinition {
        StoredDefinition(hash: try row.decode(String.self, forColumn: "hash"), kind: try row.decode(String.self, forColumn: "kind"),
                         id: try row.decode(String.self, forColumn: "id"), version: try row.decode(Int?.self, forColumn: "version"),
                         source: try row.decode(String.self, forColumn: "source"))
    }

    static func response(_ row: Row) throws -> StoredResponse {
        StoredResponse(key: try row.decode(String.self, forColumn: "key"), fingerprint: try row.decode(String.self, forColumn: "fingerprint"),
                       status: try row.decode(Int.self, forColumn: "status"), body: try row.decode(String.self, forColumn: "body"))
    }
}
