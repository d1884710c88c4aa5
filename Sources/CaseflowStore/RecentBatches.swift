/// The sizes of the latest commit batches (writes per transaction), kept to a bounded number.
public struct RecentBatches: Sendable {
    public static let capacity = 1024
    public private(set) var values: [Int] = []

    public init() {}

    public mutating func record(_ size: Int) {
        if values.count >= Self.capacity { values.removeFirst(values.count - Self.capacity + 1) }
        values.append(size)
    }
}
