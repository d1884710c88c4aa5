/// A JSON text being written as UTF-8 bytes, for documents written often (history events,
/// snapshots, API answers). Appending to a `String` piece by piece cost more than everything else
/// in writing them; bytes are appended at memcpy speed. Keys and punctuation are the caller's.
public struct JSONWriter {
    public var bytes: [UInt8] = []

    public init(capacity: Int) { bytes.reserveCapacity(capacity) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Literal text (keys, punctuation).
    @inline(__always)
    public mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Text already in JSON form.
    public mutating func rawText(_ s: String) { bytes.append(contentsOf: s.utf8) }

    @inline(__always)
    public mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// `,"key":` (or `"key":` for the first key of an object).
    @inline(__always)
    public mutating func key(_ k: StaticString, first: Bool = false) {
        if !first { bytes.append(0x2C) }
        bytes.append(0x22)
        raw(k)
        bytes.append(0x22)
        bytes.append(0x3A)
    }

    /// A string literal, escaped as `JSONPrinter` escapes it.
    public mutating func string(_ s: String) { JSONPrinter.appendString(s, to: &bytes) }

    /// Any value, as `JSONPrinter` prints it.
    public mutating func value(_ v: Value) { JSONPrinter.append(v, to: &bytes) }

    /// A JSON array: `write` writes each item; the brackets and commas are this writer's.
    /// Inlinable: the documents are written in other modules, where an unspecialised call looked
    /// up the collection's generic metadata at run time for every array written.
    @inlinable
    public mutating func array<C: Collection>(_ items: C, _ write: (inout JSONWriter, C.Element) -> Void) {
        bytes.append(0x5B)
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            write(&self, item)
        }
        bytes.append(0x5D)
    }

    public mutating func optionalString(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    public mutating func int(_ i: Int) { int(Int64(i)) }

    public mutating func int(_ i: Int64) {
        if i < 0 {
            guard i != .min else { bytes.append(contentsOf: String(i).utf8); return }
            bytes.append(0x2D)
            unsigned(UInt64(-i))
        } else {
            unsigned(UInt64(i))
        }
    }

    public mutating func unsigned(_ u: UInt64) {
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

    public mutating func bool(_ b: Bool) {
        if b { raw("true") } else { raw("false") }
    }

    public mutating func double(_ d: Double) { bytes.append(contentsOf: JSONPrinter.doubleText(d).utf8) }
}
