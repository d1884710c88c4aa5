/// A plain text table: columns padded with spaces, numbers right-aligned, a dashed rule under the header.
struct TextTable {
    var header: [String]
    /// Columns aligned right (numbers).
    var right: Set<Int>
    var rows: [[String]] = []

    func render(indent: String = "  ") -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                parts.append(right.contains(i) ? pad + cell : (i == cells.count - 1 ? cell : cell + pad))
            }
            return indent + parts.joined(separator: "  ")
        }
        var out = [line(header), indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n") + "\n"
    }
}
