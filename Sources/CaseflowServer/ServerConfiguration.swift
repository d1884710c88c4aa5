import Foundation

/// How the daemon is set up: where it listens, its store, definitions, tokens and webhooks.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: String
    public var definitionPaths: [String]
    public var tokensFile: String?
    public var webhooks: [URL]
    /// Largest request body accepted.
    public var maxBodyBytes: Int
    /// How often the timer service looks for due timers.
    public var timerInterval: Duration

    public init(host: String = "127.0.0.1", port: Int = 8080, database: String = "caseflow.sqlite",
                definitionPaths: [String] = ["Workflows", "Policies"], tokensFile: String? = nil, webhooks: [URL] = [],
                maxBodyBytes: Int = 1 << 20, timerInterval: Duration = .milliseconds(200)) {
        self.host = host
        self.port = port
        self.database = database
        self.definitionPaths = definitionPaths
        self.tokensFile = tokensFile
        self.webhooks = webhooks
        self.maxBodyBytes = maxBodyBytes
        self.timerInterval = timerInterval
    }
}
