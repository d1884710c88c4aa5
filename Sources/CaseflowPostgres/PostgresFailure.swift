import CaseflowStore
import PostgresNIO

/// PostgreSQL errors as the store reports them: the server's SQLSTATE and message, never the
/// query's bound values.
enum PostgresFailure {
    static let uniqueViolation = "23505"
    static let deadlock = "40P01"
    static let serializationFailure = "40001"

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Worth running the whole transaction again: the database chose it as a deadlock victim.
    static func isRetryable(_ error: any Error) -> Bool {
        let state = sqlState(error)
        return state == deadlock || state == serializationFailure
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? StoreError { return e.description }
        if let p = error as? PSQLError {
            if let info = p.serverInfo {
                return "\(info[.message] ?? "server error") (SQLSTATE \(info[.sqlState] ?? "?"))"
            }
            return "\(p.code)"
        }
        return "\(error)"
    }

    /// Why a connection could not be made, as an operator reads it.
    static func connection(_ error: any Error) -> String {
        if let p = error as? PSQLError {
            if let info = p.serverInfo { return "\(info[.message] ?? "the server refused") (SQLSTATE \(info[.sqlState] ?? "?"))" }
            if let underlying = p.underlying { return "\(underlying)" }
            return "\(p.code)"
        }
        return "\(error)"
    }

    static func store(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        return .unavailable(describe(error))
    }
}
