import CaseflowPostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server the tests may use: `CASEFLOW_TEST_POSTGRES=postgres://USER@HOST:PORT/DB`
/// (`.ci/run` starts a throw-away one). Each test gets a database of its own.
enum TestDatabase {
    static let url = ProcessInfo.processInfo.environment["CASEFLOW_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// A new, empty database; returns its URL with `options` added to the query.
    static func fresh(options: [String: String] = [:]) async throws -> String {
        guard let url else { throw DaemonError("CASEFLOW_TEST_POSTGRES is not set") }
        let name = "caseflow_cluster_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let client = PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration, backgroundLogger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await Task.sleep(for: .milliseconds(20))
            defer { group.cancelAll() }
            try await client.query("CREATE DATABASE \(unescaped: name)")
        }
        var components = URLComponents(string: url)!
        components.path = "/" + name
        let items = (components.queryItems ?? []) + options.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        components.queryItems = items.isEmpty ? nil : items
        return components.string!
    }

    /// Runs statements on the database at `url` as someone with write access would.
    static func execute(_ url: String, _ statements: [String]) async throws {
        let client = PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration, backgroundLogger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await Task.sleep(for: .milliseconds(20))
            defer { group.cancelAll() }
            for sql in statements { try await client.query(PostgresQuery(unsafeSQL: sql)) }
        }
    }
}
