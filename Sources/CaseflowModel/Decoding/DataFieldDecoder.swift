import CaseflowYAML

/// `data:` entries: `name: { type: number, min: 0 }` or the short form `name: number`.
struct DataFieldDecoder {
    let reader: NodeReader

    static let keys = ["type", "required", "default", "enum", "min", "max", "title", "description"]

    func decode(name: Located<String>, _ node: YAMLNode) -> DataField? {
        if node.scalar != nil {
            guard let type = parseType(node) else { return nil }
            return DataField(name: name, type: type, required: false, defaultValue: nil, allowed: nil,
                             min: nil, max: nil, title: nil)
        }
        guard let f = reader.fields(node, "data field '\(name.value)'", allowed: Self.keys, required: ["type"]),
              let typeNode = f["type"], let type = parseType(typeNode) else { return nil }
        var field = DataField(name: name, type: type, required: false, defaultValue: nil, allowed: nil,
                              min: nil, max: nil, title: f["title"].flatMap { reader.text($0, "title")?.value })
        if let n = f["required"] { field.required = reader.bool(n, "required")?.value ?? false }
        for key in ["min", "max"] {
            guard let n = f[key] else { continue }
            guard type.isNumeric else {
                reader.log.error("'\(key)' applies only to int and number fields; '\(name.value)' is \(type)",
                                 at: f.keyLocation(key))
                continue
            }
            let v = reader.number(n, key)?.value
            if key == "min" { field.min = v } else { field.max = v }
        }
        if let lo = field.min, let hi = field.max, lo > hi, let n = f["max"] {
            reader.log.error("max (\(hi)) is below min (\(lo)) for '\(name.value)'", at: n.location)
        }
        if let n = f["enum"] {
            let items = reader.list(n, "enum")
            if items.isEmpty, n.sequence != nil { reader.log.error("enum must list at least one value", at: n.location) }
            for item in items {
                if let problem = ValueChecker.problem(item, type) {
                    reader.log.error("enum value of '\(name.value)': \(problem)", at: item.location)
                }
            }
            field.allowed = items
        }
        if let n = f["default"] {
            if let problem = ValueChecker.problem(n, type) {
                reader.log.error("default of '\(name.value)': \(problem)", at: n.location)
            } else if let problem = ValueChecker.rangeProblem(n, field) {
                reader.log.error("default of '\(name.value)': \(problem)", at: n.location)
            } else {
                field.defaultValue = n
            }
        }
        return field
    }

    private func parseType(_ node: YAMLNode) -> DataType? {
        guard let text = reader.text(node, "type") else { return nil }
        guard let type = DataType.parse(text.value) else {
            reader.log.error("unknown type '\(text.value)'\(Suggestion.hint(for: text.value, in: DataType.names)); "
                             + "types are \(DataType.names.joined(separator: ", "))", at: node.location)
            return nil
        }
        return type
    }
}
