import CaseflowStore
import Dispatch
import Logging
import PostgresNIO
import Synchronization

/// Group commit on PostgreSQL: every write waiting when a batch starts goes into it (one call
/// and one WAL flush for nearly all of them; see `PostgresBatchWriter`), each failing alone.
/// Up to `maxTransactions` batches run at once on pooled connections. Callers resume only
/// after their write has committed.
///
/// The drain loop runs on an executor of its own, not in Swift's cooperative pool: there each
/// answer from the server waited behind the request handlers (the very callers about to be
/// acknowledged) before the loop went on. A batch is one round trip (`caseflow_commit`), or a
/// few more when some of its writes need the transaction of `PostgresBatchWriter`.
final class PostgresGroupCommitter: Sendable {
    private struct Waiting {
        let write: PreparedWrite
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Queue {
        var waiting: [Waiting] = []
        var running = 0
    }

    private let client: PostgresClient
    private let owner: String
    private let logger: Logger
    private let maxBatch: Int
    private let maxTransactions: Int
    private let queue = Mutex(Queue())
    private let batchSizes = Mutex(RecentBatches())
    private static let drainExecutor = DrainExecutor()

    init(client: PostgresClient, owner: String, logger: Logger, maxBatch: Int = 512, maxTransactions: Int) {
        self.client = client
        self.owner = owner
        self.logger = logger
        self.maxBatch = maxBatch
        self.maxTransactions = max(1, maxTransactions)
    }

    /// Transactions so far and the writes in each.
    var batches: [Int] { batchSizes.withLock { $0.values } }

    /// Transactions committed so far, and the writes in them.
    var totals: CommitTotals { batchSizes.withLock { $0.totals } }

    func commit(_ write: PreparedWrite) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let start = queue.withLock { q -> Bool in
                q.waiting.append(Waiting(write: write, continuation: c))
                guard q.running < maxTransactions else { return false }
                q.running += 1
                return true
            }
            if start { Task(executorPreference: Self.drainExecutor) { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { q -> [Waiting] in
                let n = min(q.waiting.count, maxBatch)
                let taken = Array(q.waiting.prefix(n))
                q.waiting.removeFirst(n)
                if taken.isEmpty { q.running -= 1 }
                return taken
            }
            if batch.isEmpty { return }
            let outcomes = await run(batch.map(\.write))
            batchSizes.withLock { $0.record(batch.count) }
            for (waiting, outcome) in zip(batch, outcomes) {
                if let outcome { waiting.continuation.resume(throwing: outcome) } else { waiting.continuation.resume() }
            }
        }
    }

    /// Runs the batch, again when the database picked it as a deadlock victim.
    private func run(_ writes: [PreparedWrite]) async -> [StoreError?] {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { conn in
                    try await PostgresBatchWriter(connection: conn, owner: owner, logger: logger).run(writes)
                }
            } catch {
                if attempt < 5, PostgresFailure.isRetryable(error) {
                    logger.debug("batch retried", metadata: ["postgres.error": "\(PostgresFailure.describe(error))"])
                    continue
                }
                let failure = StoreError.unavailable("commit failed: \(PostgresFailure.describe(error))")
                return writes.map { _ in failure }
            }
        }
    }
}

/// A serial queue as a task executor, for the drain loop.
final class DrainExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "caseflow.postgres-commit", qos: .userInitiated)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
