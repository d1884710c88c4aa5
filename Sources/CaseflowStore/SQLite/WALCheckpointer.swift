import Dispatch
import GRDB
import GRDBSQLite
import Synchronization

/// Copies the write-ahead log back into the database file on a connection and thread of its own,
/// so the committing writer never waits for it. SQLite's automatic checkpoint runs inside the
/// commit that crosses its threshold: that commit, and every write waiting behind it, paid for
/// reading, copying and syncing up to a thousand pages, on the one thread all writes go through.
///
/// The writer's connection gets a WAL hook instead of the automatic checkpoint: after each commit
/// SQLite tells it how many pages the log holds. From `threshold` pages on, it nudges this
/// checkpointer, which runs a passive checkpoint on its own connection: it copies what no reader
/// still needs, without taking the write lock, and SQLite starts the log over at the next write
/// once all of it is copied. Should this thread fall behind, or a long read keep the log from
/// being reused, the writer checkpoints itself (passive, as the automatic checkpoint does) from
/// `backstop` pages on, so the log stays bounded.
final class WALCheckpointer: Sendable {
    private struct State {
        var nudged = false
        var running = false
        var checkpoints = 0
    }

    let threshold: Int
    let backstop: Int
    private let connection: DatabaseQueue
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "caseflow.wal-checkpoint", qos: .userInitiated)

    /// A checkpointer on its own connection to the database at `path`, installed on `writer`.
    init(path: String, writer: any DatabaseWriter, threshold: Int = 1000, backstop: Int = 16_000) throws {
        self.threshold = threshold
        self.backstop = backstop
        var config = Configuration()
        config.label = "caseflow.wal-checkpoint"
        connection = try DatabaseQueue(path: path, configuration: config)
        // The hook's context lives as long as the writer's connection may call it, which can be
        // longer than this object: it holds this checkpointer weakly (a few bytes per store opened).
        let hook = Unmanaged.passRetained(Hook(self)).toOpaque()
        try writer.writeWithoutTransaction { db in
            // Replaces the automatic checkpoint (which is itself a WAL hook).
            sqlite3_wal_hook(db.sqliteConnection, { context, db, name, pages in
                guard let context else { return SQLITE_OK }
                let hook = Unmanaged<Hook>.fromOpaque(context).takeUnretainedValue()
                guard pages >= hook.threshold else { return SQLITE_OK }
                if pages >= hook.backstop { sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil); return SQLITE_OK }
                if let checkpointer = hook.checkpointer {
                    checkpointer.nudge()
                } else {
                    // The store is gone but its writer lives on: checkpoint as SQLite would itself.
                    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                }
                return SQLITE_OK
            }, hook)
        }
    }

    private final class Hook: @unchecked Sendable {
        weak var checkpointer: WALCheckpointer?
        let threshold: Int32
        let backstop: Int32
        init(_ c: WALCheckpointer) {
            checkpointer = c
            threshold = Int32(c.threshold)
            backstop = Int32(c.backstop)
        }
    }

    /// Checkpoints run so far (for tests).
    var checkpoints: Int { state.withLock { $0.checkpoints } }

    private func nudge() {
        let start = state.withLock { s -> Bool in
            if s.running { s.nudged = true; return false }
            s.running = true
            return true
        }
        if start { queue.async { self.run() } }
    }

    private func run() {
        while true {
            _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            let again = state.withLock { s -> Bool in
                s.checkpoints += 1
                if s.nudged { s.nudged = false; return true }
                s.running = false
                return false
            }
            if !again { return }
        }
    }
}
