import CaseflowYAML

/// A `kind: escalation` document, or a ladder written inline.
public struct EscalationLadder: Sendable {
    public var id: Located<String>?
    public var levels: [EscalationLevel]
    public var location: SourceLocation
}

public struct EscalationLevel: Sendable {
    public enum Moment: Hashable, Sendable, CustomStringConvertible {
        case warn
        /// The deadline, plus an optional delay.
        case breach(after: DurationSpec?)

        public var description: String {
            switch self {
            case .warn: return "warn"
            case .breach(nil): return "breach"
            case .breach(let d?): return "breach + \(d)"
            }
        }
    }

    public var at: Located<Moment>
    /// `owner` or role names.
    public var notify: [Located<String>]
    public var reassign: Located<String>?
    /// Field name → value node (typed against the workflow's data when checked).
    public var set: [(field: Located<String>, value: YAMLNode)]
    public var goto: Located<String>?
    public var location: SourceLocation
}

/// A `kind: decision` table.
public struct DecisionDefinition: Sendable {
    public enum HitPolicy: String, Sendable, CaseIterable {
        case first, unique, collect, any
    }

    public var id: Located<String>
    public var hit: HitPolicy
    public var rules: [DecisionRuleDefinition]
    public var location: SourceLocation
}

public struct DecisionRuleDefinition: Sendable {
    public var when: ExpressionSource?
    public var set: [(field: Located<String>, value: YAMLNode)]
    public var location: SourceLocation
}

/// A `kind: directory`: people and their roles.
public struct Directory: Sendable {
    public var id: Located<String>
    public var people: [Person]
}

public struct Person: Sendable {
    public var id: Located<String>
    public var name: String?
    public var roles: [Located<String>]
    /// Where notifications go (none: the inbox only).
    public var email: String?
    /// The language of messages and the console (a BCP 47 tag such as `en` or `zh-CN`).
    public var locale: String?

    public init(id: Located<String>, name: String?, roles: [Located<String>], email: String? = nil, locale: String? = nil) {
        self.id = id
        self.name = name
        self.roles = roles
        self.email = email
        self.locale = locale
    }
}

/// A `kind: calendar` as written; `CalendarDefinition.calendar` is the working calendar built from it.
public struct CalendarDefinition: Sendable {
    public var id: Located<String>
    public var timezone: Located<String>
    public var calendar: WorkingCalendar
}
