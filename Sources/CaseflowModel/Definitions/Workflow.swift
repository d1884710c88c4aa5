import CaseflowYAML

/// A `kind: workflow` document: the stages a case goes through.
public struct Workflow: Sendable {
    /// The highest version a workflow may have: far more than any process is changed, and far
    /// enough from the integers' end that "raise version to N+1" and its arithmetic always hold.
    public static let maxVersion = 1_000_000

    public var id: Located<String>
    /// 1 ... `maxVersion`.
    public var version: Int
    public var title: String?
    public var description: String?
    /// Markdown for everyone working cases of this workflow (an operating guide).
    public var instructions: String? = nil
    /// Data fields indexed for equality search and shown in work queues.
    public var search: [Located<String>] = []
    public var calendar: Located<String>?
    public var roles: [Located<String>]
    public var data: [DataField]
    public var sla: SLASpec?
    public var start: Located<String>
    public var stages: [Stage]
    /// Every stage id written under `stages:`, including stages too broken to load.
    public var declaredStageIDs: Set<String>
    public var location: SourceLocation
    /// The document's text, so history can show the definition that governed a case.
    public var sourceText: String
    /// Where `version:` was written (an unbumped edit is reported there).
    public var versionLocation: SourceLocation
    /// The document's content without comments and layout (see `YAMLNode.canonicalText`).
    public var canonicalText: String
    /// The business figures the workflow is run by (`kpis:`).
    public var kpis: [KPI] = []

    public func stage(_ id: String) -> Stage? { stages.first { $0.id.value == id } }
    public func field(_ name: String) -> DataField? { data.first { $0.name.value == name } }
    public var roleNames: Set<String> { Set(roles.map(\.value)) }
}

/// One field of a case's data.
public struct DataField: Sendable {
    public var name: Located<String>
    public var type: DataType
    public var required: Bool
    public var defaultValue: YAMLNode?
    public var allowed: [YAMLNode]?
    public var min: Double?
    public var max: Double?
    public var title: String?
}
