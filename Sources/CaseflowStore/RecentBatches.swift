#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The sizes of the latest commit batches (writes per transaction), kept to a bounded number.
public struct RecentBatches: Sendable {
    public static let capacity = 1024
    public private(set) var values: [Int] = []
    /// Every batch recorded, and the writes in them, not only the latest.
    public private(set) var transactions = 0
    public private(set) var writes = 0
    /// CPU time the committing thread spent in those transactions (statements, commit, fsync call), in nanoseconds.
    public private(set) var writerNanoseconds: UInt64 = 0

    public init() {}

    public var totals: CommitTotals {
        CommitTotals(transactions: transactions, writes: writes, writerCPUSeconds: Double(writerNanoseconds) / 1e9)
    }

    public mutating func record(_ size: Int, writerNanoseconds cpu: UInt64 = 0) {
        writerNanoseconds &+= cpu
        if values.count >= Self.capacity { values.removeFirst(values.count - Self.capacity + 1) }
        values.append(size)
        transactions += 1
        writes += size
    }
}

/// Transactions committed since a store was opened, the writes in them, and the CPU time its
/// committing thread spent on them (0 where the database's work happens in another process).
public struct CommitTotals: Sendable, Equatable {
    public var transactions: Int
    public var writes: Int
    public var writerCPUSeconds: Double

    public init(transactions: Int = 0, writes: Int = 0, writerCPUSeconds: Double = 0) {
        self.transactions = transactions
        self.writes = writes
        self.writerCPUSeconds = writerCPUSeconds
    }
}

/// CPU time of the calling thread, in nanoseconds.
public enum ThreadCPUClock {
    public static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
