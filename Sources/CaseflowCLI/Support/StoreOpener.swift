import CaseflowStore
import Logging

/// Opens the store named by `--db`: a SQLite file path.
enum StoreOpener {
    static func open(_ location: String, logger: Logger) async throws -> any CaseStore {
        try SQLiteStore(path: location)
    }
}
