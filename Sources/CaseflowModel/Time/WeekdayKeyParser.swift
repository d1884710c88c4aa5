/// Parses a key of a calendar's `hours:` map: one day (`sat`), a range (`mon-fri`),
/// or a list of either (`sat,sun`, `mon-wed, fri`). Names are lower case. A range runs
/// forwards from Monday towards Sunday (`fri-mon` is an error); a day named twice is an error.
public enum WeekdayKeyParser {
    public static func parse(_ key: String) throws(TimeSyntaxError) -> [Weekday] {
        try parseWithOffsets(key).map(\.day)
    }

    /// The days of a key, each with the offset of the name that gave it (for a day within a
    /// range, the offset of the range's first or last name, whichever is that day, else the first).
    static func parseWithOffsets(_ key: String) throws(TimeSyntaxError) -> [(day: Weekday, offset: Int)] {
        let scalars = Array(key.unicodeScalars)
        var position = 0
        var days: [(day: Weekday, offset: Int)] = []

        func skipBlanks() {
            while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
        }
        func name() throws(TimeSyntaxError) -> (day: Weekday, offset: Int) {
            skipBlanks()
            let start = position
            while position < scalars.count, scalars[position].properties.isAlphabetic { position += 1 }
            let word = String(String.UnicodeScalarView(scalars[start..<position]))
            guard let day = Weekday(key: word) else {
                if word.isEmpty, position < scalars.count {
                    throw TimeSyntaxError(.unknownDay(String(scalars[position])), at: start)
                }
                throw TimeSyntaxError(word.isEmpty ? .empty : .unknownDay(word), at: start)
            }
            skipBlanks()
            return (day, start)
        }
        func add(_ day: Weekday, at offset: Int) throws(TimeSyntaxError) {
            guard !days.contains(where: { $0.day == day }) else { throw TimeSyntaxError(.duplicateDay(day), at: offset) }
            days.append((day, offset))
        }

        while true {
            let first = try name()
            if position < scalars.count, scalars[position] == "-" {
                position += 1
                let last = try name()
                guard first.day <= last.day else {
                    throw TimeSyntaxError(.reversedDayRange(first.day, last.day), at: first.offset)
                }
                for raw in first.day.rawValue...last.day.rawValue {
                    try add(Weekday(rawValue: raw)!, at: raw == last.day.rawValue ? last.offset : first.offset)
                }
            } else {
                try add(first.day, at: first.offset)
            }
            if position >= scalars.count { return days }
            guard scalars[position] == "," else { throw TimeSyntaxError(.expectedSeparator, at: position) }
            position += 1
        }
    }
}
