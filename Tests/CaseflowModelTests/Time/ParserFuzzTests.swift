import Testing
@testable import CaseflowModel

/// Random text never traps the parsers; every error points inside the text.
@Suite struct ParserFuzzTests {
    static func randomText(_ rng: inout SplitMix64, alphabet: [Character]) -> String {
        String((0..<Int(rng.below(24))).map { _ in alphabet[Int(rng.below(Int64(alphabet.count)))] })
    }

    @Test func hoursParserAnswersEveryText() {
        var rng = SplitMix64(seed: 2026)
        let alphabet = Array("0123456789::--,, 2410é\t")
        for _ in 0..<20_000 {
            let text = Self.randomText(&rng, alphabet: alphabet)
            do {
                let ranges = try DayHoursParser.parse(text)
                #expect(!ranges.isEmpty)
                for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.end <= b.start, "\(text)") }
            } catch {
                #expect(error.offset >= 0 && error.offset <= text.unicodeScalars.count, "\(text)")
            }
        }
    }

    @Test func weekdayKeyParserAnswersEveryKey() {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("montuewdhfrisa-, ,-x")
        for _ in 0..<20_000 {
            let key = Self.randomText(&rng, alphabet: alphabet)
            do {
                let days = try WeekdayKeyParser.parse(key)
                #expect(Set(days).count == days.count)
            } catch {
                #expect(error.offset >= 0 && error.offset <= key.unicodeScalars.count, "\(key)")
            }
        }
    }
}
