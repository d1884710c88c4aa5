import CaseflowStore
import Foundation

/// Every store implementation the shared suite runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case memory, sqliteFile, sqliteInMemory

    var description: String { rawValue }

    func make() throws -> any CaseStore {
        switch self {
        case .memory: return MemoryStore()
        case .sqliteFile: return try SQLiteStore(path: try TestCases.temporaryDirectory().appendingPathComponent("cases.sqlite").path)
        case .sqliteInMemory: return try SQLiteStore()
        }
    }
}
