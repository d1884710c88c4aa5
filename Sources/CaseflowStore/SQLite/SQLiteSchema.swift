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
        // `INSERT OR REPLACE` deletes the old row without firing delete triggers (recursive
        // triggers are off by default): an insert over an existing event is refused itself.
        // The ledger: every event's hash in commit order, append-only like the events, which
        // signed checkpoints cover. Events already stored enter it in the order they were written.
        m.registerMigration("v3-no-replace-ledger-checkpoints") { db in
            try db.execute(sql: """
                CREATE TRIGGER events_no_replace BEFORE INSERT ON events
                WHEN EXISTS (SELECT 1 FROM events WHERE case_id = NEW.case_id AND seq = NEW.seq)
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TABLE ledger (
                    idx INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    event_hash TEXT NOT NULL
                );
                CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                CREATE TRIGGER ledger_no_replace BEFORE INSERT ON ledger
                WHEN EXISTS (SELECT 1 FROM ledger WHERE idx = NEW.idx)
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                INSERT INTO ledger (case_id, seq, event_hash) SELECT case_id, seq, hash FROM events ORDER BY at, case_id, seq;
                CREATE TABLE checkpoints (
                    size INTEGER PRIMARY KEY NOT NULL,
                    root TEXT NOT NULL,
                    signed_at INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    frontier TEXT NOT NULL
                );
                """)
        }
        // Releases: each activation of a different definition set, with its files; file texts
        // stored once per content hash.
        m.registerMigration("v4-releases") { db in
            try db.execute(sql: """
                CREATE TABLE sources (
                    hash TEXT PRIMARY KEY NOT NULL,
                    text TEXT NOT NULL
                );
                CREATE TABLE releases (
                    number INTEGER PRIMARY KEY NOT NULL,
                    activated_at INTEGER NOT NULL,
                    activated_by TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    files TEXT NOT NULL
                );
                """)
        }
        // The outbox: every webhook and email delivery, written with the events that caused it,
        // claimed by the dispatcher, kept with its outcome. The inbox: each person's notifications.
        m.registerMigration("v5-outbox-inbox") { db in
            try db.execute(sql: """
                CREATE TABLE deliveries (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    message TEXT NOT NULL,
                    case_id TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    receiver TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    next_at INTEGER NOT NULL,
                    last_error TEXT,
                    delivered_at INTEGER,
                    UNIQUE (message, channel, receiver)
                );
                CREATE INDEX deliveries_due ON deliveries(next_at, id) WHERE state = 'pending';
                CREATE INDEX deliveries_route ON deliveries(case_id, channel, receiver, id) WHERE state = 'pending';
                CREATE INDEX deliveries_state ON deliveries(state, id);
                CREATE TABLE notifications (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    person TEXT NOT NULL,
                    message TEXT NOT NULL,
                    case_id TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    read_at INTEGER,
                    UNIQUE (person, message)
                );
                CREATE INDEX notifications_person ON notifications(person, id);
                """)
        }
        // The values of each case's `search:` fields, for equality search.
        m.registerMigration("v6-case-search") { db in
            try db.execute(sql: """
                CREATE TABLE case_search (
                    case_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (case_id, name)
                ) WITHOUT ROWID;
                CREATE INDEX case_search_value ON case_search(name, value, case_id);
                """)
        }
        // Bulk actions: each batch with its progress, and what it did to each case.
        m.registerMigration("v7-batches") { db in
            try db.execute(sql: """
                CREATE TABLE batches (
                    id TEXT PRIMARY KEY NOT NULL,
                    created_at INTEGER NOT NULL,
                    created_by TEXT NOT NULL,
                    spec TEXT NOT NULL,
                    status TEXT NOT NULL,
                    done INTEGER NOT NULL,
                    refused INTEGER NOT NULL,
                    cursor TEXT,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE batch_results (
                    batch_id TEXT NOT NULL,
                    case_id TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    message TEXT,
                    PRIMARY KEY (batch_id, case_id)
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("v8-batch-leases") { db in
            try db.execute(sql: """
                ALTER TABLE batches ADD COLUMN lease_owner TEXT;
                ALTER TABLE batches ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
                """)
        }
        // Events in commit order. Kept in the order of (case, seq), each write put its events in
        // the middle of the table, beside the case's earlier ones: with about seven events to a
        // page, nearly every write split a page and rebalanced its neighbours, four pages written
        // per write. Appended instead, a transaction's events fill fresh pages at the end, and
        // only the small (case, seq) index entries go in the middle. Existing events are copied
        // in the ledger's order (any the ledger lacks after them, by time); the append-only
        // triggers are put back as they were. The index is built once the ledger's rows are in,
        // and the copy reads the ledger in order, looking each event up by its key: linear.
        m.registerMigration("v9-events-in-commit-order") { db in
            try db.execute(sql: """
                CREATE TABLE events_in_commit_order (
                    case_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    at INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    body TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                INSERT INTO events_in_commit_order (case_id, seq, at, type, body, prev_hash, hash)
                SELECT e.case_id, e.seq, e.at, e.type, e.body, e.prev_hash, e.hash
                FROM ledger l CROSS JOIN events e ON e.case_id = l.case_id AND e.seq = l.seq ORDER BY l.idx;
                CREATE UNIQUE INDEX events_case_seq ON events_in_commit_order(case_id, seq);
                INSERT INTO events_in_commit_order (case_id, seq, at, type, body, prev_hash, hash)
                SELECT e.case_id, e.seq, e.at, e.type, e.body, e.prev_hash, e.hash FROM events e
                WHERE NOT EXISTS (SELECT 1 FROM events_in_commit_order n WHERE n.case_id = e.case_id AND n.seq = e.seq)
                ORDER BY e.at, e.case_id, e.seq;
                DROP TABLE events;
                ALTER TABLE events_in_commit_order RENAME TO events;
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TRIGGER events_no_replace BEFORE INSERT ON events
                WHEN EXISTS (SELECT 1 FROM events WHERE case_id = NEW.case_id AND seq = NEW.seq)
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                """)
        }
        return m
    }
}
