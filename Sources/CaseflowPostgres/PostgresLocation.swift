import CaseflowStore
import Foundation
import PostgresNIO

/// Where a PostgreSQL store lives, from `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?OPTIONS]`.
/// The password comes from the URL or else from `PGPASSWORD`. Options: `sslmode=disable|prefer|require`
/// (default prefer), `host=/socket/dir` (a Unix socket instead of TCP), `pool=N` connections
/// (default 8), `claim_timeout=SECONDS` (default 10): how long a daemon's claim on a due timer
/// keeps the other daemons off it.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var socketDirectory: String?
    public var tls: TLSMode
    public var poolSize: Int
    public var claimTimeout: Duration

    /// Whether `--db` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        guard Self.isPostgresURL(text), let url = URLComponents(string: text) else {
            throw StoreError.unavailable("not a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE): \(Self.redact(text))")
        }
        var options: [String: String] = [:]
        for item in url.queryItems ?? [] { options[item.name] = item.value ?? "" }
        guard let user = url.user, !user.isEmpty else {
            throw StoreError.unavailable("\(Self.redact(text)): the URL names no user (postgres://USER@HOST:PORT/DATABASE)")
        }
        username = user
        password = url.password ?? environment["PGPASSWORD"]
        socketDirectory = options["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        host = url.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = url.port ?? 5432
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? user : path
        guard let mode = TLSMode(rawValue: options["sslmode"] ?? "prefer") else {
            throw StoreError.unavailable("\(Self.redact(text)): sslmode must be disable, prefer or require")
        }
        tls = mode
        guard let pool = Int(options["pool"] ?? "8"), pool >= 1 else {
            throw StoreError.unavailable("\(Self.redact(text)): pool must be a number of connections")
        }
        poolSize = pool
        guard let claim = Double(options["claim_timeout"] ?? "10"), claim > 0 else {
            throw StoreError.unavailable("\(Self.redact(text)): claim_timeout must be a number of seconds")
        }
        claimTimeout = .milliseconds(Int64(claim * 1000))
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        let endpoint = socketDirectory.map { "\(host):\(port) (socket in \($0))" } ?? "\(host):\(port)"
        return "postgres://\(username)@\(endpoint)/\(database)"
    }

    /// The PostgresNIO client configuration for this location.
    public var clientConfiguration: PostgresClient.Configuration {
        var config: PostgresClient.Configuration
        if let dir = socketDirectory {
            config = .init(unixSocketPath: "\(dir)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch self.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(.makeClientConfiguration())
            case .require: tls = .require(.makeClientConfiguration())
            }
            config = .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
        }
        config.options.maximumConnections = poolSize
        config.options.minimumConnections = min(2, poolSize)
        config.options.connectTimeout = .seconds(5)
        return config
    }

    /// One connection to this location, as the pool's would be (the start-up check).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var config: PostgresConnection.Configuration
        if let dir = socketDirectory {
            config = .init(unixSocketPath: "\(dir)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch self.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            config = .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
        }
        config.options.connectTimeout = .seconds(5)
        return config
    }

    static func redact(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "***"
        return url.string ?? text
    }
}
