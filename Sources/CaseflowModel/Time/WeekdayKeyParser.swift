/// Parses a key of a calendar's `hours:` map: one day (`sat`), a range (`mon-fri`),
/// or a list of either (`sat,sun`, `mon-wed, fri`). Names are lower case. A range runs
/// forwards from Monday towards Sunday (`fri-mon` is an error); a day named twice is an error.
public enum WeekdayKeyParser {
    public static func parse(_ key: String) throws(TimeSyntaxError) -> [Weekday] {
        let scalars = Array(key.unicodeScalars)
        var position = 0
        var days: [Weekday] = []

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
            guard !days.contains(day) else { throw TimeSyntaxError(.duplicateDay(day), at: offset) }
            days.append(day)
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
                    try add(Weekday(rawValue: raw)!, at: raw == first.day.rawValue ? first.offset : last.offset)
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
