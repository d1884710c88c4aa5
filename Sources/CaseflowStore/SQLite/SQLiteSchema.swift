import GRDB

/// The database's migrations. A migration that has shipped is never edited: add a new one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-definitions-events-cases-idempotency") { db in
            try db.execute(sql: """
                CREATE TABLE definitions (
                    hash TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    version INTEGER,
                    source TEXT NOT NULL
                );
                CREATE TABLE events (
                    case_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    at INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    body TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (case_id, seq)
                ) WITHOUT ROWID;
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TABLE cases (
                    id TEXT PRIMARY KEY NOT NULL,
                    workflow TEXT NOT NULL,
                    workflow_version INTEGER NOT NULL,
                    stage TEXT NOT NULL,
                    status TEXT NOT NULL,
                    role TEXT,
                    breached INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    next_due INTEGER,
                    updated_at INTEGER NOT NULL,
                    state TEXT NOT NULL
                );
                CREATE INDEX cases_due ON cases(next_due, id) WHERE status = 'open' AND next_due IS NOT NULL;
                CREATE TABLE idempotency (
                    key TEXT PRIMARY KEY NOT NULL,
                    fingerprint TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                """)
        }
        // Each case row keeps the hash its next event links to, so a write reads where the case
        // stands (version and hash) in one lookup, and a batch of writes in one query.
        m.registerMigration("v2-cases-last-hash") { db in
            try db.execute(sql: """
                ALTER TABLE cases ADD COLUMN last_hash TEXT;
                UPDATE cases SET last_hash = (SELECT hash FROM events WHERE events.case_id = cases.id ORDER BY seq DESC LIMIT 1);
                """)
        }
        return m
    }
}
