import CaseflowModel
import Synchronization

/// The ids the daemon gives the cases it opens: `c-`, then the opening millisecond (since 1970)
/// in nine base-32 digits, then four base-32 digits (20 bits) of a counter that starts at a
/// random value in each daemon and counts every id it makes, for example `c-1m8mz2a00brx7`.
///
/// Ids of cases opened close together in time sort together, so the store's index of each
/// case's events (by case id and sequence) keeps the entries of the cases being worked on in a
/// few pages instead of scattering every write over the whole index (random ids made more than
/// half the pages a batch of writes changed). The time is to the millisecond because a busy
/// daemon opens hundreds of cases a second: in seconds, the cases opened within one second
/// would be as scattered among themselves as random ids. Fifteen characters, so an id is kept
/// inline in its string (no allocation, no reference counting). One daemon does not make the
/// same id twice (the counter would have to wrap within a millisecond, or the clock be set back
/// onto an earlier one); daemons sharing a database could, in the same millisecond. Whenever an
/// id is taken, the write finds it so and the case is opened again under a new one.
public enum CaseIDs {
    /// Lower-case base 32 without i, l, o and u; the digits sort in the order of their values.
    static let digits = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)
    /// Digits of the time (45 bits of milliseconds: until the year 3084) and of the counter.
    static let timeDigits = 9, counterDigits = 4
    private static let counter: Atomic<UInt64> = {
        var g = SystemRandomNumberGenerator()
        return Atomic(g.next())
    }()

    public static func make(at instant: Instant) -> String {
        make(millis: instant.millis, count: counter.add(1, ordering: .relaxed).newValue)
    }

    static func make(millis: Int64, count: UInt64) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "c"), UInt8(ascii: "-")]
        bytes.reserveCapacity(2 + timeDigits + counterDigits)
        let t = UInt64(max(0, millis))
        for i in (0..<timeDigits).reversed() { bytes.append(digits[Int((t >> UInt64(5 * i)) & 31)]) }
        for i in (0..<counterDigits).reversed() { bytes.append(digits[Int((count >> UInt64(5 * i)) & 31)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
