import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// The tallies of one workflow: all its cases, and one per value of the `--by` field.
struct ProcessTally {
    let shape: ProcessShape
    let query: ReportQuery
    private var all: FiguresTally
    private var slices: [String: FiguresTally] = [:]
    /// The case summary is made only when something reads the case's data.
    private let needsSummary: Bool

    init(shape: ProcessShape, query: ReportQuery) {
        self.shape = shape
        self.query = query
        all = FiguresTally(shape: shape, query: query)
        needsSummary = query.by != nil || !KPITally(workflow: shape.workflow).isEmpty
    }

    mutating func add(caseID: String, events: [CaseEvent], calendar: WorkingCalendar, catalog: WorkflowCatalog) {
        let digest = CaseDigest(events: events, shape: shape, calendar: calendar)
        let summary = needsSummary ? CaseSummary(caseID: caseID, events: events, catalog: catalog) : nil
        all.add(digest, summary: summary, calendar: calendar)
        if let by = query.by {
            let value = summary.map { Self.text($0.value(by)) } ?? ReportSlice.none
            slices[value, default: FiguresTally(shape: shape, query: query)].add(digest, summary: summary, calendar: calendar)
        }
    }

    func report() -> ProcessReport {
        let w = shape.workflow
        return ProcessReport(workflow: w.id, title: w.definition.title, calendar: w.calendar.id, zone: w.calendar.zone.identifier,
                             dayMillis: shape.dayMillis, mainOutcome: shape.mainOutcome, by: query.by, every: query.every?.rawValue,
                             figures: all.figures(),
                             slices: sliceOrder().map { ReportSlice(value: $0, figures: slices[$0]!.figures()) })
    }

    /// The field's allowed values in their declared order, numbers by size, other text
    /// alphabetically; `(none)` last.
    private func sliceOrder() -> [String] {
        let values = slices.keys.filter { $0 != ReportSlice.none }
        let declared = query.by.flatMap { shape.workflow.fieldSlots[$0] }.flatMap { shape.workflow.fields[$0].allowed }?.map(Self.text) ?? []
        let sorted = values.sorted { a, b in
            let ia = declared.firstIndex(of: a) ?? Int.max, ib = declared.firstIndex(of: b) ?? Int.max
            if ia != ib { return ia < ib }
            if let x = Double(a), let y = Double(b), x != y { return x < y }
            return a < b
        }
        return sorted + (slices[ReportSlice.none] == nil ? [] : [ReportSlice.none])
    }

    /// A value as a slice's name: text as is, other values as JSON.
    static func text(_ v: Value) -> String {
        switch v {
        case .null: return ReportSlice.none
        case .string(let s): return s.isEmpty ? ReportSlice.none : s
        default: return JSONPrinter.print(v)
        }
    }
}
