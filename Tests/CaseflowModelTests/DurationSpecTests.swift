import Testing
@testable import CaseflowModel
import CaseflowRules

@Suite struct DurationSpecTests {
    @Test(arguments: [
        ("45m", DurationSpec.elapsed(millis: 2_700_000)),
        ("4h", .elapsed(millis: 14_400_000)),
        ("2d", .elapsed(millis: 172_800_000)),
        ("1w", .elapsed(millis: 604_800_000)),
        ("1d 4h", .elapsed(millis: 100_800_000)),
        ("1h30m", .elapsed(millis: 5_400_000)),
        ("P2DT4H", .elapsed(millis: 187_200_000)),
        ("PT45M", .elapsed(millis: 2_700_000)),
        ("P1W", .elapsed(millis: 604_800_000)),
        ("4 business hours", .businessTime(millis: 14_400_000)),
        ("1 business hour", .businessTime(millis: 3_600_000)),
        ("30 business minutes", .businessTime(millis: 1_800_000)),
        ("5 business days", .businessDays(5)),
        ("1 business day", .businessDays(1)),
    ])
    func parsesEveryForm(text: String, expected: DurationSpec) {
        #expect(DurationSpec.parse(text) == expected)
    }

    @Test(arguments: ["", "5", "5 days", "P1M", "P1Y", "2.5 business days", "business days", "1x", "PT", "-1h"])
    func refusesWhatIsNotADuration(text: String) {
        #expect(DurationSpec.parse(text) == nil)
    }

    @Test func printsReadably() {
        #expect(DurationSpec.elapsed(millis: 100_800_000).description == "1d 4h")
        #expect(DurationSpec.businessDays(1).description == "1 business day")
        #expect(DurationSpec.businessTime(millis: 7_200_000).description == "2 business hours")
    }

    @Test func timestampsParseWithTheirOffset() {
        #expect(RFC3339.parse("2026-03-02T09:00:00+08:00") == Instant(seconds: 1_772_413_200))
        #expect(RFC3339.parse("2026-03-02T01:00:00Z") == Instant(seconds: 1_772_413_200))
        #expect(RFC3339.parse("2026-03-02T01:00:00.250Z") == Instant(millis: 1_772_413_200_250))
        #expect(RFC3339.parse("2026-03-02 09:00") == nil)
    }

    /// Any number of fractional digits, as RFC 3339 allows: fewer than three are scaled up, the
    /// ones past the millisecond dropped (four or more used to trap).
    @Test func timestampsTakeAnyFractionOfASecond() {
        let second: Int64 = 1_772_413_200_000
        #expect(RFC3339.parse("2026-03-02T01:00:00.2Z") == Instant(millis: second + 200))
        #expect(RFC3339.parse("2026-03-02T01:00:00.25Z") == Instant(millis: second + 250))
        #expect(RFC3339.parse("2026-03-02T01:00:00.1234Z") == Instant(millis: second + 123))
        #expect(RFC3339.parse("2026-03-02T09:00:00.123456+08:00") == Instant(millis: second + 123))
        #expect(RFC3339.parse("2026-03-02T01:00:00.999999999999Z") == Instant(millis: second + 999))
        #expect(RFC3339.parse("2026-03-02T01:00:00.Z") == nil)
    }

    /// A number field holds finite numbers only (a console form could send "inf", "nan" or 1e999).
    @Test func numbersAreFinite() {
        let values = ValueDecoder(zone: .utc)
        for (d, word) in [(Double.nan, "NaN"), (.infinity, "infinity"), (-.infinity, "-infinity")] {
            guard case .failure(let p) = values.check(.double(d), .number) else {
                Issue.record("\(d) was accepted")
                continue
            }
            #expect(p.message == "expected a finite number, found \(word)")
        }
        guard case .success(.double(1.5)) = values.check(.double(1.5), .number) else {
            Issue.record("1.5 was refused")
            return
        }
    }

    /// A typed list or map holds values of its type: a null inside is refused, naming where.
    @Test func listsAndMapsHoldNoNull() {
        let values = ValueDecoder(zone: .utc)
        guard case .failure(let list) = values.check(.list([.string("a"), .null]), .list(.string)) else {
            Issue.record("a null item was accepted")
            return
        }
        #expect(list.message == "a list<string> holds no null (item 2 is null)")
        guard case .failure(let map) = values.check(.map(MapValue([(.string("p-1"), .null)])), .map(.int)) else {
            Issue.record("a null map value was accepted")
            return
        }
        #expect(map.message == "a map<int> holds no null (\"p-1\" is null)")
        guard case .success = values.check(.list([.string("a")]), .list(.string)) else {
            Issue.record("a list of text was refused")
            return
        }
    }

    /// A timestamp or date past what a timestamp holds is refused, never turned into null.
    @Test func outOfRangeTimestampsAreRefusedNotNull() {
        let values = ValueDecoder(zone: .utc)
        for text in ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"] {
            guard case .failure(let p) = values.check(.string(text), .timestamp) else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(p.message == "the timestamp \(text) is out of range: timestamps run from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z")
        }
        guard case .failure(let p) = values.check(.string("0000-01-01"), .date) else {
            Issue.record("year 0 was accepted")
            return
        }
        #expect(p.message.hasPrefix("the date 0000-01-01 is out of range"))
        guard case .success(let edge) = values.check(.string("9999-12-31T23:59:59Z"), .timestamp) else {
            Issue.record("the last second was refused")
            return
        }
        #expect(!edge.isNull)
    }
}
