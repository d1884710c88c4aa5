import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's `chromedriver` as a child process on a loopback port, for browser tests.
/// `Process` is not Sendable; it is only asked whether it still runs, and waited for once in `stop()`;
/// the mutable state is behind `lock`.
public final class ChromeDriver: @unchecked Sendable {
    public static let installHint = "browser tests need Chromium and its WebDriver: apt-get install chromium chromium-driver"

    public static var driverPath: String? { executable(["chromedriver"], fallback: ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]) }
    public static var browserPath: String? { executable(["chromium", "chromium-browser"], fallback: ["/usr/bin/chromium"]) }
    public static var isAvailable: Bool { driverPath != nil && browserPath != nil }

    public let port: Int
    private let process: Process
    private let browserPath: String
    private let logFile: URL
    private let connection: WebDriverConnection
    private let lock = NSLock()
    private var stopped = false
    private var profiles: [String] = []

    private init(process: Process, port: Int, browserPath: String, logFile: URL) {
        self.process = process
        self.port = port
        self.browserPath = browserPath
        self.logFile = logFile
        connection = WebDriverConnection(port: port)
    }

    deinit { stop() }

    /// Starts chromedriver and waits until `GET /status` says it is ready.
    public static func start(timeout: Duration = .seconds(20)) async throws -> ChromeDriver {
        guard let driverPath, let browserPath else { throw ChromeDriverError(message: installHint) }
        var attempt = 0
        while true {
            attempt += 1
            let port = LoopbackPort.free()
            let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-chromedriver-\(port).log")
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            let log = try FileHandle(forWritingTo: logFile)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: driverPath)
            process.arguments = ["--port=\(port)"]
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try? log.close()
            let driver = ChromeDriver(process: process, port: port, browserPath: browserPath, logFile: logFile)
            do {
                try await driver.waitUntilReady(timeout: timeout)
                return driver
            } catch let error as ChromeDriverError where error.exited && attempt < 3 {
                driver.stop()   // most likely another process took the port first
            } catch {
                driver.stop()
                throw error
            }
        }
    }

    private func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw ChromeDriverError(message: "chromedriver on port \(port) ended before it was ready:\n\(logTail())", exited: true)
            }
            if let status = try? await connection.send("GET", "/status"), status["ready"]?.bool == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ChromeDriverError(message: "chromedriver on port \(port) was not ready after \(timeout):\n\(logTail())")
    }

    /// A new headless Chromium window.
    public func session(_ options: BrowserOptions = BrowserOptions()) async throws -> BrowserSession {
        let answer = try await connection.send("POST", "/session", options.capabilities(binary: browserPath))
        guard let id = answer["sessionId"]?.string else {
            throw WebDriverError(code: "invalid response", message: "no session id in \(answer)", command: "POST /session")
        }
        if let profile = answer["capabilities"]?["chrome"]?["userDataDir"]?.string {
            lock.withLock { profiles.append(profile) }
        }
        return BrowserSession(id: id, connection: connection)
    }

    /// Starts chromedriver, opens one window, runs `body`, and ends both however `body` ends.
    public static func withSession<T>(_ options: BrowserOptions = BrowserOptions(),
                                      _ body: (BrowserSession) async throws -> T) async throws -> T {
        let driver = try await start()
        defer { driver.stop() }
        let session = try await driver.session(options)
        do {
            let result = try await body(session)
            try? await session.close()
            return result
        } catch {
            try? await session.close()
            throw error
        }
    }

    /// Ends chromedriver and the browsers it started, and removes their profiles. SIGKILL, because
    /// children spawned from a test's thread inherit its signal mask, in which SIGTERM is blocked.
    public func stop() {
        let profiles: [String]? = lock.withLock {
            if stopped { return nil }
            stopped = true
            return self.profiles
        }
        guard let profiles else { return }
        let pid = process.processIdentifier
        if process.isRunning {
            quitOpenSessions()
            let tree = ProcessTree.descendants(of: pid)
            kill(pid, SIGKILL)
            for child in tree { kill(child, SIGKILL) }
            process.waitUntilExit()
        }
        for profile in profiles { try? FileManager.default.removeItem(atPath: profile) }
        try? FileManager.default.removeItem(at: logFile)
    }

    /// Sessions a test left open (it failed before `close()`): quit, Chromium removes its temporary files.
    private func quitOpenSessions() {
        guard let listing = try? LoopbackHTTP.exchange(port: port, method: "GET", path: "/sessions", body: nil, timeoutSeconds: 5),
              let sessions = (try? JSONDecoder().decode(WebDriverJSON.self, from: listing.body))?["value"]?.array else { return }
        for id in sessions.compactMap({ $0["id"]?.string }) {
            _ = try? LoopbackHTTP.exchange(port: port, method: "DELETE", path: "/session/\(id)", body: nil, timeoutSeconds: 10)
        }
    }

    private func logTail() -> String {
        String(((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").suffix(2000))
    }

    private static func executable(_ names: [String], fallback: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = names.flatMap { name in path.split(separator: ":").map { "\($0)/\(name)" } } + fallback
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

public struct ChromeDriverError: Error, Sendable, CustomStringConvertible, LocalizedError {
    public var message: String
    /// chromedriver ended on its own (typically: the port was taken).
    var exited = false

    public var description: String { message }
    public var errorDescription: String? { message }
}

/// How the browser of a session looks: its viewport and language.
public struct BrowserOptions: Sendable {
    public enum Viewport: Sendable {
        /// A desktop window of this size.
        case window(width: Int, height: Int)
        /// A phone: Chromium's mobile emulation (touch, `<meta name=viewport>` honoured, this pixel ratio).
        case mobile(width: Int, height: Int, pixelRatio: Double)

        public static let desktop = Viewport.window(width: 1280, height: 1000)
        public static let phone = Viewport.mobile(width: 390, height: 844, pixelRatio: 3)
    }

    public var viewport: Viewport
    /// Both `navigator.language` and the `Accept-Language` the pages get (`en-US`, `zh-CN`).
    public var language: String
    public var extraArguments: [String]

    public init(viewport: Viewport = .desktop, language: String = "en-US", extraArguments: [String] = []) {
        self.viewport = viewport
        self.language = language
        self.extraArguments = extraArguments
    }

    public static let phone = BrowserOptions(viewport: .phone)

    func capabilities(binary: String) -> WebDriverJSON {
        let (width, height): (Int, Int)
        var chrome: [String: WebDriverJSON] = ["binary": .string(binary)]
        switch viewport {
        case .window(let w, let h):
            (width, height) = (w, h)
        case .mobile(let w, let h, let ratio):
            (width, height) = (w, h)
            chrome["mobileEmulation"] = ["deviceMetrics": ["width": .number(Double(w)), "height": .number(Double(h)),
                                                           "pixelRatio": .number(ratio), "touch": true, "mobile": true]]
        }
        let arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=\(width),\(height)", "--lang=\(language)"] + extraArguments
        chrome["args"] = .array(arguments.map(WebDriverJSON.string))
        // Headless Chromium ignores --lang for the Accept-Language header; the preference sets it.
        let base = language.split(separator: "-").first.map(String.init) ?? language
        chrome["prefs"] = ["intl.accept_languages": .string(base == language ? language : "\(language),\(base)")]
        return ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": .object(chrome)]]]
    }
}

/// A port on 127.0.0.1 that nothing listens on at the moment of asking.
public enum LoopbackPort {
    public static func free() -> Int {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = close(s) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// The processes below one process, read from /proc (empty where there is no /proc).
enum ProcessTree {
    static func descendants(of root: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var children: [pid_t: [pid_t]] = [:]
        for entry in entries {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // "pid (command) state ppid …": the command may itself hold spaces and parentheses.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { children[parent, default: []].append(pid) }
        }
        var found: [pid_t] = [], queue = [root]
        while let next = queue.popLast() {
            let below = children[next] ?? []
            found += below
            queue += below
        }
        return found
    }
}

/// HTTP/1.1 to a server on 127.0.0.1, one connection per request, the blocking socket on a thread
/// of its own so that no thread of Swift's concurrency pool waits on the browser.
enum LoopbackHTTP {
    struct Response: Sendable {
        var status: Int
        var body: Data
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func send(port: Int, method: String, path: String, body: Data?, timeoutSeconds: Int = 120) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try exchange(port: port, method: method, path: path, body: body, timeoutSeconds: timeoutSeconds)
                })
            }
        }
    }

    static func exchange(port: Int, method: String, path: String, body: Data?, timeoutSeconds: Int) throws -> Response {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { _ = close(s) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)") }

        let payload = body ?? Data()
        var request = Data(("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            + "Accept: application/json\r\nContent-Length: \(payload.count)\r\n").utf8)
        if body != nil { request += Data("Content-Type: application/json; charset=utf-8\r\n".utf8) }
        request += Data("\r\n".utf8) + payload
        try request.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.send(s, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
                offset += n
            }
        }

        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var headerEnd: Int?, expected: Int?
        while true {
            if let end = headerEnd, let length = expected, received.count - end >= length { break }
            let n = recv(s, &buffer, buffer.count, 0)
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: "recv: errno \(errno) after \(received.count) bytes") }
            received.append(buffer, count: n)
            if headerEnd == nil, let range = received.range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = range.upperBound - received.startIndex
                expected = contentLength(String(decoding: received[..<range.lowerBound], as: UTF8.self))
            }
        }
        guard let end = headerEnd else { throw Failure(description: "no HTTP header in \(received.count) bytes") }
        let head = String(decoding: received.prefix(end), as: UTF8.self)
        let statusLine = head.split(separator: "\r\n", maxSplits: 1).first ?? ""
        let fields = statusLine.split(separator: " ")
        guard fields.count >= 2, let status = Int(fields[1]) else { throw Failure(description: "not an HTTP status line: \(statusLine)") }
        var content = Data(received.dropFirst(end))
        if let length = expected { content = content.prefix(length) }
        return Response(status: status, body: content)
    }

    /// The Content-Length field, however it is spaced.
    private static func contentLength(_ head: String) -> Int? {
        for line in head.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" else { continue }
            return Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
