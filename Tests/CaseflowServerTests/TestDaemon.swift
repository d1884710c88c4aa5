import CaseflowModel
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import HTTPTypes
import Synchronization

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let value: Mutex<Instant>
    init(_ start: Instant) { value = Mutex(start) }
    var now: Instant { value.withLock { $0 } }
    func advance(_ ms: Int64) { value.withLock { $0 = $0 + ms } }
}

/// A daemon on the shipped definitions and an in-memory store, with a clock the test moves.
final class TestDaemon: Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let people = ["alice", "carl", "bob", "dana", "david", "fay", "frank", "lena", "sam", "otto", "ada", "pat", "bella"]

    let daemon: CaseflowDaemon
    let store: any CaseStore
    let tokens: [String: String]
    let clock: ManualClock
    let folder: URL

    /// `database`: a SQLite file instead of the in-memory store (another daemon may open it later).
    init(start: String = "2026-03-02T09:00:00+08:00", paths: [String]? = nil, database: String? = nil,
         configure: (inout ServerConfiguration) -> Void = { _ in }) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var lines: [String] = []
        var tokens: [String: String] = [:]
        for person in Self.people {
            let (token, line) = TokenStore.issue(for: person)
            tokens[person] = token
            lines.append(line)
        }
        let tokenFile = folder.appendingPathComponent("tokens")
        try lines.joined(separator: "\n").write(to: tokenFile, atomically: true, encoding: .utf8)
        self.tokens = tokens
        let clock = ManualClock(RFC3339.parse(start) ?? Instant(millis: 0))
        self.clock = clock
        store = try database.map { try SQLiteStore(path: $0) } ?? MemoryStore()
        var config = ServerConfiguration(
            definitionPaths: paths ?? ["Workflows", "Policies"].map { Self.repository.appendingPathComponent($0).path },
            tokensFile: tokenFile.path, maxBodyBytes: 64 * 1024)
        configure(&config)
        var logger = Logger(label: "test")
        logger.logLevel = .error
        daemon = try await CaseflowDaemon(configuration: config, store: store, logger: logger, clock: { clock.now })
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func advance(_ ms: Int64) { clock.advance(ms) }

    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await daemon.catchUp()
        let app = Application(router: daemon.router())
        try await app.test(.router, body)
    }

    func headers(_ person: String?, _ extra: HTTPFields = [:]) -> HTTPFields {
        var h = extra
        if let person, let token = tokens[person] { h[.authorization] = "Bearer \(token)" }
        if h[.contentType] == nil { h[.contentType] = "application/json" }
        return h
    }
}

struct Reply: Sendable {
    var status: HTTPResponse.Status
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:] }
    var text: String
    var headers: HTTPFields

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
}

extension TestClientProtocol {
    func call(_ method: HTTPRequest.Method, _ uri: String, as person: String?, body: String? = nil,
              headers extra: HTTPFields = [:], daemon: TestDaemon) async throws -> Reply {
        try await call(method, uri, as: person, bytes: body.map { Array($0.utf8) }, headers: extra, daemon: daemon)
    }

    /// A body given as raw bytes (which need not be valid UTF-8).
    func call(_ method: HTTPRequest.Method, _ uri: String, as person: String?, bytes: [UInt8]?,
              headers extra: HTTPFields = [:], daemon: TestDaemon) async throws -> Reply {
        try await execute(uri: uri, method: method, headers: daemon.headers(person, extra),
                          body: bytes.map { ByteBuffer(bytes: $0) }) { response in
            Reply(status: response.status, text: String(buffer: response.body), headers: response.headers)
        }
    }
}


