import CaseflowModel
import CaseflowNotifications
import CaseflowStore
import Foundation
import Logging
import Prometheus
import XCTest

/// 10,000 deliveries due at once (as after a long downtime) leave the outbox with a bounded number
/// in flight, each exactly once, in order per case and receiver.
final class DispatcherFloodTests: XCTestCase {
    static let receiverScript = """
        import http.server, json, sys, threading, time
        port, log = int(sys.argv[1]), open(sys.argv[2], "a")
        lock, state = threading.Lock(), {"active": 0, "max": 0}
        class Hook(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock:
                    state["active"] += 1
                    state["max"] = max(state["max"], state["active"])
                time.sleep(0.002)
                with lock:
                    state["active"] -= 1
                    log.write(json.dumps({"path": self.path.strip("/"), "id": self.headers.get("webhook-id"),
                                          "max": state["max"]}) + "\\n")
                    log.flush()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        class Server(http.server.ThreadingHTTPServer):
            request_queue_size = 128
        Server(("127.0.0.1", port), Hook).serve_forever()
        """

    func testTenThousandDueAtOnceLeaveWithBoundedConcurrencyExactlyOnceEach() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-flood-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = Int.random(in: 20_000...60_000)
        let logFile = dir.appendingPathComponent("received.jsonl")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let receiver = Process()
        receiver.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        receiver.arguments = ["python3", "-c", Self.receiverScript, String(port), logFile.path]
        receiver.standardOutput = FileHandle.nullDevice
        receiver.standardError = FileHandle.nullDevice
        try receiver.run()
        defer { kill(receiver.processIdentifier, SIGKILL); receiver.waitUntilExit() }
        try await Task.sleep(for: .milliseconds(500))

        let store = try SQLiteStore(path: dir.appendingPathComponent("cases.sqlite").path)
        let receivers = (0..<5).map { WebhookEndpoint(name: "r\($0)", url: URL(string: "http://127.0.0.1:\(port)/r\($0)")!,
                                                      secret: nil, allEvents: false) }
        let total = 10_000, cases = 2_000
        let t0 = Instant(millis: Int64(Date().timeIntervalSince1970 * 1000))
        var batch: [NewDelivery] = []
        for i in 0..<total {
            let c = "c\(i % cases)", seq = i / cases + 1
            batch.append(NewDelivery(message: "\(c)/\(seq)", caseID: c, channel: "webhook", receiver: "r\(i % cases % 5)",
                                     payload: "{\"id\":\"\(c)/\(seq)\"}"))
        }
        try await store.enqueue(batch, at: t0)
        batch = []
        var options = DispatchOptions()
        options.poll = .milliseconds(50)
        let dispatcher = DeliveryDispatcher(store: store, planner: OutboxPlanner(endpoints: receivers, email: false, publicURL: nil),
                                            smtp: nil, options: options, logger: Logger(label: "flood"),
                                            metrics: PrometheusCollectorRegistry(), releaseOnStart: true)
        let started = Date()
        let running = Task { try await dispatcher.run() }
        let deadline = Date().addingTimeInterval(300)
        while try await store.deliveryStats().delivered < total, Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        let seconds = Date().timeIntervalSince(started)
        running.cancel()
        _ = try? await running.value
        let stats = try await store.deliveryStats()
        XCTAssertEqual(stats, DeliveryStats(pending: 0, delivered: total, failed: 0, oldestPending: nil))

        let lines = try String(contentsOf: logFile, encoding: .utf8).split(separator: "\n")
        var seen: [String: Int] = [:]
        var order: [String: [Int]] = [:]
        var maxActive = 0
        for line in lines {
            let o = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try XCTUnwrap(o["id"] as? String)
            seen[id, default: 0] += 1
            let parts = id.split(separator: "/")
            order[String(parts[0]), default: []].append(Int(parts[1]) ?? 0)
            maxActive = max(maxActive, o["max"] as? Int ?? 0)
        }
        XCTAssertEqual(seen.count, total)
        XCTAssertTrue(seen.values.allSatisfy { $0 == 1 }, "each delivered exactly once")
        XCTAssertTrue(order.values.allSatisfy { $0 == $0.sorted() }, "in order per case and receiver")
        XCTAssertLessThanOrEqual(maxActive, options.concurrency, "never more in flight than the dispatcher's limit")
        print("flood: \(total) deliveries in \(String(format: "%.1f", seconds)) s "
              + "(\(Int(Double(total) / seconds))/s), at most \(maxActive) in flight")
    }
}
