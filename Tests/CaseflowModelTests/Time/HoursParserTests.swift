import Testing
@testable import CaseflowModel

@Suite struct DayHoursParserTests {
    @Test func parsesRangesInOrder() throws {
        let ranges = try DayHoursParser.parse("09:00-12:00, 13:00-18:00")
        #expect(ranges.map(\.description) == ["09:00-12:00", "13:00-18:00"])
        #expect(ranges[0].start == 540 && ranges[0].end == 720)
    }

    @Test func acceptsUnorderedShortHoursBlanksAndMidnightEnd() throws {
        #expect(try DayHoursParser.parse("13:00-18:00,9:00 - 12:00").map(\.description)
                == ["09:00-12:00", "13:00-18:00"])
        #expect(try DayHoursParser.parse("  20:00-24:00 ").map(\.description) == ["20:00-24:00"])
        #expect(try DayHoursParser.parse("00:00-24:00") == [HourRange.wholeDay])
        #expect(try DayHoursParser.parse("09:00-12:00, 12:00-13:00").count == 2)
    }

    static let errors: [(String, TimeSyntaxError)] = [
        ("", TimeSyntaxError(.empty, at: 0)),
        ("   ", TimeSyntaxError(.empty, at: 0)),
        ("9-12", TimeSyntaxError(.expectedTime, at: 0)),
        ("09:00-12", TimeSyntaxError(.expectedTime, at: 6)),
        ("09:0-12:00", TimeSyntaxError(.expectedTime, at: 0)),
        ("09:000-12:00", TimeSyntaxError(.expectedTime, at: 0)),
        ("09:60-12:00", TimeSyntaxError(.invalidMinute, at: 3)),
        ("09:00-25:00", TimeSyntaxError(.pastMidnight, at: 6)),
        ("09:00-24:30", TimeSyntaxError(.pastMidnight, at: 6)),
        ("09:00 12:00", TimeSyntaxError(.expectedDash, at: 6)),
        ("09:00-12:00 13:00-18:00", TimeSyntaxError(.expectedSeparator, at: 12)),
        ("09:00-12:00,", TimeSyntaxError(.expectedTime, at: 12)),
        ("09:00-12:00; 13:00-14:00", TimeSyntaxError(.expectedSeparator, at: 11)),
        ("12:00-09:00", TimeSyntaxError(.startNotBeforeEnd(.init(start: 720, end: 540)), at: 0)),
        ("09:00-12:00, 14:00-14:00", TimeSyntaxError(.startNotBeforeEnd(.init(start: 840, end: 840)), at: 13)),
        ("24:00-24:00", TimeSyntaxError(.startNotBeforeEnd(.init(start: 1440, end: 1440)), at: 0)),
        ("09:00-12:00, 11:00-13:00", TimeSyntaxError(.overlapping(.init(start: 660, end: 780), .init(start: 540, end: 720)), at: 13)),
        ("08:00-18:00, 09:00-10:00", TimeSyntaxError(.overlapping(.init(start: 540, end: 600), .init(start: 480, end: 1080)), at: 13)),
        ("é09:00-10:00", TimeSyntaxError(.expectedTime, at: 0)),
        ("09:00-10:00, é", TimeSyntaxError(.expectedTime, at: 13)),
    ]

    @Test(arguments: errors)
    func reportsPreciseErrors(_ text: String, _ expected: TimeSyntaxError) {
        #expect(throws: expected) { try DayHoursParser.parse(text) }
    }

    @Test func hugeInputIsQuick() throws {
        let many = (0..<20_000).map { i in "\(i % 24):00-\(i % 24):30" }.joined(separator: ",")
        #expect(throws: TimeSyntaxError(.overlapping(.init(start: 0, end: 30), .init(start: 0, end: 30)), at: 268)) {
            try DayHoursParser.parse(many)
        }
        let fine = (0..<48).map { i in "\(i / 2):\(i % 2 == 0 ? "00" : "30")-\(i / 2):\(i % 2 == 0 ? "15" : "45")" }
        #expect(try DayHoursParser.parse(fine.reversed().joined(separator: ", ")).count == 48)
    }

    @Test func messagesNameTheProblem() {
        let error = TimeSyntaxError(.overlapping(.init(start: 660, end: 780), .init(start: 540, end: 720)), at: 13)
        #expect(error.description == "offset 13: range 11:00-13:00 overlaps 09:00-12:00")
    }
}

@Suite struct WeekdayKeyParserTests {
    @Test func parsesDaysRangesAndLists() throws {
        #expect(try WeekdayKeyParser.parse("sat") == [.saturday])
        #expect(try WeekdayKeyParser.parse("mon-fri") == [.monday, .tuesday, .wednesday, .thursday, .friday])
        #expect(try WeekdayKeyParser.parse("sat,sun") == [.saturday, .sunday])
        #expect(try WeekdayKeyParser.parse("mon-wed, fri") == [.monday, .tuesday, .wednesday, .friday])
        #expect(try WeekdayKeyParser.parse("mon-sun").count == 7)
    }

    static let errors: [(String, TimeSyntaxError)] = [
        ("", TimeSyntaxError(.empty, at: 0)),
        ("monday", TimeSyntaxError(.unknownDay("monday"), at: 0)),
        ("Mon", TimeSyntaxError(.unknownDay("Mon"), at: 0)),
        ("sat,sum", TimeSyntaxError(.unknownDay("sum"), at: 4)),
        ("mon-", TimeSyntaxError(.empty, at: 4)),
        ("mon-fri,wed", TimeSyntaxError(.duplicateDay(.wednesday), at: 8)),
        ("sat,sat", TimeSyntaxError(.duplicateDay(.saturday), at: 4)),
        ("fri-mon", TimeSyntaxError(.reversedDayRange(.friday, .monday), at: 0)),
        ("mon;tue", TimeSyntaxError(.expectedSeparator, at: 3)),
        ("mon tue", TimeSyntaxError(.expectedSeparator, at: 4)),
        ("1-5", TimeSyntaxError(.unknownDay("1"), at: 0)),
    ]

    @Test(arguments: errors)
    func reportsPreciseErrors(_ key: String, _ expected: TimeSyntaxError) {
        #expect(throws: expected) { try WeekdayKeyParser.parse(key) }
    }

    @Test func weekReportsEveryProblemAndDaysGivenTwice() {
        let (week, issues) = WeeklyHours.parse([
            (key: "mon-fri", hours: "09:00-12:00, 13:00-18:00"),
            (key: "sat", hours: "09:00-12:00"),
            (key: "fri,sun", hours: "10:00-11:00"),
            (key: "xyz", hours: "09:00-08:00"),
        ])
        #expect(issues == [
            WeeklyHours.Issue(entry: 2, part: .key, error: TimeSyntaxError(.duplicateDay(.friday), at: 0)),
            WeeklyHours.Issue(entry: 3, part: .key, error: TimeSyntaxError(.unknownDay("xyz"), at: 0)),
            WeeklyHours.Issue(entry: 3, part: .hours,
                              error: TimeSyntaxError(.startNotBeforeEnd(.init(start: 540, end: 480)), at: 0)),
        ])
        #expect(week[.friday].map(\.description) == ["09:00-12:00", "13:00-18:00"])
        #expect(week[.sunday].map(\.description) == ["10:00-11:00"])
        #expect(week.weeklyMinutes == 5 * 480 + 180 + 60)
        #expect(week.workingDayCount == 7)
    }

    @Test func dayGivenTwiceAcrossEntriesPointsAtItsName() {
        let (_, issues) = WeeklyHours.parse([
            (key: "mon-fri", hours: "09:00-17:00"),
            (key: "sun, thu", hours: "10:00-11:00"),
            (key: "sat-sun", hours: "10:00-11:00"),
        ])
        #expect(issues.map(\.error) == [TimeSyntaxError(.duplicateDay(.thursday), at: 5),
                                        TimeSyntaxError(.duplicateDay(.sunday), at: 4)])
        #expect(issues.map(\.entry) == [1, 2])
    }
}
