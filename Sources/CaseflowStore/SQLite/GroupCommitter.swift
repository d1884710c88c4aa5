import Dispatch
import GRDB
import Synchronization

/// Group commit: one writer drains every write waiting at that moment into a single transaction
/// (one fsync), written with a few multi-row statements; a stale write fails alone. Should a
/// statement fail, the batch is retried write by write, each in its own savepoint. Callers resume
/// only after the transaction has committed.
///
/// The drain loop runs on a queue of its own, not in a task: in the concurrency pool it waited
/// behind the very callers it was about to acknowledge after every transaction, and the
/// database sat idle meanwhile.
final class GroupCommitter: Sendable {
    private struct Waiting {
        let write: PreparedWrite
        let continuation: CheckedContinuation<String, any Error>
    }

    private struct Queue {
        var waiting: [Waiting] = []
        var draining = false
    }

    private let writer: any DatabaseWriter
    private let queue = Mutex(Queue())
    private let maxBatch: Int
    /// Writes per transaction, for tests and metrics.
    private let batchSizes = Mutex(RecentBatches())
    private let drainQueue = DispatchQueue(label: "caseflow.group-commit", qos: .userInitiated)

    init(writer: any DatabaseWriter, maxBatch: Int = 1024) {
        self.writer = writer
        self.maxBatch = maxBatch
    }

    /// Commits the write with others waiting; the hash its case's history now ends with.
    func commit(_ write: PreparedWrite) async throws -> String {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<String, any Error>) in
            let start = queue.withLock { q -> Bool in
                q.waiting.append(Waiting(write: write, continuation: c))
                if q.draining { return false }
                q.draining = true
                return true
            }
            if start { drainQueue.async { self.drain() } }
        }
    }

    /// Transactions so far and the writes in each.
    var batches: [Int] { batchSizes.withLock { $0.values } }

    /// Transactions committed so far, and the writes in them.
    var totals: CommitTotals { batchSizes.withLock { $0.totals } }

    private func drain() {
        while true {
            let batch = queue.withLock { q -> [Waiting] in
                let n = min(q.waiting.count, maxBatch)
                let taken = Array(q.waiting.prefix(n))
                q.waiting.removeFirst(n)
                if taken.isEmpty { q.draining = false }
                return taken
            }
            if batch.isEmpty { return }
            let writes = batch.map(\.write)
            // GRDB runs the transaction on this thread (a synchronous call on its serial queue).
            let cpu = ThreadCPUClock.now()
            do {
                let outcomes = try writer.write { db -> [Result<String, StoreError>] in
                    var together: [Result<String, StoreError>] = []
                    do {
                        try db.inSavepoint {
                            together = try SQLiteWriteApplier.apply(batch: writes, in: db)
                            return .commit
                        }
                        return together
                    } catch {
                        // Rolled back to the savepoint: nothing of the batch is written. One by one.
                    }
                    return writes.map { w in
                        do {
                            var last = ""
                            try db.inSavepoint {
                                last = try SQLiteWriteApplier.apply(w, in: db)
                                return .commit
                            }
                            return .success(last)
                        } catch let e as StoreError {
                            return .failure(e)
                        } catch {
                            return .failure(StoreError.unavailable("case \(w.caseID): \(error)"))
                        }
                    }
                }
                let spent = ThreadCPUClock.now() &- cpu
                batchSizes.withLock { $0.record(batch.count, writerNanoseconds: spent) }
                for (waiting, outcome) in zip(batch, outcomes) {
                    waiting.continuation.resume(with: outcome.mapError { $0 as any Error })
                }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: StoreError.unavailable("commit failed: \(error)")) }
            }
        }
    }
}
