import Foundation

/// A JSON value as the W3C WebDriver protocol sends and receives it.
public enum WebDriverJSON: Sendable, Equatable, Codable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByNilLiteral {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([WebDriverJSON])
    case object([String: WebDriverJSON])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: WebDriverJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, WebDriverJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([WebDriverJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: WebDriverJSON].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var double: Double? { if case .number(let n) = self { n } else { nil } }
    public var int: Int? { double.flatMap { Int(exactly: $0) } }
    public var array: [WebDriverJSON]? { if case .array(let a) = self { a } else { nil } }
    public var object: [String: WebDriverJSON]? { if case .object(let o) = self { o } else { nil } }
    public var isNull: Bool { self == .null }
    public subscript(key: String) -> WebDriverJSON? { object?[key] }
}

/// A failed WebDriver command: the protocol's error code and message, and the command that failed.
public struct WebDriverError: Error, Sendable, CustomStringConvertible, LocalizedError {
    public var code: String
    public var message: String
    public var command: String

    public init(code: String, message: String, command: String) {
        self.code = code
        self.message = message
        self.command = command
    }

    public var description: String { "WebDriver \(code) (\(command)): \(message)" }
    public var errorDescription: String? { description }
}

/// The HTTP side of the protocol: one JSON request, the `value` of its JSON answer.
/// Not URLSession: FoundationNetworking (before swift-corelibs-foundation#5527) rejects
/// chromedriver's answers, whose headers have no space after the colon (`Content-Length:251`).
struct WebDriverConnection: Sendable {
    let port: Int

    @discardableResult
    func send(_ method: String, _ path: String, _ body: WebDriverJSON? = nil) async throws -> WebDriverJSON {
        let command = "\(method) \(path)"
        let payload = method == "POST" ? try JSONEncoder().encode(body ?? [:]) : nil
        let response: LoopbackHTTP.Response
        do {
            response = try await LoopbackHTTP.send(port: port, method: method, path: path, body: payload)
        } catch {
            throw WebDriverError(code: "no answer", message: "chromedriver on port \(port) did not answer: \(error)", command: command)
        }
        guard let value = (try? JSONDecoder().decode(WebDriverJSON.self, from: response.body))?["value"] else {
            throw WebDriverError(code: "invalid response",
                                 message: "HTTP \(response.status): \(String(decoding: response.body.prefix(500), as: UTF8.self))",
                                 command: command)
        }
        if let code = value["error"]?.string {
            throw WebDriverError(code: code, message: value["message"]?.string ?? "", command: command)
        }
        guard (200..<300).contains(response.status) else {
            throw WebDriverError(code: "HTTP \(response.status)", message: "\(value)", command: command)
        }
        return value
    }
}

/// One browser window driven over WebDriver; made by `ChromeDriver.session(_:)`, ended by `close()`.
public struct BrowserSession: Sendable {
    public let id: String
    let connection: WebDriverConnection

    /// Any command of the protocol, on a path relative to this session (`"/window/rect"`).
    @discardableResult
    public func send(_ method: String, _ path: String, _ body: WebDriverJSON? = nil) async throws -> WebDriverJSON {
        try await connection.send(method, "/session/\(id)\(path)", body)
    }

    // MARK: Navigation

    public func open(_ url: String) async throws { try await send("POST", "/url", ["url": .string(url)]) }
    public func url() async throws -> String { try await send("GET", "/url").string ?? "" }
    public func title() async throws -> String { try await send("GET", "/title").string ?? "" }
    public func source() async throws -> String { try await send("GET", "/source").string ?? "" }
    public func back() async throws { try await send("POST", "/back") }
    public func refresh() async throws { try await send("POST", "/refresh") }

    // MARK: Elements

    /// The first element `css` matches; the error names the selector and the page.
    public func find(_ css: String) async throws -> Element {
        do {
            return try Element(session: self, reference: try await send("POST", "/element", Self.locator(css)))
        } catch let error as WebDriverError where error.code == "no such element" {
            throw WebDriverError(code: error.code, message: "no element matches `\(css)` on \(await currentURL())",
                                 command: error.command)
        }
    }

    public func findAll(_ css: String) async throws -> [Element] {
        try (try await send("POST", "/elements", Self.locator(css)).array ?? []).map { try Element(session: self, reference: $0) }
    }

    public func exists(_ css: String) async throws -> Bool { try await !findAll(css).isEmpty }

    /// The text of the first element `css` matches.
    public func text(_ css: String) async throws -> String { try await find(css).text() }

    /// Clears the field `css` matches and types `text` into it.
    public func fill(_ css: String, _ text: String) async throws {
        let field = try await find(css)
        try await field.clear()
        try await field.type(text)
    }

    /// Submits the form `formCSS` matches as a person would: by clicking its submit button, or
    /// with `requestSubmit()` when it has none.
    public func submit(_ formCSS: String) async throws {
        let form = try await find(formCSS)
        if let button = try await form.findAll("[type=submit], button:not([type])").first {
            try await button.click()
        } else {
            try await executeScript("arguments[0].requestSubmit()", args: [form.reference])
        }
    }

    // MARK: Waiting

    /// Polls until `css` matches an element.
    @discardableResult
    public func waitFor(_ css: String, timeout: Duration = .seconds(10)) async throws -> Element {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let element = try await findAll(css).first { return element }
            guard ContinuousClock.now < deadline else {
                throw WebDriverError(code: "timeout", message: "waited \(timeout) for `\(css)` on \(await currentURL())",
                                     command: "waitFor")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Polls until `condition` holds; `what` says what was awaited when it never does.
    public func waitUntil(_ what: String, timeout: Duration = .seconds(10),
                          _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                throw WebDriverError(code: "timeout", message: "waited \(timeout) for \(what) on \(await currentURL())",
                                     command: "waitUntil")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    // MARK: Scripts, screenshots, cookies

    /// Runs `js` as a function body in the page; `arguments[i]` are `args` (pass `element.reference`
    /// for an element). Returns what the script returns.
    @discardableResult
    public func executeScript(_ js: String, args: [WebDriverJSON] = []) async throws -> WebDriverJSON {
        try await send("POST", "/execute/sync", ["script": .string(js), "args": .array(args)])
    }

    /// The visible page as a PNG file at `path`.
    public func screenshot(to path: String) async throws {
        let encoded = try await send("GET", "/screenshot").string ?? ""
        guard let png = Data(base64Encoded: encoded) else {
            throw WebDriverError(code: "invalid response", message: "the screenshot is not base64", command: "GET /screenshot")
        }
        let file = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try png.write(to: file)
    }

    /// The visible page as `name`.png in the artifact directory.
    @discardableResult
    public func screenshot(named name: String) async throws -> URL {
        let file = ArtifactDirectory.file(name.hasSuffix(".png") ? name : name + ".png")
        try await screenshot(to: file.path)
        return file
    }

    public func cookies() async throws -> [Cookie] { (try await send("GET", "/cookie").array ?? []).map(Cookie.init) }

    public func addCookie(name: String, value: String, path: String = "/") async throws {
        try await send("POST", "/cookie", ["cookie": ["name": .string(name), "value": .string(value), "path": .string(path)]])
    }

    public func deleteCookies() async throws { try await send("DELETE", "/cookie") }

    /// Ends the session and closes its browser.
    public func close() async throws { try await connection.send("DELETE", "/session/\(id)") }

    static func locator(_ css: String) -> WebDriverJSON { ["using": "css selector", "value": .string(css)] }

    private func currentURL() async -> String { (try? await url()) ?? "(the URL is unknown)" }
}

extension BrowserSession {
    /// An element of the page, valid until the page it is on goes away.
    public struct Element: Sendable {
        /// The key the protocol names an element by.
        public static let referenceKey = "element-6066-11e4-a52e-4f735466cecf"

        public let session: BrowserSession
        public let id: String

        init(session: BrowserSession, reference: WebDriverJSON) throws {
            guard let id = reference[Self.referenceKey]?.string else {
                throw WebDriverError(code: "invalid response", message: "not an element: \(reference)", command: "find")
            }
            self.session = session
            self.id = id
        }

        /// This element as a script argument.
        public var reference: WebDriverJSON { [Self.referenceKey: .string(id)] }

        @discardableResult
        private func send(_ method: String, _ path: String, _ body: WebDriverJSON? = nil) async throws -> WebDriverJSON {
            try await session.send(method, "/element/\(id)\(path)", body)
        }

        public func click() async throws { try await send("POST", "/click") }
        public func type(_ text: String) async throws { try await send("POST", "/value", ["text": .string(text)]) }
        public func clear() async throws { try await send("POST", "/clear") }
        public func text() async throws -> String { try await send("GET", "/text").string ?? "" }
        public func tagName() async throws -> String { try await send("GET", "/name").string ?? "" }
        /// The HTML attribute, nil when the element has none.
        public func attribute(_ name: String) async throws -> String? { try await send("GET", "/attribute/\(name)").string }
        /// The DOM property (`value`, `checked`, …).
        public func property(_ name: String) async throws -> WebDriverJSON { try await send("GET", "/property/\(name)") }
        public func isDisplayed() async throws -> Bool { try await send("GET", "/displayed").bool ?? false }
        public func isSelected() async throws -> Bool { try await send("GET", "/selected").bool ?? false }
        public func isEnabled() async throws -> Bool { try await send("GET", "/enabled").bool ?? false }

        /// Chooses the option whose value is `value` in this `<select>`.
        public func select(_ value: String) async throws {
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            let option = try await find("option[value=\"\(escaped)\"]")
            // Clicking an option of a closed list is not reliable in headless Chromium: choose it as
            // the list would, and tell the page as the list would.
            try await session.executeScript(
                "arguments[0].selected = true; arguments[1].dispatchEvent(new Event('change', {bubbles: true}))",
                args: [option.reference, reference])
        }

        public func find(_ css: String) async throws -> Element {
            do {
                return try Element(session: session, reference: try await send("POST", "/element", BrowserSession.locator(css)))
            } catch let error as WebDriverError where error.code == "no such element" {
                let url = (try? await session.url()) ?? "(the URL is unknown)"
                throw WebDriverError(code: error.code, message: "no element matches `\(css)` inside element \(id) on \(url)",
                                     command: error.command)
            }
        }

        public func findAll(_ css: String) async throws -> [Element] {
            try (try await send("POST", "/elements", BrowserSession.locator(css)).array ?? [])
                .map { try Element(session: session, reference: $0) }
        }
    }

    public struct Cookie: Sendable, Equatable {
        public var name: String
        public var value: String
        public var path: String?
        public var domain: String?
        public var secure: Bool
        public var httpOnly: Bool
        /// `Strict`, `Lax` or `None`.
        public var sameSite: String?
        public var expiry: Int?

        init(_ json: WebDriverJSON) {
            name = json["name"]?.string ?? ""
            value = json["value"]?.string ?? ""
            path = json["path"]?.string
            domain = json["domain"]?.string
            secure = json["secure"]?.bool ?? false
            httpOnly = json["httpOnly"]?.bool ?? false
            sameSite = json["sameSite"]?.string
            expiry = json["expiry"]?.int
        }
    }
}

/// Where browser tests leave screenshots: `CASEFLOW_TEST_ARTIFACTS`, or `.build/test-artifacts/`.
public enum ArtifactDirectory {
    public static var url: URL {
        if let path = ProcessInfo.processInfo.environment["CASEFLOW_TEST_ARTIFACTS"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return CLIProcess.repository.appendingPathComponent(".build/test-artifacts", isDirectory: true)
    }

    /// The file `name` in the directory, which is made when missing.
    public static func file(_ name: String) -> URL {
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.appendingPathComponent(name)
    }
}
