/// `--arrivals`: new cases per working day, hour or week (`20/day`, `3/h`, `100/week`).
/// Arrivals are spread over the calendar's working time as a Poisson process.
struct ArrivalRate: Sendable, Equatable, CustomStringConvertible {
    var count: Double
    var unit: Unit

    enum Unit: String, Sendable {
        case hour, day, week
    }

    var description: String {
        let n = count == count.rounded() ? String(Int(count)) : String(count)
        return "\(n)/\(unit.rawValue)"
    }

    static func parse(_ text: String) -> ArrivalRate? {
        let parts = text.lowercased().split(separator: "/", omittingEmptySubsequences: false)
        // From one in a thousand units to a million per unit: beyond those the gaps between
        // arrivals are no longer times a calendar can hold.
        guard parts.count == 2, let n = Double(parts[0].trimmingCharacters(in: " ")), n >= 0.001, n <= 1_000_000 else { return nil }
        switch parts[1].trimmingCharacters(in: " ") {
        case "h", "hr", "hour": return ArrivalRate(count: n, unit: .hour)
        case "d", "day", "business day": return ArrivalRate(count: n, unit: .day)
        case "w", "wk", "week": return ArrivalRate(count: n, unit: .week)
        default: return nil
        }
    }

    /// Mean working milliseconds between two arrivals; a working week is five working days.
    func meanGap(dayMillis: Int64) -> Double {
        let per: Double
        switch unit {
        case .hour: per = 3_600_000
        case .day: per = Double(dayMillis)
        case .week: per = Double(dayMillis) * 5
        }
        return per / count
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
