import Foundation
import Testing

/// A line-by-line check of the Mermaid `flowchart` subset the renderer writes: statements,
/// quoted labels with only entity codes for special characters, edges between declared nodes.
enum MermaidShape {
    static let node = try! NSRegularExpression(pattern: #"^    ([A-Za-z][A-Za-z0-9_]*)(\(\(|\[\[|\(\[|\{\{|\[|\{|>)"([^"]*)"(\)\)|\]\]|\]\)|\}\}|\]|\})$"#)
    static let edge = try! NSRegularExpression(pattern: #"^    ([A-Za-z][A-Za-z0-9_]*) (-->|==>|-\.->)(?:\|"([^"]*)"\|)? ([A-Za-z][A-Za-z0-9_]*)$"#)
    static let pairs = ["((": "))", "[[": "]]", "([": "])", "{{": "}}", "[": "]", "{": "}", ">": "]"]

    static func check(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.last == "", "ends with a newline", sourceLocation: sourceLocation)
        lines.removeLast()
        #expect(Array(lines.prefix(4)).count == 4, sourceLocation: sourceLocation)
        #expect(lines[0] == "---" && lines[1].hasPrefix("title: \"") && lines[2] == "---" && lines[3] == "flowchart TD",
                sourceLocation: sourceLocation)
        var declared: Set<String> = []
        for line in lines.dropFirst(4) {
            let range = NSRange(line.startIndex..., in: line)
            if let m = node.firstMatch(in: line, range: range) {
                let id = String(line[Range(m.range(at: 1), in: line)!])
                let open = String(line[Range(m.range(at: 2), in: line)!])
                let close = String(line[Range(m.range(at: 4), in: line)!])
                #expect(pairs[open] == close, "shape \(open)…\(close) in: \(line)", sourceLocation: sourceLocation)
                #expect(declared.insert(id).inserted, "node \(id) declared twice", sourceLocation: sourceLocation)
                checkLabel(String(line[Range(m.range(at: 3), in: line)!]), line: line, sourceLocation: sourceLocation)
            } else if let m = edge.firstMatch(in: line, range: range) {
                for group in [1, 4] {
                    let id = String(line[Range(m.range(at: group), in: line)!])
                    #expect(declared.contains(id), "edge to undeclared node \(id): \(line)", sourceLocation: sourceLocation)
                }
                if let r = Range(m.range(at: 3), in: line) { checkLabel(String(line[r]), line: line, sourceLocation: sourceLocation) }
            } else {
                let ok = line.hasPrefix("    classDef k_") || line.hasPrefix("    class ") || line.hasPrefix("    linkStyle ")
                #expect(ok, "unexpected line: \(line)", sourceLocation: sourceLocation)
                #expect(!line.contains("\""), "quote outside a label: \(line)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Inside a label only `<br/>` is markup; `#` only starts an entity code like `#quot;` or `#35;`.
    static func checkLabel(_ label: String, line: String, sourceLocation: Testing.SourceLocation) {
        let plain = label.replacingOccurrences(of: "<br/>", with: "\n")
        for bad in ["<", ">", "&", "|", "`", "\""] {
            #expect(!plain.contains(bad), "unescaped \(bad) in: \(line)", sourceLocation: sourceLocation)
        }
        let entity = try! NSRegularExpression(pattern: "#(?:[a-z]+|[0-9]+);")
        let stripped = entity.stringByReplacingMatches(in: plain, range: NSRange(plain.startIndex..., in: plain), withTemplate: "")
        #expect(!stripped.contains("#"), "a # that is not an entity code in: \(line)", sourceLocation: sourceLocation)
    }
}
