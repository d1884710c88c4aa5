/// Parses one day's working hours: `"09:00-12:00, 13:00-18:00"`.
///
/// Times are `H:MM` or `HH:MM`; `24:00` may end a range. Ranges may be written in any
/// order; the result is sorted. Touching ranges (`09:00-12:00, 12:00-13:00`) are allowed,
/// overlapping ones are not. Blanks around `-` and `,` are ignored.
public enum DayHoursParser {
    public static func parse(_ text: String) throws(TimeSyntaxError) -> [HourRange] {
        var scanner = Scanner(Array(text.unicodeScalars))
        scanner.skipBlanks()
        if scanner.atEnd { throw TimeSyntaxError(.empty, at: 0) }
        var parsed: [(range: HourRange, offset: Int)] = []
        while true {
            let rangeOffset = scanner.position
            let start = try scanner.time()
            scanner.skipBlanks()
            guard scanner.take("-") else { throw TimeSyntaxError(.expectedDash, at: scanner.position) }
            scanner.skipBlanks()
            let end = try scanner.time()
            guard let range = HourRange(start: start, end: end) else {
                throw TimeSyntaxError(.startNotBeforeEnd(HourRange.Text(start: start, end: end)), at: rangeOffset)
            }
            parsed.append((range, rangeOffset))
            scanner.skipBlanks()
            if scanner.atEnd { break }
            guard scanner.take(",") else { throw TimeSyntaxError(.expectedSeparator, at: scanner.position) }
            scanner.skipBlanks()
        }
        // Sorted by start, a range overlaps an earlier one iff it starts before the latest end so far.
        let sorted = parsed.sorted { ($0.range, $0.offset) < ($1.range, $1.offset) }
        var widest = 0
        for i in sorted.indices.dropFirst() {
            if sorted[i].range.start < sorted[widest].range.end {
                let (later, earlier) = sorted[i].offset > sorted[widest].offset
                    ? (sorted[i], sorted[widest]) : (sorted[widest], sorted[i])
                throw TimeSyntaxError(.overlapping(later.range.text, earlier.range.text), at: later.offset)
            }
            if sorted[i].range.end > sorted[widest].range.end { widest = i }
        }
        return sorted.map(\.range)
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var position = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { position >= scalars.count }

        mutating func skipBlanks() {
            while !atEnd, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
        }

        mutating func take(_ c: Unicode.Scalar) -> Bool {
            guard !atEnd, scalars[position] == c else { return false }
            position += 1
            return true
        }

        var atDigit: Bool { !atEnd && (48...57).contains(scalars[position].value) }

        mutating func digits(max: Int) -> (value: Int, count: Int) {
            var value = 0, count = 0
            while count < max, atDigit {
                value = value * 10 + Int(scalars[position].value - 48)
                count += 1
                position += 1
            }
            return (value, count)
        }

        /// `H:MM` or `HH:MM` as a minute of the day (0...1440).
        mutating func time() throws(TimeSyntaxError) -> Int {
            let start = position
            let hour = digits(max: 2)
            guard hour.count > 0, take(":") else { throw TimeSyntaxError(.expectedTime, at: start) }
            let minuteOffset = position
            let minute = digits(max: 2)
            guard minute.count == 2 else { throw TimeSyntaxError(.expectedTime, at: start) }
            if atDigit {
                throw TimeSyntaxError(.expectedTime, at: start)
            }
            guard minute.value < 60 else { throw TimeSyntaxError(.invalidMinute, at: minuteOffset) }
            let value = hour.value * 60 + minute.value
            guard value <= 1440 else { throw TimeSyntaxError(.pastMidnight, at: start) }
            return value
        }
    }
}

extension HourRange {
    var text: Text { Text(start: start, end: end) }
}
