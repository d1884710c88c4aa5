import CaseflowYAML

/// References and shape of one workflow: roles, fields, stages, policies, reachability.
struct WorkflowChecker {
    let set: DefinitionSet
    let workflow: Workflow

    private var roles: Set<String> { workflow.roleNames }
    private var stageIDs: [String] { workflow.stages.map(\.id.value) }

    func check(into log: inout DiagnosticLog) {
        let w = workflow
        if let cal = w.calendar, set.calendars[cal.value] == nil {
            log.error("unknown calendar '\(cal.value)'\(Suggestion.hint(for: cal.value, in: set.calendars.keys))", at: cal.location)
        }
        stageRef(w.start, "start", &log)
        if w.stage(w.start.value)?.kind == .end {
            log.warning("the start stage is an end: every case closes as soon as it opens", at: w.start.location)
        }
        if let sla = w.sla { checkSLA(sla, &log) }
        checkSearch(&log)
        KPIChecker(workflow: w).check(into: &log)
        for stage in w.stages { checkStage(stage, &log) }
        checkRolesHeld(&log)
        if w.calendar == nil { checkBusinessTimeHasACalendar(&log) }
        // Paths are only worth checking once every stage and link is known; otherwise one typo
        // would also be reported as unreachable or dead-end stages.
        if linksAreWhole {
            GraphChecker(workflow: w, ladders: ladders).check(into: &log)
        }
    }

    private var linksAreWhole: Bool {
        let w = workflow
        guard w.stages.count == w.declaredStageIDs.count, w.declaredStageIDs.contains(w.start.value) else { return false }
        let targets = w.stages.flatMap(\.successors) + ladders.flatMap { $0.ladder.levels.compactMap(\.goto) }
        return targets.allSatisfy { w.declaredStageIDs.contains($0.value) }
            && w.stages.allSatisfy { $0.kind == .end || $0.next != nil }
    }

    /// Every ladder the workflow uses, with whether it belongs to the case (not one stage).
    private var ladders: [(ladder: EscalationLadder, stage: String?)] {
        var result: [(EscalationLadder, String?)] = []
        if let l = set.ladder(workflow.sla?.escalation) { result.append((l, nil)) }
        for stage in workflow.stages {
            if let l = set.ladder(stage.sla?.escalation) { result.append((l, stage.id.value)) }
        }
        return result
    }

    private func checkStage(_ stage: Stage, _ log: inout DiagnosticLog) {
        if let role = stage.role { roleRef(role, &log) }
        for task in stage.tasks { roleRef(task.role, &log) }
        for field in stage.requires { fieldRef(field, "requires", &log) }
        if let id = stage.decide {
            if let table = set.decisions[id.value] {
                DecisionChecker(workflow: workflow).check(table, usedAt: id, into: &log)
            } else {
                log.error("unknown decision '\(id.value)'\(Suggestion.hint(for: id.value, in: set.decisions.keys))", at: id.location)
            }
        }
        for target in stage.next?.targets ?? [] { stageRef(target, "next", &log) }
        if let gate = stage.gate {
            for role in gate.approvers where !roles.contains(role.value) {
                log.error("approver role '\(role.value)' is not one of the workflow's roles"
                          + Suggestion.hint(for: role.value, in: roles), at: role.location)
            }
            stageRef(gate.onReject, "on_reject", &log)
            for field in gate.protects { fieldRef(field, "protects", &log) }
            checkProtection(stage, gate, &log)
            if !set.people.isEmpty { checkQuorum(stage, gate, &log) }
        }
        if let sla = stage.sla { checkSLA(sla, &log) }
    }

    /// A gate whose quorum the directory cannot meet holds every case that reaches it for ever:
    /// an error (add people, or lower the quorum in a new version).
    private func checkQuorum(_ stage: Stage, _ gate: Gate, _ log: inout DiagnosticLog) {
        let approvers = gate.approvers.map(\.value)
        switch gate.quorum {
        case .count(let n):
            let voters = set.people.values.filter { p in p.roles.contains { approvers.contains($0.value) } }
            if voters.count < n {
                log.error("gate \(stage.id.value) can never pass: quorum \(n) needs \(n) different approvers, but the directory has "
                          + "\(voters.count) \(voters.count == 1 ? "person" : "people") holding \(approvers.joined(separator: " or "))",
                          at: stage.id.location)
            }
        case .all:
            // One different person for each role: a matching of roles to people (few of each).
            let people = set.people.keys.sorted()
            let holders = approvers.map { role in people.indices.filter { i in set.people[people[i]]?.roles.contains { $0.value == role } ?? false } }
            var matchedRole = [Int?](repeating: nil, count: people.count)
            func place(_ role: Int, _ seen: inout [Bool]) -> Bool {
                for person in holders[role] where !seen[person] {
                    seen[person] = true
                    if matchedRole[person] == nil || place(matchedRole[person]!, &seen) {
                        matchedRole[person] = role
                        return true
                    }
                }
                return false
            }
            var unmet: [String] = []
            for role in approvers.indices {
                var seen = [Bool](repeating: false, count: people.count)
                if !place(role, &seen) { unmet.append(approvers[role]) }
            }
            if !unmet.isEmpty {
                log.error("gate \(stage.id.value) can never pass: quorum all needs a different person for each of "
                          + "\(approvers.joined(separator: ", ")), but the directory has none left for \(unmet.joined(separator: ", "))",
                          at: stage.id.location)
            }
        }
    }

    /// A gate's approval should cover what routes cases to it and on from it: the conditions of
    /// the branches that lead into the gate and of its own `next`.
    private func checkProtection(_ gate: Stage, _ g: Gate, _ log: inout DiagnosticLog) {
        let protected = Set(g.protects.map(\.value))
        let scope = WorkflowScope(workflow)
        var unprotected: [String] = []
        var conditions: [ExpressionSource] = []
        if case .branches(let bs)? = gate.next { conditions += bs.compactMap(\.when) }
        for stage in workflow.stages {
            guard case .branches(let bs)? = stage.next else { continue }
            conditions += bs.filter { $0.to.value == gate.id.value }.compactMap(\.when)
        }
        for condition in conditions {
            guard let program = scope.compile(condition).program else { continue }
            for slot in program.referencedSlots where slot < workflow.data.count {
                let name = workflow.data[slot].name.value
                if !protected.contains(name) && !unprotected.contains(name) { unprotected.append(name) }
            }
        }
        guard !unprotected.isEmpty else { return }
        log.warning("gate \(gate.id.value) is routed by \(unprotected.joined(separator: ", ")), which its approval does not "
                    + "protect: add protects: [\((g.protects.map(\.value) + unprotected).joined(separator: ", "))] so a "
                    + "change after the vote needs a fresh one", at: g.location ?? gate.id.location)
    }

    /// A role nobody in the directory holds leaves its stages to admins alone; at a gate (which
    /// admins cannot vote at) whose quorum needs that role, no case can ever pass.
    private func checkRolesHeld(_ log: inout DiagnosticLog) {
        guard !set.people.isEmpty else { return }
        let held = Set(set.people.values.flatMap { $0.roles.map(\.value) })
        var needs: [String: [String]] = [:]
        for stage in workflow.stages {
            var roles = (stage.role.map { [$0.value] } ?? []) + stage.tasks.map(\.role.value)
            if let gate = stage.gate {
                roles += gate.approvers.map(\.value)
                let missing = gate.approvers.map(\.value).filter { !held.contains($0) }
                if gate.quorum == .all, let role = missing.first {
                    log.error("gate \(stage.id.value) can never pass: quorum all needs a vote from someone holding \(role), "
                              + "and nobody in the directory holds it", at: stage.id.location)
                } else if missing.count == gate.approvers.count {
                    log.error("gate \(stage.id.value) can never pass: nobody in the directory holds any of its approver roles "
                              + "(\(missing.joined(separator: ", ")))", at: stage.id.location)
                }
            }
            for role in roles where !held.contains(role) && !(needs[role]?.contains(stage.id.value) ?? false) {
                needs[role, default: []].append(stage.id.value)
            }
        }
        for role in workflow.roles where needs[role.value] != nil {
            log.warning("nobody in the directory holds role \(role.value), which stage\(needs[role.value]!.count == 1 ? "" : "s") "
                        + "\(needs[role.value]!.joined(separator: ", ")) need\(needs[role.value]!.count == 1 ? "s" : ""): only an admin can act there",
                        at: role.location)
        }
    }

    /// Without a calendar every hour is working time, so "5 business days" would silently mean
    /// 120 hours around the clock: an error that says so.
    private func checkBusinessTimeHasACalendar(_ log: inout DiagnosticLog) {
        func check(_ d: Located<DurationSpec>) {
            guard d.value.isBusiness else { return }
            log.error("`\(d.value)` counts working time, but workflow '\(workflow.id.value)' names no calendar, so every hour "
                      + "would count: add `calendar: ID`, or write a wall-clock duration", at: d.location)
        }
        for sla in [workflow.sla] + workflow.stages.map(\.sla) {
            for target in sla?.due ?? [] { check(target.due) }
        }
        for stage in workflow.stages { if let w = stage.wait { check(w) } }
        for (ladder, _) in ladders {
            for level in ladder.levels {
                if case .breach(let delay?) = level.at.value, delay.isBusiness {
                    check(Located(delay, at: level.at.location))
                }
            }
        }
    }

    /// `search:` names data fields of a type compared by equality (text, numbers, yes/no, days).
    private func checkSearch(_ log: inout DiagnosticLog) {
        var seen = Set<String>()
        for name in workflow.search {
            guard seen.insert(name.value).inserted else {
                log.error("search field '\(name.value)' is listed twice", at: name.location)
                continue
            }
            guard let field = workflow.field(name.value) else {
                log.error("search field '\(name.value)' is not a data field of workflow '\(workflow.id.value)'"
                          + Suggestion.hint(for: name.value, in: workflow.data.map(\.name.value)), at: name.location)
                continue
            }
            switch field.type {
            case .string, .int, .number, .bool, .date: break
            default:
                log.error("search field '\(name.value)' is a \(field.type): only string, int, number, bool and date fields "
                          + "can be searched by equality (use where= for the others)", at: name.location)
            }
        }
    }

    private func checkSLA(_ sla: SLASpec, _ log: inout DiagnosticLog) {
        if case .named(let id)? = sla.escalation, set.escalations[id.value] == nil {
            log.error("unknown escalation '\(id.value)'\(Suggestion.hint(for: id.value, in: set.escalations.keys))",
                      at: id.location)
        }
        guard let ladder = set.ladder(sla.escalation) else { return }
        for level in ladder.levels {
            for target in level.notify where target.value != "owner" && !roles.contains(target.value)
                && set.people[target.value] == nil {
                log.error("notify '\(target.value)' is neither owner, a role of workflow '\(workflow.id.value)' nor a person "
                          + "of the directory" + Suggestion.hint(for: target.value, in: roles.union(["owner"]).union(set.people.keys)),
                          at: target.location)
            }
            if let role = level.reassign, !roles.contains(role.value) {
                log.error("reassign role '\(role.value)' is not a role of workflow '\(workflow.id.value)'"
                          + Suggestion.hint(for: role.value, in: roles), at: role.location)
            }
            if let stage = level.goto, !workflow.declaredStageIDs.contains(stage.value) {
                log.error("goto '\(stage.value)': workflow '\(workflow.id.value)' has no such stage"
                          + Suggestion.hint(for: stage.value, in: stageIDs), at: stage.location)
            }
            for (field, value) in level.set {
                guard let f = workflow.field(field.value) else {
                    log.error("set '\(field.value)': workflow '\(workflow.id.value)' has no such data field"
                              + Suggestion.hint(for: field.value, in: workflow.data.map(\.name.value)), at: field.location)
                    continue
                }
                if let p = ValueChecker.problem(value, f.type) ?? ValueChecker.rangeProblem(value, f) {
                    log.error("set '\(field.value)': \(p)", at: value.location)
                }
            }
        }
    }

    private func roleRef(_ role: Located<String>, _ log: inout DiagnosticLog) {
        guard !roles.contains(role.value) else { return }
        log.error("role '\(role.value)' is not one of the workflow's roles\(Suggestion.hint(for: role.value, in: roles))",
                  at: role.location)
    }

    private func fieldRef(_ field: Located<String>, _ what: String, _ log: inout DiagnosticLog) {
        guard workflow.field(field.value) == nil else { return }
        log.error("\(what) '\(field.value)' is not a data field\(Suggestion.hint(for: field.value, in: workflow.data.map(\.name.value)))",
                  at: field.location)
    }

    private func stageRef(_ stage: Located<String>, _ what: String, _ log: inout DiagnosticLog) {
        guard !workflow.declaredStageIDs.contains(stage.value) else { return }
        log.error("\(what) '\(stage.value)' is not a stage of this workflow\(Suggestion.hint(for: stage.value, in: stageIDs))",
                  at: stage.location)
    }
}
