import CaseflowModel

extension Transaction {
    /// A vote at a gate: one per person per visit; four-eyes refuses anyone who acted on the case.
    mutating func vote(approve: Bool, note: String?) throws(Refusal) {
        let s = stage
        guard let gate = s.gate else {
            throw Refusal(.conflict, "stage \(s.id) is not a gate; there is nothing to \(approve ? "approve" : "reject")")
        }
        guard gate.approvers.contains(where: { actorHolds($0) }) else {
            let admin = actorIsAdmin ? " (admin may do everything but vote)" : ""
            throw Refusal(.forbidden, "\(actor) may not vote at gate \(s.id): that needs role "
                          + gate.approvers.joined(separator: " or ") + admin)
        }
        if state.votes.contains(where: { $0.person == actor }) {
            throw Refusal(.conflict, "\(actor) already voted at gate \(s.id) in this visit")
        }
        if gate.fourEyes, state.actors.contains(actor) {
            throw Refusal(.forbidden, "four-eyes: \(actor) has acted on this case, so may not vote at gate \(s.id)")
        }
        if !approve, (note ?? "").isEmpty {
            throw Refusal(.invalidData, "a rejection needs a reason")
        }
        actingRole = countedRole(gate)
        emit(.voteCast(stage: s.id, approve: approve, note: note))
        if !approve {
            emit(.gateRejected(stage: s.id, reason: note ?? ""), by: CaseEvent.system,
                 why: Why("\(actor) rejected: \(note ?? "")"))
            leave(by: CaseEvent.system)
            try enter(gate.onReject, why: Why("gate \(s.id) rejected by \(actor): \(note ?? "")"))
            return
        }
        guard quorumMet(gate) else { return }
        let approvers = state.votes.filter(\.approve).map(\.person)
        let why = Why("quorum \(Self.describe(gate.quorum)) met by \(approvers.joined(separator: ", "))")
        emit(.gatePassed(stage: s.id), by: CaseEvent.system, why: why)
        let (target, _) = try chooseNext(s)
        leave(by: CaseEvent.system)
        try enter(target, why: why)
    }

    /// The approver role a vote counts for: of the actor's approver roles, the first that no
    /// earlier approving voter holds (the one the vote adds to the quorum), else the first held.
    func countedRole(_ gate: CompiledGate) -> String? {
        let held = gate.approvers.filter { actorHolds($0) }
        let earlier = state.votes.filter(\.approve).map(\.person)
        return held.first { role in !earlier.contains { directory.has($0, role) } } ?? held.first
    }

    static func describe(_ q: Gate.Quorum) -> String {
        switch q {
        case .all: return "all"
        case .count(let n): return String(n)
        }
    }

    /// `N`: N different approvers. `all`: one approver for each listed role, each a different person.
    func quorumMet(_ gate: CompiledGate) -> Bool {
        let approvers = state.votes.filter(\.approve).map(\.person)
        switch gate.quorum {
        case .count(let n): return approvers.count >= n
        case .all: return Self.coversEveryRole(gate.approvers, people: approvers, directory: directory)
        }
    }

    /// Whether each role can be given its own person (a small bipartite matching).
    static func coversEveryRole(_ roles: [String], people: [String], directory: PeopleDirectory) -> Bool {
        var owner: [String: String] = [:]  // person → role
        func place(_ role: String, _ visited: inout Set<String>) -> Bool {
            for person in people where directory.has(person, role) && visited.insert(person).inserted {
                if let other = owner[person] {
                    if place(other, &visited) { owner[person] = role; return true }
                } else {
                    owner[person] = role
                    return true
                }
            }
            return false
        }
        for role in roles {
            var visited = Set<String>()
            if !place(role, &visited) { return false }
        }
        return true
    }
}
