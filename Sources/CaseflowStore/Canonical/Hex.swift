import Crypto

/// Lower-case hexadecimal, and SHA-256 written that way (hashes of events, definitions, tokens).
public enum Hex {
    public static func encode(_ sequence: some Sequence<UInt8>) -> String {
        let bytes = Array(sequence)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            var i = 0
            for b in bytes {
                out[i] = digit(b >> 4)
                out[i + 1] = digit(b & 15)
                i += 2
            }
            return i
        }
    }

    @inline(__always)
    private static func digit(_ n: UInt8) -> UInt8 { n < 10 ? 48 + n : 87 + n }

    /// The bytes of an even-length hex text (either case); nil for anything else.
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    public static func sha256(_ text: String) -> String { encode(SHA256.hash(data: Array(text.utf8))) }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
