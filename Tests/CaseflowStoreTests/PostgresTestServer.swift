import CaseflowPostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server the tests may use: `CASEFLOW_TEST_POSTGRES=postgres://USER@HOST:PORT/DB`
/// (`.ci/run` starts a throw-away one). Each store gets a database of its own.
enum PostgresTestServer {
    static let url = ProcessInfo.processInfo.environment["CASEFLOW_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    static let skipReason = "CASEFLOW_TEST_POSTGRES is not set, so the PostgreSQL tests do not run: "
        + "run .ci/run, or set it to postgres://USER@HOST:PORT/DATABASE of a server where USER may create databases"

    /// A new, empty database on the test server; returns its URL, with `options` added to its query.
    static func freshDatabase(options: [String: String] = [:]) async throws -> String {
        guard let url else { throw PostgresTestServerError(message: skipReason) }
        let admin = try PostgresLocation(url: url)
        let name = "caseflow_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let client = PostgresClient(configuration: admin.clientConfiguration, backgroundLogger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await Task.sleep(for: .milliseconds(20))
            try await client.query("CREATE DATABASE \(unescaped: name)")
            group.cancelAll()
        }
        var components = URLComponents(string: url)!
        components.path = "/" + name
        components.queryItems = (components.queryItems ?? []) + options.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        return components.string!
    }

    static func freshStore() async throws -> PostgresStore {
        try await PostgresStore(url: try await freshDatabase())
    }
}

struct PostgresTestServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
