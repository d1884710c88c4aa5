/// The sizes of the latest commit batches (writes per transaction), kept to a bounded number.
public struct RecentBatches: Sendable {
    public static let capacity = 1024
    public private(set) var values: [Int] = []
    /// Every batch recorded, and the writes in them, not only the latest.
    public private(set) var transactions = 0
    public private(set) var writes = 0

    public init() {}

    public mutating func record(_ size: Int) {
        if values.count >= Self.capacity { values.removeFirst(values.count - Self.capacity + 1) }
        values.append(size)
        transactions += 1
        writes += size
    }
}
