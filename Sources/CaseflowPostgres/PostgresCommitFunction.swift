/// `caseflow_commit`: a batch of writes, one per case, in one call. A batch written statement by
/// statement was a dozen round trips (begin, lock, write, ledger lock, ledger, search, outbox,
/// commit), and on a busy machine each waited for the database, the event loop and the commit
/// thread to be scheduled in turn; called as one statement, the batch is one round trip and its
/// own transaction, and the database keeps the statements' plans.
///
/// What it does is what `PostgresBatchWriter` does statement by statement: lock the cases in id
/// order; read where each stands with a fresh snapshot; refuse a write whose version is not the
/// expected one (`stale`, with the version the case is at); store each idempotency answer first
/// (`key_taken` when another request holds the key: nothing of that write is written); write
/// the snapshot (a new case with `ON CONFLICT DO NOTHING`: `id_taken` when another daemon took
/// its id meanwhile, and its answer is taken back); chain the events after the case's last hash
/// (`sha256(previous ‖ "\n" ‖ body)`, hex, as `HashChain` computes it, which the tests check
/// against the chain as Swift verifies it); append them to the ledger under its advisory lock;
/// replace the search values of the written cases in `q_reset` (those whose workflow declares
/// `search:` fields, emptied when none is set now); queue their deliveries and inbox
/// notifications; and let go of the timer claims of stale cases. A write's events come contiguous, in sequence
/// order (`e_write` names the write, from 1).
///
/// A shipped version is never edited: a change is a new function (or `CREATE OR REPLACE`) in a
/// new migration.
enum PostgresCommitFunction {
    static let v1 = #"""
        CREATE FUNCTION caseflow_commit(
            w_case text[], w_expected bigint[], w_has_key boolean[], w_key text[], w_fingerprint text[], w_status bigint[],
            w_body text[], s_workflow text[], s_workflow_version bigint[], s_stage text[], s_status text[], s_has_role boolean[],
            s_role text[], s_breached boolean[], s_version bigint[], s_has_due boolean[], s_next_due bigint[], s_updated_at bigint[],
            s_state text[], e_write integer[], e_seq bigint[], e_at bigint[], e_type text[], e_body text[],
            q_reset text[], q_case text[], q_name text[], q_value text[],
            d_case text[], d_message text[], d_channel text[], d_receiver text[], d_payload text[], d_at bigint[],
            n_case text[], n_person text[], n_message text[], n_payload text[], n_at bigint[],
            genesis text, ledger_lock bigint, owner text
        ) RETURNS TABLE (out_case text, out_outcome text, out_actual bigint)
        LANGUAGE plpgsql AS $fn$
        DECLARE
            n integer := coalesce(array_length(w_case, 1), 0);
            m integer := coalesce(array_length(e_write, 1), 0);
            cur_version bigint[];
            cur_hash text[];
            w_ok boolean[] := '{}';
            w_new boolean[] := '{}';
            prev text;
            e_prev text[] := '{}';
            e_hash text[] := '{}';
            written text[];
            claimed text[];
            one text;  -- a case id or a key, one at a time
        BEGIN
            -- One by one by key, in id order: a single statement over all of them was planned as a
            -- scan of the whole table while its statistics lagged behind its dead rows.
            FOR one IN SELECT DISTINCT x COLLATE "C" FROM unnest(w_case) AS x ORDER BY 1 LOOP
                PERFORM 1 FROM cases c WHERE c.id = one FOR UPDATE;
            END LOOP;
            -- A new statement: its snapshot is taken with the locks held. Each case is looked up by
            -- its key (a join here was planned as a scan of the whole cases table).
            SELECT array_agg((SELECT c.version FROM cases c WHERE c.id = w.id) ORDER BY w.n),
                   array_agg((SELECT e.hash FROM events e WHERE e.case_id = w.id ORDER BY e.seq DESC LIMIT 1) ORDER BY w.n)
            INTO cur_version, cur_hash
            FROM unnest(w_case) WITH ORDINALITY AS w(id, n);
            FOR i IN 1..n LOOP
                w_ok[i] := coalesce(cur_version[i], 0) = w_expected[i];
                w_new[i] := cur_version[i] IS NULL;
            END LOOP;
            FOR j IN 1..m LOOP
                IF j = 1 OR e_write[j - 1] <> e_write[j] THEN
                    prev := coalesce(cur_hash[e_write[j]], genesis);
                END IF;
                e_prev[j] := prev;
                prev := encode(sha256(convert_to(prev || E'\n' || e_body[j], 'UTF8')), 'hex');
                e_hash[j] := prev;
            END LOOP;

            WITH input AS (
                SELECT * FROM unnest(w_case, w_ok, w_new, w_has_key, w_key, w_fingerprint, w_status, w_body, s_updated_at)
                    AS i(id, ok, is_new, has_key, k, f, st, b, t)
            ), answer AS (
                INSERT INTO idempotency (key, fingerprint, status, body, created_at)
                SELECT k, f, st, b, t FROM input WHERE ok AND has_key
                ON CONFLICT (key) DO NOTHING
                RETURNING key
            ), allowed AS (
                SELECT id FROM input WHERE ok AND (NOT has_key OR k IN (SELECT key FROM answer))
            ), snapshots AS (
                SELECT * FROM unnest(w_case, w_new, s_workflow, s_workflow_version, s_stage, s_status, s_has_role, s_role, s_breached,
                                     s_version, s_has_due, s_next_due, s_updated_at, s_state)
                    AS s(id, is_new, workflow, workflow_version, stage, status, has_role, role, breached, version, has_due, next_due,
                         updated_at, state)
                WHERE s.id IN (SELECT id FROM allowed)
            ), updated AS (
                INSERT INTO cases (id, workflow, workflow_version, stage, status, role, breached, version, next_due,
                                   updated_at, state, claimed_by, claimed_until)
                SELECT s.id, s.workflow, s.workflow_version, s.stage, s.status, CASE WHEN s.has_role THEN s.role END,
                       s.breached, s.version, CASE WHEN s.has_due THEN s.next_due END, s.updated_at, s.state, NULL, NULL::timestamptz
                FROM snapshots s WHERE NOT s.is_new
                ON CONFLICT (id) DO UPDATE SET workflow = excluded.workflow, workflow_version = excluded.workflow_version,
                    stage = excluded.stage, status = excluded.status, role = excluded.role, breached = excluded.breached,
                    version = excluded.version, next_due = excluded.next_due, updated_at = excluded.updated_at,
                    state = excluded.state, claimed_by = NULL, claimed_until = NULL
                RETURNING id
            ), created AS (
                INSERT INTO cases (id, workflow, workflow_version, stage, status, role, breached, version, next_due,
                                   updated_at, state, claimed_by, claimed_until)
                SELECT s.id, s.workflow, s.workflow_version, s.stage, s.status, CASE WHEN s.has_role THEN s.role END,
                       s.breached, s.version, CASE WHEN s.has_due THEN s.next_due END, s.updated_at, s.state, NULL, NULL::timestamptz
                FROM snapshots s WHERE s.is_new
                ON CONFLICT (id) DO NOTHING
                RETURNING id
            ), went_in AS (
                SELECT id FROM updated UNION ALL SELECT id FROM created
            ), new_events AS (
                INSERT INTO events (case_id, seq, at, type, body, prev_hash, hash)
                SELECT w_case[e.w], e.seq, e.at, e.type, e.body, e.prev_hash, e.hash
                FROM unnest(e_write, e_seq, e_at, e_type, e_body, e_prev, e_hash) AS e(w, seq, at, type, body, prev_hash, hash)
                WHERE w_case[e.w] IN (SELECT id FROM went_in)
            )
            SELECT coalesce((SELECT array_agg(id) FROM went_in), '{}'), coalesce((SELECT array_agg(key) FROM answer), '{}')
            INTO written, claimed;

            -- A new case whose id another daemon took meanwhile keeps nothing, not even its answer.
            FOR one IN SELECT i.k FROM unnest(w_case, w_new, w_key) AS i(id, is_new, k)
                           WHERE i.is_new AND NOT i.id = ANY(written) AND i.k = ANY(claimed) LOOP
                DELETE FROM idempotency WHERE key = one;
            END LOOP;
            -- A daemon that advanced a case from an outdated copy lets the others have its timer at once.
            FOR one IN SELECT i.id FROM unnest(w_case, w_ok) AS i(id, ok) WHERE NOT i.ok LOOP
                UPDATE cases c SET claimed_by = NULL, claimed_until = NULL WHERE c.id = one AND c.claimed_by = owner;
            END LOOP;

            IF array_length(written, 1) > 0 THEN
                PERFORM pg_advisory_xact_lock(ledger_lock);
                -- A new statement again: the largest index is read with the lock held.
                INSERT INTO ledger (idx, case_id, seq, event_hash)
                SELECT base.m + row_number() OVER (ORDER BY e.j), w_case[e.w], e.seq, e.hash
                FROM unnest(e_write, e_seq, e_hash) WITH ORDINALITY AS e(w, seq, hash, j),
                     (SELECT COALESCE(MAX(idx), 0) AS m FROM ledger) AS base
                WHERE w_case[e.w] = ANY(written);

                FOR one IN SELECT q FROM unnest(q_reset) AS q WHERE q = ANY(written) LOOP
                    DELETE FROM case_search s WHERE s.case_id = one
                        AND NOT s.name = ANY(ARRAY(SELECT q.nm FROM unnest(q_case, q_name) AS q(c, nm) WHERE q.c = one));
                END LOOP;
                INSERT INTO case_search (case_id, name, value)
                SELECT q.c, q.nm, q.v FROM unnest(q_case, q_name, q_value) AS q(c, nm, v) WHERE q.c = ANY(written)
                ON CONFLICT (case_id, name) DO UPDATE SET value = excluded.value WHERE case_search.value <> excluded.value;

                INSERT INTO deliveries (message, case_id, channel, receiver, payload, state, attempts, created_at, next_at)
                SELECT x.m, x.c, x.ch, x.r, x.p, 'pending', 0, x.t, x.t
                FROM unnest(d_message, d_case, d_channel, d_receiver, d_payload, d_at) AS x(m, c, ch, r, p, t)
                WHERE x.c = ANY(written)
                ON CONFLICT (message, channel, receiver) DO NOTHING;
                INSERT INTO notifications (person, message, case_id, payload, created_at)
                SELECT x.pe, x.m, x.c, x.p, x.t
                FROM unnest(n_person, n_message, n_case, n_payload, n_at) AS x(pe, m, c, p, t)
                WHERE x.c = ANY(written)
                ON CONFLICT (person, message) DO NOTHING;
            END IF;

            RETURN QUERY
            SELECT i.id,
                   CASE WHEN i.id = ANY(written) THEN 'written'
                        WHEN NOT i.ok THEN 'stale'
                        WHEN i.has_key AND NOT i.k = ANY(claimed) THEN 'key_taken'
                        ELSE 'id_taken' END,
                   CASE WHEN i.id = ANY(written) OR i.ok AND NOT i.is_new THEN 0::bigint
                        ELSE coalesce((SELECT c.version FROM cases c WHERE c.id = i.id), 0) END
            FROM unnest(w_case, w_ok, w_new, w_has_key, w_key) AS i(id, ok, is_new, has_key, k);
        END
        $fn$
        """#
}
