import Foundation

/// How the daemon is set up: where it listens, its store, definitions and tokens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: String
    public var definitionPaths: [String]
    public var tokensFile: String?
    /// Largest request body accepted.
    public var maxBodyBytes: Int
    /// How often the timer service looks for due timers.
    public var timerInterval: Duration
    /// A connection that sends nothing whole (a request head, a body chunk) for this long is closed.
    public var idleTimeoutSeconds: Int = 30
    /// A request's head must arrive within this of the connection opening (or the previous response).
    public var requestHeadTimeoutSeconds: Int = 20
    /// A request's body must arrive within this of its head.
    public var requestBodyTimeoutSeconds: Int = 60
    /// Where signed checkpoints of the ledger are written (nil: not written to files).
    public var checkpointDirectory: String?
    /// The Ed25519 key that signs checkpoints (made on first start).
    public var auditKeyFile: String?
    /// How often the ledger head is signed.
    public var checkpointInterval: Duration = .seconds(60)
    /// Cases kept in memory (0: none; every command reads its case from the store).
    public var caseCacheCapacity: Int = CaseService.defaultCacheCapacity
    /// OpenID Connect / JWT bearer tokens (nil: the token file only).
    public var jwt: JWTSettings?

    public init(host: String = "127.0.0.1", port: Int = 8080, database: String = "caseflow.sqlite",
                definitionPaths: [String] = ["Workflows", "Policies"], tokensFile: String? = nil,
                maxBodyBytes: Int = 1 << 20, timerInterval: Duration = .milliseconds(200)) {
        self.host = host
        self.port = port
        self.database = database
        self.definitionPaths = definitionPaths
        self.tokensFile = tokensFile
        self.maxBodyBytes = maxBodyBytes
        self.timerInterval = timerInterval
    }
}
