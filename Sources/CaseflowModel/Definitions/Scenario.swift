import CaseflowYAML

/// A `kind: scenario`: steps run against a workflow on a virtual clock, with expectations.
public struct Scenario: Sendable {
    public var id: Located<String>
    public var workflow: Located<String>
    /// The version cases open on (default: the newest).
    public var version: Located<Int>?
    public var clock: Instant
    public var steps: [ScenarioStep]
    public var location: SourceLocation
}

public struct ScenarioStep: Sendable {
    public var action: ScenarioAction
    public var location: SourceLocation
}

public indirect enum ScenarioAction: Sendable {
    case open(by: Located<String>, data: YAMLNode?)
    /// `stage`: the stage the step is meant for; a case elsewhere refuses it.
    case complete(by: Located<String>, task: Located<String>?, data: YAMLNode?, stage: Located<String>? = nil)
    case set(by: Located<String>, data: YAMLNode)
    case approve(by: Located<String>, comment: String?, stage: Located<String>? = nil)
    case reject(by: Located<String>, reason: String, stage: Located<String>? = nil)
    case assign(by: Located<String>, to: Located<String>)
    case cancel(by: Located<String>, reason: String?)
    /// Moves the case to another version of its workflow, as `caseflow migrate` does.
    case migrate(by: Located<String>, to: Located<Int>, map: [(from: Located<String>, to: Located<String>)], set: YAMLNode?, reason: String?)
    case wait(Located<DurationSpec>)
    case expect(ScenarioExpectation)
    /// The action must be refused; `error` must be part of the refusal's message.
    case fails(ScenarioAction, error: String?)

    public var name: String {
        switch self {
        case .open: return "open"
        case .complete: return "complete"
        case .set: return "set"
        case .approve: return "approve"
        case .reject: return "reject"
        case .assign: return "assign"
        case .cancel: return "cancel"
        case .migrate: return "migrate"
        case .wait: return "wait"
        case .expect: return "expect"
        case .fails: return "fails"
        }
    }

    /// The stage a complete, approve or reject step names.
    public var stage: Located<String>? {
        switch self {
        case .complete(_, _, _, let stage), .approve(_, _, let stage), .reject(_, _, let stage): return stage
        case .fails(let inner, _): return inner.stage
        default: return nil
        }
    }

    public var actor: Located<String>? {
        switch self {
        case .open(let by, _), .complete(let by, _, _, _), .set(let by, _), .approve(let by, _, _),
             .reject(let by, _, _), .assign(let by, _), .cancel(let by, _), .migrate(let by, _, _, _, _):
            return by
        case .fails(let inner, _): return inner.actor
        case .wait, .expect: return nil
        }
    }
}

public struct ScenarioExpectation: Sendable {
    public var stage: Located<String>?
    public var status: Located<String>?
    public var outcome: Located<String>?
    public var data: YAMLNode?
    public var sla: Located<String>?
    public var escalations: Located<Int>?
    public var assignee: Located<String>?
    public var location: SourceLocation
}
