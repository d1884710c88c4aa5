import CaseflowTestSupport
import Foundation
import Testing

/// Clients that trickle a request a byte at a time are never idle; the daemon closes them once
/// the request head has taken too long, and keeps serving everyone else.
@Suite(.serialized) struct SlowClientTests {
    static let script = """
        import socket, sys, time
        port, n = int(sys.argv[1]), int(sys.argv[2])
        request = b"GET /v1/workflows HTTP/1.1\\r\\nHost: x\\r\\n" + b"X-Slow: " + b"a" * 200
        socks = []
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", port)); s.settimeout(0.05); socks.append(s)
        start, closed, sent = time.time(), {}, 0
        while len(closed) < n and time.time() - start < 12:
            for i, s in enumerate(socks):
                if i in closed: continue
                try:
                    s.send(request[sent % len(request):sent % len(request) + 1])
                    if s.recv(1) == b"": closed[i] = time.time() - start
                except socket.timeout:
                    pass
                except OSError:
                    closed[i] = time.time() - start
            sent += 1
            time.sleep(0.2)
        print(len(closed), max(closed.values()) if closed else -1)
        """

    @Test func tricklingConnectionsAreClosedAfterTheHeadTimeout() async throws {
        let site = try DaemonSite()
        let daemon = try site.start(extra: ["--request-head-timeout", "2"])
        try await daemon.waitReady()
        let r = try CLIProcess.runTool("/usr/bin/env", ["python3", "-c", Self.script, String(daemon.port), "50"])
        let parts = r.stdout.split(separator: " ")
        #expect(parts.first == "50", "every trickling connection closed: \(r.stdout) \(r.stderr)")
        #expect((Double(parts.last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 99) < 8)
        let ok = try await daemon.request("GET", "/v1/workflows", as: "ann")
        #expect(ok.status == 200, "a well-behaved client is still served")
        daemon.stop()
    }
}
