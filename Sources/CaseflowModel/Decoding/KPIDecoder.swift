import CaseflowYAML

/// Reads `kpis:`: each KPI names one aggregate (`count`, `sum`, `avg`, `min`, `max`, `p50`,
/// `p90`, `rate`) with its expression, and optionally `where`, `title`, `target`, `better` and
/// `unit`.
struct KPIDecoder {
    let reader: NodeReader
    let source: SourceText

    static let keys = KPI.Aggregate.allCases.map(\.rawValue) + ["where", "title", "target", "better", "unit"]

    func decode(_ node: YAMLNode) -> [KPI] {
        reader.entries(node, "kpis").compactMap { key, value in
            guard NodeReader.isValidID(key.value) else {
                reader.log.error("KPI name '\(key.value)' is not a valid name: use lower-case letters, digits and '_'", at: key.location)
                return nil
            }
            return decode(key: key, value)
        }
    }

    private func decode(key: Located<String>, _ node: YAMLNode) -> KPI? {
        guard let f = reader.fields(node, "KPI '\(key.value)'", allowed: Self.keys) else { return nil }
        let given = KPI.Aggregate.allCases.filter { f[$0.rawValue] != nil }
        guard given.count == 1, let aggregate = given.first else {
            let names = KPI.Aggregate.allCases.map(\.rawValue).joined(separator: ", ")
            reader.log.error(given.isEmpty ? "KPI '\(key.value)' needs one aggregate: \(names) (e.g. avg: satisfaction_score)"
                             : "KPI '\(key.value)' has \(given.count) aggregates (\(given.map(\.rawValue).joined(separator: ", "))); give one",
                             at: node.location)
            return nil
        }
        let expressions = ExpressionReader(reader: reader, source: source)
        var expression: ExpressionSource?
        if let n = f[aggregate.rawValue] {
            // `count: all` counts every case the `where` lets through.
            if !(aggregate == .count && n.scalar?.value == "all") {
                guard let e = expressions.read(n, "\(aggregate.rawValue) of KPI '\(key.value)'") else { return nil }
                expression = e
            }
        }
        var condition: ExpressionSource?
        if let n = f["where"] {
            guard let e = expressions.read(n, "where of KPI '\(key.value)'") else { return nil }
            condition = e
        }
        var better = KPI.Better.higher
        if let n = f["better"], let text = reader.text(n, "better") {
            guard let b = KPI.Better(rawValue: text.value) else {
                reader.log.error("better must be higher or lower, found '\(text.value)'", at: n.location)
                return nil
            }
            better = b
        }
        var target: Located<Double>?
        if let n = f["target"] {
            guard let t = Self.target(n, reader) else { return nil }
            target = t
        }
        return KPI(key: key, title: f["title"].flatMap { reader.text($0, "title")?.value }, aggregate: aggregate, expression: expression,
                   condition: condition, target: target, better: better, unit: f["unit"].flatMap { reader.text($0, "unit")?.value },
                   location: node.location)
    }

    /// A number, a percentage (`30%` is 0.3) or an elapsed duration (`45d`, in seconds).
    static func target(_ node: YAMLNode, _ reader: NodeReader) -> Located<Double>? {
        guard let scalar = node.scalar else {
            reader.log.error("target must be a number, a percentage or a duration, found \(node.kindName)", at: node.location)
            return nil
        }
        let text = scalar.value.trimmingWhitespace()
        if let v = Double(text), v.isFinite { return Located(v, at: node.location) }
        if text.hasSuffix("%"), let v = Double(String(text.dropLast()).trimmingWhitespace()), v.isFinite { return Located(v / 100, at: node.location) }
        switch DurationSpec.parse(text) {
        case .elapsed(let millis)?: return Located(Double(millis) / 1000, at: node.location)
        case .some:
            reader.log.error("target '\(text)' counts business time, which has no fixed length: give it in hours or days of "
                             + "elapsed time (e.g. 240h), against lead_time_working for working time", at: node.location)
            return nil
        case nil:
            reader.log.error("target '\(text)' is neither a number, a percentage (30%) nor a duration (45d)", at: node.location)
            return nil
        }
    }
}
