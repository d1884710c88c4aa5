import AsyncHTTPClient
import CaseflowEngine
import CaseflowStore
import Foundation
import Logging
import NIOCore
import ServiceLifecycle

/// Delivers escalations (and, when asked, every event) to webhook receivers: a JSON POST with
/// the event and its id, retried with backoff until a 2xx answer. Delivery runs beside the
/// engine and never blocks or slows it; receivers dedupe by id.
public final class WebhookDispatcher: Service, Sendable {
    struct Delivery: Sendable {
        var url: URL
        var id: String
        var body: Data
    }

    let urls: [URL]
    let allEvents: Bool
    let metrics: ServerMetrics
    let logger: Logger
    private let stream: AsyncStream<Delivery>
    private let continuation: AsyncStream<Delivery>.Continuation
    let maxBackoff: Duration

    public init(urls: [URL], allEvents: Bool, metrics: ServerMetrics, logger: Logger, maxBackoff: Duration = .seconds(30)) {
        self.urls = urls
        self.allEvents = allEvents
        self.metrics = metrics
        self.logger = logger
        self.maxBackoff = maxBackoff
        (stream, continuation) = AsyncStream.makeStream(of: Delivery.self)
    }

    func enqueue(_ events: [CaseEvent], caseID: String) {
        guard !urls.isEmpty else { return }
        for event in events {
            if !allEvents {
                guard case .escalationRaised = event.kind else { continue }
            }
            let id = "\(caseID)/\(event.sequence)"
            let body = "{\"id\":\"\(id)\",\"case\":\"\(caseID)\",\"type\":\"\(event.kind.name)\",\"event\":\(EventCodec.encode(event, caseID: caseID))}"
            for url in urls { continuation.yield(Delivery(url: url, id: id, body: Data(body.utf8))) }
        }
    }

    /// A notice that is not a case event (a signed checkpoint): `{"id", "type", "<type>": payload}`.
    public func post(type: String, id: String, payload json: String) {
        let body = "{\"id\":\"\(id)\",\"type\":\"\(type)\",\"\(type)\":\(json)}"
        for url in urls { continuation.yield(Delivery(url: url, id: id, body: Data(body.utf8))) }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for await delivery in self.stream {
                    group.addTask { await self.deliver(delivery) }
                }
            }
        }
    }

    public func finish() { continuation.finish() }

    private func deliver(_ d: Delivery) async {
        var backoff = Duration.milliseconds(200)
        var attempt = 0
        while !Task.isCancelled {
            attempt += 1
            // AsyncHTTPClient: a connection pool and a deadline on every attempt.
            var request = HTTPClientRequest(url: d.url.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Caseflow-Event-Id", value: d.id)
            request.body = .bytes(ByteBuffer(bytes: d.body))
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                let status = Int(response.status.code)
                if (200..<300).contains(status) {
                    metrics.webhook(outcome: "delivered")
                    return
                }
                metrics.webhook(outcome: "failed")
                logger.warning("webhook refused", metadata: ["url": "\(d.url)", "event.id": "\(d.id)", "status": "\(status)",
                                                             "attempt": "\(attempt)"])
            } catch {
                metrics.webhook(outcome: "failed")
                logger.warning("webhook unreachable", metadata: ["url": "\(d.url)", "event.id": "\(d.id)",
                                                                 "error": "\(error)", "attempt": "\(attempt)"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, maxBackoff)
        }
    }
}
