extension CaseStore {
    /// Recomputes a case's chain and checks that its history reaches the case's version
    /// (a chain alone cannot tell that its last events were removed). Nil for an unknown case.
    public func verify(caseID: String) async throws -> VerifyResult? {
        // Read together: a write landing between two reads looked like a truncated history.
        try await caseRecord(caseID: caseID).verify(caseID: caseID)
    }
}

extension CaseRecord {
    /// `CaseStore.verify(caseID:)` on a case already read.
    public func verify(caseID: String) -> VerifyResult? {
        if events.isEmpty && snapshot == nil { return nil }
        let result = HashChain.verify(events)
        guard result.isIntact, let version = snapshot?.version, version > events.count else { return result }
        return .broken(ChainBreak(caseID: caseID, sequence: events.count + 1, problem: .truncated,
                                  expected: String(version), found: String(events.count)))
    }
}
