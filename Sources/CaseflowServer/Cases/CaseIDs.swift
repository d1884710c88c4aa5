import CaseflowModel

/// The ids the daemon gives the cases it opens: `c-`, then the opening second (since 1970) in
/// seven base-32 digits, then six random base-32 digits (30 bits), for example `c-1kc0g4yq7m2xa`.
/// Ids of cases opened close together in time sort together, so the store's index of each
/// case's events (by case id and sequence) keeps the entries of the cases being worked on in a
/// few pages instead of scattering every write over the whole index (random ids made more than
/// half the pages a batch of writes changed). Fifteen characters, so an id is kept inline in
/// its string (no allocation, no reference counting). Cases opened in the same second are told
/// apart by the random digits; a collision is caught when the case is stored (its id is taken)
/// and the case is opened again under a new id.
public enum CaseIDs {
    /// Lower-case base 32 without i, l, o and u; the digits sort in the order of their values.
    static let digits = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)
    /// Digits of the time (35 bits of seconds: until the year 3058) and of the random part.
    static let timeDigits = 7, randomDigits = 6

    public static func make(at instant: Instant) -> String {
        var g = SystemRandomNumberGenerator()
        return make(seconds: instant.seconds, random: g.next())
    }

    static func make(seconds: Int64, random: UInt64) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "c"), UInt8(ascii: "-")]
        bytes.reserveCapacity(2 + timeDigits + randomDigits)
        let t = UInt64(max(0, seconds))
        for i in (0..<timeDigits).reversed() { bytes.append(digits[Int((t >> UInt64(5 * i)) & 31)]) }
        for i in 0..<randomDigits { bytes.append(digits[Int((random >> UInt64(5 * i)) & 31)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
