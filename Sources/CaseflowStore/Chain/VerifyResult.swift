/// The outcome of recomputing one case's chain.
public enum VerifyResult: Sendable, Equatable, CustomStringConvertible {
    case intact(events: Int, lastHash: String)
    case broken(ChainBreak)

    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .intact(let n, _): return "ok (\(n) event\(n == 1 ? "" : "s"))"
        case .broken(let b): return b.description
        }
    }
}

/// The first event whose chain does not hold, and what was expected there.
public struct ChainBreak: Sendable, Equatable, CustomStringConvertible {
    public enum Problem: String, Sendable {
        /// The event's body does not hash to its stored hash: the body or the hash was changed.
        case hash
        /// The event's previous hash is not the hash of the event before it.
        case link
        /// Events are missing or out of order.
        case sequence
        /// The history ends before the case's version: its last events are gone.
        case truncated
    }

    public var caseID: String
    public var sequence: Int
    public var problem: Problem
    public var expected: String
    public var found: String

    public init(caseID: String, sequence: Int, problem: Problem, expected: String, found: String) {
        self.caseID = caseID
        self.sequence = sequence
        self.problem = problem
        self.expected = expected
        self.found = found
    }

    public var description: String {
        switch problem {
        case .hash: return "event \(sequence): hash does not match its body: expected \(expected), found \(found)"
        case .link: return "event \(sequence): previous hash does not match event \(sequence - 1): expected \(expected), found \(found)"
        case .sequence: return "event \(sequence): sequence out of order: expected \(expected), found \(found)"
        case .truncated: return "event \(sequence): missing: the case is at version \(expected), its history ends at event \(found)"
        }
    }
}
