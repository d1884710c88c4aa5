import CaseflowEngine
import CaseflowModel

/// How long a person takes at a stage, as the durations file gives it. Lengths are
/// milliseconds of working time (business) or of elapsed time.
struct StageDuration: Sendable, Equatable {
    enum Distribution: Sendable, Equatable {
        case fixed(Double)
        case uniform(min: Double, max: Double)
        /// `median` and `p90` fix μ and σ of the logarithm.
        case lognormal(median: Double, p90: Double)
        case exponential(mean: Double)
    }

    var distribution: Distribution
    /// Measured in the calendar's working time (`business` units) or elapsed time.
    var business: Bool

    /// z of the 90th percentile of the standard normal.
    static let z90 = 1.2815515655446004

    func sample(_ rng: inout SplitMix64) -> Int64 {
        let ms: Double
        switch distribution {
        case .fixed(let v): ms = v
        case .uniform(let lo, let hi): ms = lo + (hi - lo) * rng.unit()
        case .lognormal(let median, let p90):
            let sigma = p90 > median ? log(p90 / median) / Self.z90 : 0
            ms = median * exp(sigma * rng.normal())
        case .exponential(let mean): ms = rng.exponential(mean: mean)
        }
        // At most about ten years: a longer stay is past every calendar's search horizon anyway.
        return Int64(min(max(0, ms), 3_660 * 86_400_000).rounded())
    }

    /// The default for a stage the file does not name: median half its SLA target, p90 the
    /// whole target (about one visit in ten breaches); 1 business day median, 3 at p90 without an SLA.
    static func defaultFor(_ stage: CompiledStage, dayMillis: Int64) -> StageDuration {
        guard let target = stage.sla?.targets.last?.due else {
            return StageDuration(distribution: .lognormal(median: Double(dayMillis), p90: Double(3 * dayMillis)), business: true)
        }
        let (ms, business) = millis(target, dayMillis: dayMillis)
        return StageDuration(distribution: .lognormal(median: Double(ms) / 2, p90: Double(ms)), business: business)
    }

    /// A duration spec as milliseconds: business days count `dayMillis` of working time each.
    static func millis(_ spec: DurationSpec, dayMillis: Int64) -> (Int64, business: Bool) {
        switch spec {
        case .elapsed(let ms): return (ms, false)
        case .businessTime(let ms): return (ms, true)
        case .businessDays(let n): return (Int64(n) * dayMillis, true)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
