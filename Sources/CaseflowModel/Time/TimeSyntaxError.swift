/// A problem in the text of working hours (`"09:00-12:00, 13:00-18:00"`) or of a weekday
/// key (`mon-fri`), with the offset where it is, counted in Unicode scalars from 0.
public struct TimeSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case empty
        case expectedTime
        case invalidMinute
        case pastMidnight
        case expectedDash
        case expectedSeparator
        case startNotBeforeEnd(HourRange.Text)
        case overlapping(HourRange.Text, HourRange.Text)
        case unknownDay(String)
        case duplicateDay(Weekday)
        case reversedDayRange(Weekday, Weekday)
    }

    public let kind: Kind
    public let offset: Int

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var message: String {
        switch kind {
        case .empty: "no hours given: expected ranges like \"09:00-12:00, 13:00-18:00\""
        case .expectedTime: "expected a time like 09:00"
        case .invalidMinute: "minutes must be 00 to 59"
        case .pastMidnight: "time is past 24:00"
        case .expectedDash: "expected '-' between the start and end of a range"
        case .expectedSeparator: "expected ',' before the next range"
        case .startNotBeforeEnd(let r): "range \(r) must start before it ends"
        case .overlapping(let r, let other): "range \(r) overlaps \(other)"
        case .unknownDay(let name): "unknown day '\(name)' (use mon, tue, wed, thu, fri, sat, sun)"
        case .duplicateDay(let day): "\(day) is given more than once"
        case .reversedDayRange(let a, let b): "day range \(a)-\(b) goes backwards (write it from mon towards sun)"
        }
    }

    public var description: String { "offset \(offset): \(message)" }
}
