import CaseflowReports
import Foundation

/// What one scenario measured: named figures, latency percentiles and peak memory.
struct BenchResult: Codable, Sendable {
    struct Figure: Codable, Sendable {
        var name: String
        var value: Double
        var unit: String
        /// The quality.md target this figure answers, when there is one (text only).
        var target: String?
    }

    struct Latency: Codable, Sendable {
        /// What one sample is (a command, a commit, a batch of evaluations …).
        var of: String
        var samples: Int
        var p50Micros: Double
        var p90Micros: Double
        var p99Micros: Double
        var maxMicros: Double
    }

    var scenario: String
    var seconds: Double
    var figures: [Figure] = []
    var latency: Latency?
    /// VmHWM of this process (and of the daemon child, where there is one), in bytes.
    var peakMemoryBytes: Int
    var notes: [String] = []

    init(scenario: String, seconds: Double, peakMemoryBytes: Int = BenchSystem.peakRSS()) {
        self.scenario = scenario
        self.seconds = seconds
        self.peakMemoryBytes = peakMemoryBytes
    }

    mutating func add(_ name: String, _ value: Double, _ unit: String, target: String? = nil) {
        figures.append(Figure(name: name, value: value, unit: unit, target: target))
    }

    var text: String {
        var lines = ["\(scenario)  (\(Self.format(seconds)) s)"]
        for f in figures {
            var line = "  \(f.name.padding(toLength: 38, withPad: " ", startingAt: 0)) \(Self.format(f.value)) \(f.unit)"
            if let t = f.target { line += "   [target \(t)]" }
            lines.append(line)
        }
        if let l = latency {
            lines.append("  latency per \(l.of) (\(l.samples) samples): p50 \(Self.micros(l.p50Micros))  p90 \(Self.micros(l.p90Micros))"
                         + "  p99 \(Self.micros(l.p99Micros))  max \(Self.micros(l.maxMicros))")
        }
        lines.append("  peak memory (VmHWM)                \(Self.format(Double(peakMemoryBytes) / 1_048_576)) MiB")
        for n in notes { lines.append("  note: \(n)") }
        return lines.joined(separator: "\n")
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return Numbers.grouped(Int64(v)) }
        if abs(v) >= 100 { return Numbers.grouped(Int64(v.rounded())) }
        return String(format: abs(v) >= 1 ? "%.2f" : "%.3f", v)
    }

    static func micros(_ us: Double) -> String {
        if us >= 1000 { return String(format: "%.2f ms", us / 1000) }
        if us >= 10 { return String(format: "%.1f µs", us) }
        return String(format: "%.3f µs", us)
    }
}

/// Latency samples in nanoseconds, summarised as percentiles.
struct LatencyRecorder: Sendable {
    var samples: [UInt64] = []

    init(capacity: Int = 1 << 16) { samples.reserveCapacity(capacity) }

    mutating func record(_ nanos: UInt64) { samples.append(nanos) }
    mutating func merge(_ other: LatencyRecorder) { samples.append(contentsOf: other.samples) }

    func summary(of what: String, scale: Double = 1) -> BenchResult.Latency? {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        func at(_ q: Double) -> Double {
            let i = min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1)
            return Double(sorted[max(0, i)]) / 1000 * scale
        }
        return BenchResult.Latency(of: what, samples: sorted.count, p50Micros: at(0.50), p90Micros: at(0.90),
                                   p99Micros: at(0.99), maxMicros: Double(sorted.last!) / 1000 * scale)
    }
}
