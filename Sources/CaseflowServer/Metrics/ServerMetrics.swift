import CaseflowEngine
import Prometheus

/// The daemon's Prometheus metrics, served at `/metrics`.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let lateness: ValueHistogram

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        lateness = registry.makeValueHistogram(
            name: "caseflow_timer_lateness_seconds", buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30, 300, 3600, 86400],
            help: "How late timers fired after their due instant")
    }

    func request(route: String, method: String, status: Int) {
        registry.makeCounter(name: "caseflow_http_requests_total",
                             labels: [("route", route), ("method", method), ("status", String(status))]).increment()
    }

    func command(_ name: String, outcome: String) {
        registry.makeCounter(name: "caseflow_commands_total", labels: [("command", name), ("outcome", outcome)]).increment()
    }

    /// Writes per transaction over the latest commits.
    func commitBatches(_ sizes: [Int]) {
        guard !sizes.isEmpty else { return }
        registry.makeGauge(name: "caseflow_commit_batch_size_avg", help: "Writes per transaction, latest commits")
            .set(to: Double(sizes.reduce(0, +)) / Double(sizes.count))
        registry.makeGauge(name: "caseflow_commit_batch_size_max", help: "Largest batch among the latest commits")
            .set(to: Double(sizes.max() ?? 0))
    }

    /// A case whose stored snapshot is not what its history says: it is not acted on.
    func integrityFailure() {
        registry.makeCounter(name: "caseflow_integrity_failures_total",
                             help: "Cases refused because their snapshot does not match their replayed history").increment()
    }

    /// Cases open by stage, escalations raised and timer lateness, from committed events.
    /// `stage` is where the case was before them (nil for a new case).
    func events(_ events: [CaseEvent], workflow: String, stage: String?) {
        var current = stage
        for event in events {
            switch event.kind {
            case .stageEntered(let entered, _, _):
                current = entered
                openCases(workflow, entered).increment()
            case .stageCompleted(let left, let late):
                openCases(workflow, left).decrement()
                if let late { lateness.record(Double(late) / 1000) }  // a wait stage's timer
            case .caseClosed, .caseCancelled:
                if let current { openCases(workflow, current).decrement() }
            case .escalationRaised(let record):
                registry.makeCounter(name: "caseflow_escalations_raised_total",
                                     labels: [("workflow", workflow), ("level", String(record.level))]).increment()
                lateness.record(Double(record.lateMillis) / 1000)
            case .slaWarned(_, let late), .slaBreached(_, let late):
                lateness.record(Double(late) / 1000)
            default:
                break
            }
        }
    }

    /// Counts a case already open when the daemon starts.
    func countOpen(workflow: String, stage: String, count: Int) { openCases(workflow, stage).increment(by: Double(count)) }

    private func openCases(_ workflow: String, _ stage: String) -> Gauge {
        registry.makeGauge(name: "caseflow_cases_open", labels: [("workflow", workflow), ("stage", stage)])
    }

    public func render() -> String { registry.emitToString() }
}
