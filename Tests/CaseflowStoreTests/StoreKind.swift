import CaseflowPostgres
import CaseflowStore
import Foundation

/// Every store implementation the shared suite runs against. PostgreSQL joins when
/// `CASEFLOW_TEST_POSTGRES` names a server (`.ci/run` starts one); see `PostgresTestServer`.
enum StoreKind: String, Sendable, CustomStringConvertible {
    case memory, sqliteFile, sqliteInMemory, postgres

    static var allCases: [StoreKind] {
        [.memory, .sqliteFile, .sqliteInMemory] + (PostgresTestServer.url == nil ? [] : [.postgres])
    }

    var description: String { rawValue }

    func make() async throws -> any CaseStore {
        switch self {
        case .memory: return MemoryStore()
        case .sqliteFile: return try SQLiteStore(path: try TestCases.temporaryDirectory().appendingPathComponent("cases.sqlite").path)
        case .sqliteInMemory: return try SQLiteStore()
        case .postgres: return try await PostgresTestServer.freshStore()
        }
    }
}
