import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Testing

/// A case's state is the fold of its events: replaying any history rebuilds the same state.
@Suite struct ReplayTests {
    let engine = Shipped.engine

    @Test func replayingARandomlyDrivenCaseRebuildsTheSameState() throws {
        let people = ["alice", "carl", "pat", "bob", "bella", "dana", "david", "fay", "frank", "lena", "leo", "dylan", "amy", "mia", "ada"]
        for seed in UInt64(1)...40 {
            var rng = SplitMix(seed: seed)
            var now = Shipped.at("2026-02-10T10:00:00+08:00")
            let opened = engine.open(caseID: "c\(seed)", workflow: "service-sales",
                                     data: [("customer", "Acme"), ("channel", "referral")], by: "alice", at: now)
            guard case .success(var outcome) = opened else { Issue.record("open refused"); return }
            var history = outcome.events
            for _ in 0..<60 {
                now = now + Int64(rng.next() % 40) * 3_600_000
                let who = people[Int(rng.next() % UInt64(people.count))]
                let command = randomCommand(&rng, outcome.state)
                if case .success(let next) = engine.handle(command, on: outcome.state, by: who, at: now) {
                    outcome = next
                    history += next.events
                } else {
                    let advanced = engine.advance(outcome.state, to: now)
                    outcome = advanced
                    history += advanced.events
                }
                #expect(history.map(\.sequence) == Array(1...history.count))
                let replayed = try #require(CaseState.replay(history, in: engine.catalog))
                guard replayed == outcome.state else {
                    Issue.record("seed \(seed): replay differs after \(history.count) events")
                    return
                }
                if !outcome.state.isOpen { break }
            }
        }
    }

    /// The property the daemon and `caseflow verify` rely on: whatever commands a case went
    /// through, its stored events (canonical JSON) replayed give its stored snapshot.
    @Test func storedHistoryReplaysToTheStoredSnapshot() async throws {
        let people = ["alice", "carl", "pat", "bob", "bella", "dana", "david", "fay", "frank", "lena", "leo", "dylan", "amy", "mia", "ada"]
        let store = MemoryStore()
        for seed in UInt64(100)...130 {
            var rng = SplitMix(seed: seed)
            var now = Shipped.at("2026-02-10T10:00:00+08:00")
            var outcome = try engine.open(caseID: "s\(seed)", workflow: "service-sales",
                                          data: [("customer", "Acme"), ("channel", "referral")], by: "alice", at: now).get()
            try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: 0, at: now))
            for _ in 0..<50 {
                now = now + Int64(rng.next() % 40) * 3_600_000
                let who = people[Int(rng.next() % UInt64(people.count))]
                let before = outcome.state.sequence
                let next = (try? engine.handle(randomCommand(&rng, outcome.state), on: outcome.state, by: who, at: now).get())
                    ?? engine.advance(outcome.state, to: now)
                guard !next.events.isEmpty else { continue }
                outcome = next
                try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: before, at: now))
                let check = SnapshotCheck.check(events: await store.events(caseID: "s\(seed)"),
                                                snapshot: await store.snapshot(caseID: "s\(seed)"), catalog: engine.catalog)
                guard case .matches(let replayed) = check, replayed == outcome.state else {
                    Issue.record("seed \(seed): \(check)")
                    return
                }
                if !outcome.state.isOpen { break }
            }
        }
    }

    /// `handle` in place, over random commands (many of them refused, some after the timers that
    /// fell due fired or after data was written): a refusal leaves the case exactly as it was,
    /// and a success leaves it as the value form of `handle` does.
    @Test func inPlaceCommandsChangeTheCaseOnlyAsTheValueFormDoes() throws {
        let people = ["alice", "carl", "pat", "bob", "bella", "dana", "david", "fay", "frank", "lena", "leo", "dylan", "amy", "mia", "ada", "ivy"]
        var refused = 0, done = 0
        for seed in UInt64(200)...260 {
            var rng = SplitMix(seed: seed)
            var now = Shipped.at("2026-02-10T10:00:00+08:00")
            var state = try engine.open(caseID: "p\(seed)", workflow: "service-sales",
                                        data: [("customer", "Acme"), ("channel", "referral")], by: "alice", at: now).get().state
            for _ in 0..<80 {
                now = now + Int64(rng.next() % 30) * 3_600_000
                let who = people[Int(rng.next() % UInt64(people.count))]
                let command = randomCommand(&rng, state)
                let before = state
                let byValue = engine.handle(command, on: before, by: who, at: now)
                switch (engine.handle(command, on: &state, by: who, at: now), byValue) {
                case (.failure(let a), .failure(let b)):
                    #expect(a.message == b.message)
                    guard state == before else { Issue.record("seed \(seed): a refused \(command.name) changed the case"); return }
                    refused += 1
                case (.success(let events), .success(let outcome)):
                    guard state == outcome.state, events.map(\.kind) == outcome.events.map(\.kind) else {
                        Issue.record("seed \(seed): \(command.name) in place differs from its value form")
                        return
                    }
                    done += 1
                default:
                    Issue.record("seed \(seed): \(command.name) succeeded one way and was refused the other")
                    return
                }
                if !state.isOpen { break }
            }
        }
        #expect(refused > 100 && done > 100, "refused \(refused), done \(done)")
    }

    private func randomCommand(_ rng: inout SplitMix, _ state: CaseState) -> Command {
        let tasks = ["internal_discussion", "customer_review", "presentation", "customer_signature", "archiving",
                     "kickoff", "implementation", "acceptance"]
        switch rng.next() % 9 {
        case 0: return .complete(task: nil, data: [("budget", .double(Double(rng.next() % 900_000))), ("intent", .int(Int64(rng.next() % 11)))])
        case 1: return .complete(task: nil, data: [("needs_summary", "x"), ("quote_amount", 1000.0),
                                                  ("discount", .double(Double(rng.next() % 30) / 100))])
        case 2: return .complete(task: tasks[Int(rng.next() % UInt64(tasks.count))], data: [])
        case 3: return .complete(task: nil, data: [("contract_no", "K-1"), ("contract_value", 5.0), ("signed_on", "2026-03-09"),
                                                  ("satisfaction_score", 9)])
        case 4: return .setData([("waiting_on_customer", .bool(rng.next() % 2 == 0))])
        case 5: return .approve(comment: nil)
        case 6: return rng.next() % 4 == 0 ? .reject(reason: "too deep") : .approve(comment: "ok")
        case 7: return .complete(task: nil, data: [])
        default: return rng.next() % 10 == 0 ? .cancel(reason: "dup") : .setData([("priority", "high")])
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
