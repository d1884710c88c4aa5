import Foundation
import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowServer

/// Form controls built from a workflow's data types, enums and ranges, and the values a posted
/// form gives back. Values are converted by type where they parse; what does not parse goes to
/// the engine as written, and the engine's refusal says what is wrong with it.
enum FieldControl {
    static let prefix = "data."

    static func entry(_ field: FieldSchema, _ w: CompiledWorkflow, current: Value?, submitted: String?, required: Bool,
                      idPrefix: String) -> [String: Any] {
        var e: [String: Any] = ["name": field.name, "input": prefix + field.name, "id": idPrefix + field.name, "required": required]
        let shown = submitted ?? current.map { PlainValue.text(CaseJSON.shown($0, field, w)) } ?? ""
        e["value"] = shown
        var typeText = field.type.description
        if let allowed = field.allowed {
            e["is_select"] = true
            e["options"] = allowed.map { ["value": PlainValue.text($0), "selected": PlainValue.text($0) == shown] as [String: Any] }
        } else {
            switch field.type {
            case .bool:
                e["is_select"] = true
                e["options"] = ["true", "false"].map { ["value": $0, "selected": $0 == shown] as [String: Any] }
            case .int, .number:
                e["is_input"] = true
                e["input_type"] = "number"
                e["step"] = field.type == .int ? "1" : "any"
                if let min = field.min { e["min"] = number(min) }
                if let max = field.max { e["max"] = number(max) }
                if field.min != nil || field.max != nil {
                    typeText += " " + (field.min.map(number) ?? "…") + " – " + (field.max.map(number) ?? "…")
                }
            case .date:
                e["is_input"] = true
                e["input_type"] = "date"
            case .list, .map:
                e["is_textarea"] = true
                typeText += " (JSON)"
            case .timestamp:
                e["is_input"] = true
                e["input_type"] = "text"
                typeText += " (2026-03-02T09:00:00+08:00)"
            case .duration:
                e["is_input"] = true
                e["input_type"] = "text"
                typeText += " (3d, 4h 30m)"
            case .string:
                e["is_input"] = true
                e["input_type"] = "text"
            }
        }
        e["type_text"] = typeText
        return e
    }

    static func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d) }

    /// The `data.FIELD` entries of a form that carry a value, typed by the workflow's fields.
    static func values(_ form: FormBody, _ w: CompiledWorkflow) -> [(field: String, value: Value)] {
        var out: [(String, Value)] = []
        for (name, raw) in form.fields where name.hasPrefix(prefix) {
            let fieldName = String(name.dropFirst(prefix.count))
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, !out.contains(where: { $0.0 == fieldName }) else { continue }
            guard let slot = w.fieldSlots[fieldName] else {
                out.append((fieldName, .string(text)))
                continue
            }
            out.append((fieldName, typed(text, w.fields[slot].type)))
        }
        return out
    }

    static func typed(_ text: String, _ type: DataType) -> Value {
        switch type {
        case .int: return Int64(text).map(Value.int) ?? .string(text)
        case .number: return Double(text).map(Value.double) ?? .string(text)
        case .bool: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        case .list, .map: return (try? JSONParser.parse(text, strict: true).get()) ?? .string(text)
        default: return .string(text)
        }
    }
}
