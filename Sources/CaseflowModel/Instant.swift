/// An instant on the time line: milliseconds since 1970-01-01T00:00:00Z.
/// The engine never reads a clock; instants come in as arguments.
public struct Instant: Hashable, Comparable, Sendable, Codable {
    public var millis: Int64

    public init(millis: Int64) { self.millis = millis }
    public init(seconds: Int64) { self.millis = seconds * 1000 }

    public var seconds: Int64 { millis >= 0 ? millis / 1000 : (millis - 999) / 1000 }

    public static func < (a: Instant, b: Instant) -> Bool { a.millis < b.millis }
    public static func + (a: Instant, ms: Int64) -> Instant { Instant(millis: a.millis + ms) }
    public static func - (a: Instant, b: Instant) -> Int64 { a.millis - b.millis }

    public init(from decoder: Decoder) throws {
        millis = try decoder.singleValueContainer().decode(Int64.self)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(millis)
    }
}
