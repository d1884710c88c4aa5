import Testing
@testable import CaseflowModel

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
}
