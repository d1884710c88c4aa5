extension ReportChart {
    /// One row of a range chart: a solid bar to `low`, a lighter one on to `high`, and a tick at `mark`.
    public struct Range: Sendable {
        public var label: String
        public var low: Double
        public var high: Double
        public var mark: Double?
        public var text: String
        public var alert: Bool

        public init(label: String, low: Double, high: Double, mark: Double? = nil, text: String, alert: Bool = false) {
            self.label = label
            self.low = low
            self.high = high
            self.mark = mark
            self.text = text
            self.alert = alert
        }
    }

    /// Horizontal range bars (a median to a p90, say) with an optional marker (a target) each,
    /// on one scale. Empty when there is nothing to draw.
    public static func ranges(_ rows: [Range], title: String, legend: (low: String, high: String, mark: String)) -> String {
        guard !rows.isEmpty else { return "" }
        let rowHeight = 26, labelWidth = 170, barWidth = 220, valueWidth = 190, legendHeight = 24
        let width = labelWidth + barWidth + valueWidth
        let height = rows.count * rowHeight + 8 + legendHeight
        let top = max(rows.map { max($0.high, $0.mark ?? 0) }.max() ?? 1, 1e-9)
        func x(_ v: Double) -> Int { labelWidth + Int((min(max(v, 0), top) / top * Double(barWidth)).rounded()) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" "
            + "aria-label=\"\(escape(title))\" font-family=\"\(fonts)\" font-size=\"13\"><title>\(escape(title))</title>"
        for (i, row) in rows.enumerated() {
            let y = 4 + i * rowHeight
            let colour = row.alert ? "#c2410c" : "#1d4ed8"
            let label = row.label.count > 22 ? String(row.label.prefix(21)) + "…" : row.label
            svg += "<g><title>\(escape(row.label)): \(escape(row.text))</title>"
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\" fill=\"#1f2937\">\(escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(barWidth)\" height=\"18\" fill=\"#eef2f7\"/>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(x(row.high) - labelWidth)\" height=\"18\" fill=\"\(colour)\" fill-opacity=\"0.35\"/>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(x(row.low) - labelWidth)\" height=\"18\" fill=\"\(colour)\"/>"
            if let mark = row.mark {
                svg += "<line x1=\"\(x(mark))\" y1=\"\(y + 1)\" x2=\"\(x(mark))\" y2=\"\(y + 25)\" stroke=\"#111827\" stroke-width=\"2\"/>"
            }
            svg += "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 17)\" fill=\"#1f2937\">\(escape(row.text))</text></g>"
        }
        let ly = rows.count * rowHeight + 12
        svg += "<g font-size=\"12\" fill=\"#374151\">"
        svg += "<rect x=\"\(labelWidth)\" y=\"\(ly)\" width=\"12\" height=\"12\" fill=\"#1d4ed8\"/><text x=\"\(labelWidth + 16)\" y=\"\(ly + 10)\">\(escape(legend.low))</text>"
        svg += "<rect x=\"\(labelWidth + 80)\" y=\"\(ly)\" width=\"12\" height=\"12\" fill=\"#1d4ed8\" fill-opacity=\"0.35\"/>"
            + "<text x=\"\(labelWidth + 96)\" y=\"\(ly + 10)\">\(escape(legend.high))</text>"
        svg += "<line x1=\"\(labelWidth + 166)\" y1=\"\(ly - 1)\" x2=\"\(labelWidth + 166)\" y2=\"\(ly + 13)\" stroke=\"#111827\" stroke-width=\"2\"/>"
            + "<text x=\"\(labelWidth + 174)\" y=\"\(ly + 10)\">\(escape(legend.mark))</text></g>"
        return svg + "</svg>"
    }
}
