import Logging
import PostgresNIO

/// The database's named migrations, recorded in `caseflow_migrations`. A migration that has
/// shipped is never edited: add a new one. Daemons starting together take turns through an
/// advisory lock, so each migration runs once.
enum PostgresSchema {
    struct Migration {
        let name: String
        let statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(name: "v1-definitions-events-cases-idempotency", statements: [
            """
            CREATE TABLE definitions (
                hash TEXT COLLATE "C" PRIMARY KEY,
                kind TEXT COLLATE "C" NOT NULL,
                id TEXT COLLATE "C" NOT NULL,
                version BIGINT,
                source TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE events (
                case_id TEXT COLLATE "C" NOT NULL,
                seq BIGINT NOT NULL,
                at BIGINT NOT NULL,
                type TEXT NOT NULL,
                body TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (case_id, seq)
            )
            """,
            """
            CREATE FUNCTION caseflow_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only' USING ERRCODE = 'restrict_violation';
            END
            $$
            """,
            """
            CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION caseflow_events_append_only()
            """,
            """
            CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION caseflow_events_append_only()
            """,
            """
            CREATE TABLE cases (
                id TEXT COLLATE "C" PRIMARY KEY,
                workflow TEXT COLLATE "C" NOT NULL,
                workflow_version BIGINT NOT NULL,
                stage TEXT COLLATE "C" NOT NULL,
                status TEXT COLLATE "C" NOT NULL,
                role TEXT COLLATE "C",
                breached BOOLEAN NOT NULL,
                version BIGINT NOT NULL,
                next_due BIGINT,
                updated_at BIGINT NOT NULL,
                state TEXT NOT NULL
            )
            """,
            "CREATE INDEX cases_due ON cases (next_due, id) WHERE status = 'open' AND next_due IS NOT NULL",
            """
            CREATE TABLE idempotency (
                key TEXT COLLATE "C" PRIMARY KEY,
                fingerprint TEXT NOT NULL,
                status BIGINT NOT NULL,
                body TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
        ]),
        // Several daemons share the timers: a daemon claims a due case until `claimed_until`
        // (database time); a commit on the case ends the claim.
        Migration(name: "v2-timer-claims", statements: [
            "ALTER TABLE cases ADD COLUMN claimed_by TEXT, ADD COLUMN claimed_until TIMESTAMPTZ",
        ]),
        // The ledger: every event's hash in commit order over all cases (daemons append under an
        // advisory lock, so the order has no gaps), append-only like the events; signed checkpoints.
        // `INSERT … ON CONFLICT DO UPDATE` on events fires the update trigger and is refused.
        Migration(name: "v3-ledger-checkpoints", statements: [
            """
            CREATE TABLE ledger (
                idx BIGINT PRIMARY KEY,
                case_id TEXT COLLATE "C" NOT NULL,
                seq BIGINT NOT NULL,
                event_hash TEXT NOT NULL
            )
            """,
            """
            CREATE TRIGGER ledger_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger
            FOR EACH ROW EXECUTE FUNCTION caseflow_events_append_only()
            """,
            """
            CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
            FOR EACH STATEMENT EXECUTE FUNCTION caseflow_events_append_only()
            """,
            """
            INSERT INTO ledger (idx, case_id, seq, event_hash)
            SELECT row_number() OVER (ORDER BY at, case_id, seq), case_id, seq, hash FROM events
            """,
            """
            CREATE TABLE checkpoints (
                size BIGINT PRIMARY KEY,
                root TEXT NOT NULL,
                signed_at BIGINT NOT NULL,
                body TEXT NOT NULL,
                frontier TEXT NOT NULL
            )
            """,
        ]),
        Migration(name: "v4-releases", statements: [
            "CREATE TABLE sources (hash TEXT COLLATE \"C\" PRIMARY KEY, text TEXT NOT NULL)",
            """
            CREATE TABLE releases (
                number BIGINT PRIMARY KEY,
                activated_at BIGINT NOT NULL,
                activated_by TEXT NOT NULL,
                digest TEXT NOT NULL,
                files TEXT NOT NULL
            )
            """,
        ]),
        Migration(name: "v5-outbox-inbox", statements: [
            """
            CREATE TABLE deliveries (
                id BIGSERIAL PRIMARY KEY,
                message TEXT COLLATE "C" NOT NULL,
                case_id TEXT COLLATE "C" NOT NULL,
                channel TEXT COLLATE "C" NOT NULL,
                receiver TEXT COLLATE "C" NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                next_at BIGINT NOT NULL,
                last_error TEXT,
                delivered_at BIGINT,
                UNIQUE (message, channel, receiver)
            )
            """,
            "CREATE INDEX deliveries_due ON deliveries (next_at, id) WHERE state = 'pending'",
            "CREATE INDEX deliveries_route ON deliveries (case_id, channel, receiver, id) WHERE state = 'pending'",
            "CREATE INDEX deliveries_state ON deliveries (state, id)",
            """
            CREATE TABLE notifications (
                id BIGSERIAL PRIMARY KEY,
                person TEXT COLLATE "C" NOT NULL,
                message TEXT COLLATE "C" NOT NULL,
                case_id TEXT COLLATE "C" NOT NULL,
                payload TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                read_at BIGINT,
                UNIQUE (person, message)
            )
            """,
            "CREATE INDEX notifications_person ON notifications (person, id)",
        ]),
        Migration(name: "v6-case-search", statements: [
            """
            CREATE TABLE case_search (
                case_id TEXT COLLATE "C" NOT NULL,
                name TEXT COLLATE "C" NOT NULL,
                value TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (case_id, name)
            )
            """,
            "CREATE INDEX case_search_value ON case_search (name, value, case_id)",
        ]),
        Migration(name: "v7-batches", statements: [
            """
            CREATE TABLE batches (
                id TEXT COLLATE "C" PRIMARY KEY,
                created_at BIGINT NOT NULL,
                created_by TEXT NOT NULL,
                spec TEXT NOT NULL,
                status TEXT NOT NULL,
                done INTEGER NOT NULL,
                refused INTEGER NOT NULL,
                cursor TEXT COLLATE "C",
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE batch_results (
                batch_id TEXT COLLATE "C" NOT NULL,
                case_id TEXT COLLATE "C" NOT NULL,
                outcome TEXT NOT NULL,
                message TEXT,
                PRIMARY KEY (batch_id, case_id)
            )
            """,
        ]),
        Migration(name: "v8-batch-leases", statements: [
            "ALTER TABLE batches ADD COLUMN lease_owner TEXT",
            "ALTER TABLE batches ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0",
        ]),
        // A batch of writes in one statement (one round trip, one transaction): see `PostgresCommitFunction`.
        Migration(name: "v9-commit-function", statements: [PostgresCommitFunction.v1]),
    ]

    /// The advisory lock a transaction holds while it records a release.
    static let releaseLock: Int = 0x72_65_6c_65_61_73_65

    /// The advisory lock a transaction holds while it appends to the ledger.
    static let ledgerLock: Int = 0x6c_65_64_67_65_72

    /// Any number for the advisory lock that serialises migrations; "caseflow" in ASCII.
    static let migrationLock: Int = 0x63_61_73_65_66_6c_6f_77

    /// Applies every migration the database has not seen yet; returns their names.
    @discardableResult
    static func migrate(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.transaction(logger: logger) { conn in
            try await conn.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await conn.query("""
                CREATE TABLE IF NOT EXISTS caseflow_migrations (
                    name TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied: Set<String> = []
            for try await name in try await conn.query("SELECT name FROM caseflow_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            var ran: [String] = []
            for m in migrations where !applied.contains(m.name) {
                for sql in m.statements { try await conn.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                try await conn.query("INSERT INTO caseflow_migrations (name) VALUES (\(m.name))", logger: logger)
                ran.append(m.name)
            }
            return ran
        }
    }
}
