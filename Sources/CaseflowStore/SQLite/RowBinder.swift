import GRDB
import GRDBSQLite

/// Multi-row statements of the write path bound straight to SQLite. GRDB's `StatementArguments`
/// boxes each value as an existential, converts it to a `DatabaseValue` and validates the count
/// before binding: a tenth of the writer's time for a write path that binds several hundred
/// values per transaction. Here each value is bound where it is read, on GRDB's cached statement;
/// errors come back as GRDB's `DatabaseError`, as from any other statement.
struct RowBinder {
    private let statement: SQLiteStatement
    private var index: CInt = 1

    /// Runs the statement once with the values `bind` gives it, in parameter order.
    static func execute(_ statement: Statement, in db: Database, _ bind: (inout RowBinder) -> Void) throws {
        let raw = statement.sqliteStatement
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
        var binder = RowBinder(statement: raw)
        bind(&binder)
        let code = sqlite3_step(raw)
        // Leave no text bound and the statement ready for GRDB's next use of it.
        defer { sqlite3_reset(raw); sqlite3_clear_bindings(raw) }
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    sqlite3_bind_text(statement, index, base, CInt(chars.count), Self.transient)
                } else {
                    // An empty text, not NULL (a null pointer would bind NULL).
                    sqlite3_bind_text(statement, index, "", 0, Self.transient)
                }
            }
        }
        index += 1
    }

    mutating func text(_ value: String?) {
        if let value { text(value) } else { null() }
    }

    mutating func int(_ value: Int64) {
        sqlite3_bind_int64(statement, index, value)
        index += 1
    }

    mutating func int(_ value: Int) { int(Int64(value)) }

    mutating func int(_ value: Int64?) {
        if let value { int(value) } else { null() }
    }

    mutating func bool(_ value: Bool) { int(Int64(value ? 1 : 0)) }

    mutating func null() {
        sqlite3_bind_null(statement, index)
        index += 1
    }

    /// `(?, ?, …), (?, ?, …), …`: `rows` groups of `columns` parameters, made once per count.
    static func valueGroups(rows: Int, columns: Int) -> String {
        let group = "(" + repeatElement("?", count: columns).joined(separator: ", ") + ")"
        return repeatElement(group, count: rows).joined(separator: ", ")
    }
}
