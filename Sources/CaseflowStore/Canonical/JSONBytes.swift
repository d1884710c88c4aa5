import CaseflowModel
import CaseflowRules

/// A JSON text being written as UTF-8 bytes. Appending to a `String` piece by piece cost more
/// than everything else in writing an event or a snapshot; bytes are appended at memcpy speed.
struct JSONBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Literal text (keys, punctuation).
    @inline(__always)
    mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Text already in JSON form.
    mutating func rawText(_ s: String) { bytes.append(contentsOf: s.utf8) }

    @inline(__always)
    mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// `,"key":` (or `"key":` for the first key of an object).
    @inline(__always)
    mutating func key(_ k: StaticString, first: Bool = false) {
        if !first { bytes.append(0x2C) }
        bytes.append(0x22)
        raw(k)
        bytes.append(0x22)
        bytes.append(0x3A)
    }

    /// A string literal, escaped as `JSONPrinter` escapes it.
    mutating func string(_ s: String) {
        var s = s
        let plain = s.withUTF8 { buffer -> Bool in
            for b in buffer where b < 0x20 || b == 0x22 || b == 0x5C { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: buffer)
            bytes.append(0x22)
            return true
        }
        if !plain {
            var escaped = ""
            JSONPrinter.appendString(s, to: &escaped)
            bytes.append(contentsOf: escaped.utf8)
        }
    }

    mutating func optionalString(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    mutating func int(_ i: Int) { int(Int64(i)) }

    mutating func int(_ i: Int64) {
        if i < 0 {
            guard i != .min else { bytes.append(contentsOf: String(i).utf8); return }
            bytes.append(0x2D)
            unsigned(UInt64(-i))
        } else {
            unsigned(UInt64(i))
        }
    }

    mutating func unsigned(_ u: UInt64) {
        if u < 10 { bytes.append(0x30 + UInt8(u)); return }
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = u, count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            let d = raw.bindMemory(to: UInt8.self)
            while n > 0 {
                d[count] = 0x30 + UInt8(n % 10)
                n /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    mutating func bool(_ b: Bool) {
        if b { raw("true") } else { raw("false") }
    }

    mutating func double(_ d: Double) { bytes.append(contentsOf: JSONPrinter.doubleText(d).utf8) }

    /// An instant as history writes it, `"2026-03-02T01:00:00.000Z"`, or null.
    mutating func instantText(_ t: Instant?) {
        guard let t else { raw("null"); return }
        bytes.append(0x22)
        InstantText.append(t, to: &bytes)
        bytes.append(0x22)
    }
}
