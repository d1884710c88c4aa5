import AsyncHTTPClient
import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Foundation
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

/// How deliveries leave the outbox.
public struct DispatchOptions: Sendable {
    /// Deliveries in flight at once, over all receivers.
    public var concurrency = 16
    /// Deliveries in flight at once to one receiver: a slow one never takes every slot.
    public var perReceiver = 4
    /// Attempts before a delivery is marked failed.
    public var maxAttempts = 12
    /// Age after which a delivery that still fails is marked failed.
    public var maxAge: Duration = .seconds(24 * 3600)
    /// The wait before the second attempt; it doubles with each attempt up to `maxBackoff`.
    public var backoff: Duration = .seconds(1)
    public var maxBackoff: Duration = .seconds(600)
    /// A webhook receiver that has not answered within this is given up on for the attempt.
    public var webhookTimeout: Duration = .seconds(10)
    /// The whole SMTP exchange of one email.
    public var smtpTimeout: Duration = .seconds(30)
    /// A claimed delivery is not claimed again (by any daemon) for this long.
    public var lease: Duration = .seconds(120)
    /// How often the outbox is looked at when nothing woke the dispatcher.
    public var poll: Duration = .milliseconds(500)

    public init() {}
}

/// Delivers from the outbox, at least once, in order per case and receiver, with backoff; gives
/// a delivery up (failed) after its limit. Several daemons on one database claim deliveries
/// without sending one twice at once. Memory stays bounded: at most `concurrency` deliveries are
/// held at a time, however many are pending.
public final class DeliveryDispatcher: Service, Sendable {
    let store: any CaseStore
    let planner: OutboxPlanner
    let smtp: SMTPClient?
    let options: DispatchOptions
    let logger: Logger
    let metrics: PrometheusCollectorRegistry
    let clock: @Sendable () -> Instant
    /// Releases the claims of a daemon that stopped (one daemon on its own database only).
    let releaseOnStart: Bool
    let wakeup = Wakeup()
    private let routes = Mutex<[String: RouteState]>([:])
    private let inFlight = Mutex(0)

    struct RouteState {
        var inFlight = 0
        var pausedUntil: Instant?
    }

    public init(store: any CaseStore, planner: OutboxPlanner, smtp: SMTPClient?, options: DispatchOptions, logger: Logger,
                metrics: PrometheusCollectorRegistry, releaseOnStart: Bool,
                clock: @escaping @Sendable () -> Instant = { WallClock.now() }) {
        self.store = store
        self.planner = planner
        self.smtp = smtp
        self.options = options
        self.logger = logger
        self.metrics = metrics
        self.releaseOnStart = releaseOnStart
        self.clock = clock
    }

    public func wake() { wakeup.signal() }

    public func run() async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: .nanoseconds(Int64(options.webhookTimeout.components.seconds) * 1_000_000_000
                                                                    + options.webhookTimeout.components.attoseconds / 1_000_000_000)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.perReceiver)))
        if releaseOnStart {
            do {
                let released = try await store.releaseDeliveryClaims(at: clock())
                if released > 0 { logger.info("deliveries claimed before the restart go again now", metadata: ["deliveries": "\(released)"]) }
            } catch {
                logger.error("could not release earlier claims", metadata: ["error": "\(error)"])
            }
        }
        await reportStats(force: true)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                var lastStats = self.clock()
                while !Task.isCancelled {
                    let claimed = await self.claim()
                    for d in claimed {
                        group.addTask { await self.attempt(d, http: http) }
                    }
                    let now = self.clock()
                    if now.millis - lastStats.millis >= 2000 {
                        lastStats = now
                        await self.reportStats(force: false)
                    }
                    if claimed.isEmpty { await self.wakeup.wait(upTo: self.options.poll) }
                }
            }
        }
        await reportStats(force: true)
        try? await http.shutdown()
    }

    /// Claims as many due deliveries as there are free slots, skipping receivers that are busy or
    /// paused after a failure.
    private func claim() async -> [Delivery] {
        let free = options.concurrency - inFlight.withLock { $0 }
        guard free > 0 else { return [] }
        let now = clock()
        let skipping = routes.withLock { r in
            Set(r.filter { $0.value.inFlight >= options.perReceiver || ($0.value.pausedUntil.map { $0 > now } ?? false) }.keys)
        }
        do {
            let lease = Instant(millis: now.millis + options.lease.millis)
            let claimed = try await store.claimDeliveries(dueBy: now, limit: free, perRoute: options.perReceiver, leaseUntil: lease,
                                                          skipping: skipping)
            // A receiver's limit holds within one claim too: the rest go back at once.
            var taken: [Delivery] = []
            var counts = routes.withLock { $0.mapValues(\.inFlight) }
            for d in claimed {
                if counts[d.route, default: 0] >= options.perReceiver {
                    try await store.settleDelivery(id: d.id, .released(at: now), at: now)
                    continue
                }
                counts[d.route, default: 0] += 1
                taken.append(d)
            }
            routes.withLock { r in for d in taken { r[d.route, default: RouteState()].inFlight += 1 } }
            inFlight.withLock { $0 += taken.count }
            return taken
        } catch {
            logger.error("outbox unavailable", metadata: ["error": "\(error)"])
            return []
        }
    }

    private func attempt(_ d: Delivery, http: HTTPClient) async {
        let outcome = await send(d, http: http)
        let now = clock()
        let result: DeliveryResult
        switch outcome {
        case .success:
            result = .delivered
        case .failure(let error) where error.permanent:
            result = .failed(error: error.message)
        case .failure(let error):
            let age = now.millis - d.createdAt.millis
            if d.attempts >= options.maxAttempts {
                result = .failed(error: "gave up after \(d.attempts) attempts: \(error.message)")
            } else if age >= options.maxAge.millis {
                result = .failed(error: "gave up after \(age / 1000)s: \(error.message)")
            } else {
                result = .retry(at: Instant(millis: now.millis + backoff(after: d.attempts)), error: error.message)
            }
        }
        do {
            try await store.settleDelivery(id: d.id, result, at: now)
        } catch {
            logger.error("delivery outcome not recorded; it will be sent again", metadata: ["delivery": "\(d.id)", "error": "\(error)"])
        }
        let outcomeName: String
        switch result {
        case .delivered: outcomeName = "delivered"
        case .retry(let at, let message):
            outcomeName = "retry"
            logger.warning("delivery failed; trying again", metadata: [
                "delivery": "\(d.id)", "message": "\(d.message)", "receiver": "\(d.route)", "attempt": "\(d.attempts)",
                "next": "\(at)", "error": "\(message)"])
        case .failed(let message):
            outcomeName = "failed"
            logger.error("delivery failed for good", metadata: [
                "delivery": "\(d.id)", "message": "\(d.message)", "receiver": "\(d.route)", "attempts": "\(d.attempts)",
                "error": "\(message)"])
        case .released: outcomeName = "released"
        }
        metrics.makeCounter(name: "caseflow_deliveries_total", labels: [("channel", d.channel), ("outcome", outcomeName)]).increment()
        routes.withLock { r in
            var s = r[d.route, default: RouteState()]
            s.inFlight -= 1
            if case .retry = result {
                s.pausedUntil = Instant(millis: now.millis + min(backoff(after: d.attempts), 30_000))
            } else if case .delivered = result {
                s.pausedUntil = nil
            }
            if s.inFlight == 0 && s.pausedUntil == nil { r[d.route] = nil } else { r[d.route] = s }
        }
        inFlight.withLock { $0 -= 1 }
        wakeup.signal()
    }

    func backoff(after attempts: Int) -> Int64 {
        let base = max(1, options.backoff.millis)
        let shift = min(max(0, attempts - 1), 30)
        return min(base << Int64(shift), max(base, options.maxBackoff.millis))
    }

    struct SendFailure: Error {
        var message: String
        var permanent = false
    }

    /// A network error in words: the system's text for an I/O error ("connection refused"), not
    /// NIO's debugging description ("connection reset (error set): Connection refused (errno: 111)").
    static func reason(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        return "\(error)"
    }

    private func send(_ d: Delivery, http: HTTPClient) async -> Result<Void, SendFailure> {
        switch d.channel {
        case "webhook":
            guard let endpoint = planner.endpoints.first(where: { $0.name == d.receiver }) else {
                return .failure(SendFailure(message: "receiver \(d.receiver) is no longer configured", permanent: true))
            }
            return await post(d, to: endpoint, http: http)
        case "email":
            guard let smtp else { return .failure(SendFailure(message: "no SMTP server is configured (--smtp)", permanent: true)) }
            guard let mail = EmailText.decode(d.payload) else {
                return .failure(SendFailure(message: "the stored email cannot be read", permanent: true))
            }
            let id = (d.message + "." + d.receiver).map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "." }
            do {
                try await smtp.send(EmailMessage(to: [mail.to], subject: mail.subject, text: mail.text, html: mail.html,
                                                 messageID: String(id)), timeout: options.smtpTimeout)
                return .success(())
            } catch let e as SMTPError {
                return .failure(SendFailure(message: e.description, permanent: e.isPermanent))
            } catch {
                return .failure(SendFailure(message: Self.reason(error)))
            }
        default:
            return .failure(SendFailure(message: "unknown channel \(d.channel)", permanent: true))
        }
    }

    private func post(_ d: Delivery, to endpoint: WebhookEndpoint, http: HTTPClient) async -> Result<Void, SendFailure> {
        let body = Array(d.payload.utf8)
        let timestamp = clock().millis / 1000
        var request = HTTPClientRequest(url: endpoint.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "caseflow")
        for (name, value) in WebhookSignature.headers(id: d.message, timestamp: timestamp, body: body, secret: endpoint.secret) {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await http.execute(request, timeout: .seconds(Int64(options.webhookTimeout.components.seconds) + 1))
            let answer = (try? await response.body.collect(upTo: 64 * 1024)).map { String(buffer: $0) } ?? ""
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return .success(()) }
            let excerpt = answer.prefix(200).replacingOccurrences(of: "\n", with: " ")
            // 410 Gone: the receiver asks not to be sent this again.
            return .failure(SendFailure(message: "HTTP \(status)\(excerpt.isEmpty ? "" : ": \(excerpt)")", permanent: status == 410))
        } catch {
            return .failure(SendFailure(message: "\(endpoint.url.host ?? "receiver") unreachable: \(Self.reason(error))"))
        }
    }

    /// Pending, delivered and failed counts and the age of the oldest pending delivery, as gauges.
    private func reportStats(force: Bool) async {
        guard let stats = try? await store.deliveryStats() else { return }
        metrics.makeGauge(name: "caseflow_deliveries_pending", help: "Deliveries waiting in the outbox").set(to: Double(stats.pending))
        metrics.makeGauge(name: "caseflow_deliveries_delivered", help: "Deliveries delivered").set(to: Double(stats.delivered))
        metrics.makeGauge(name: "caseflow_deliveries_failed", help: "Deliveries given up on").set(to: Double(stats.failed))
        let age = stats.oldestPending.map { Double(max(0, clock().millis - $0.millis)) / 1000 } ?? 0
        metrics.makeGauge(name: "caseflow_deliveries_oldest_pending_seconds", help: "Age of the oldest pending delivery").set(to: age)
    }
}

extension Duration {
    var millis: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
