import CaseflowModel
/// Horizontal bar charts as SVG, drawn by Caseflow itself: one row per item, its label, a bar
/// proportional to its value and the value as text. Self-contained (presentation attributes,
/// no stylesheet), so the same chart works in the console and in a report mailed around.
public enum ReportChart {
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var text: String
        /// Drawn in the warning colour (a missed target, a high rank).
        public var alert: Bool

        public init(label: String, value: Double, text: String, alert: Bool = false) {
            self.label = label
            self.value = value
            self.text = text
            self.alert = alert
        }
    }

    static let fonts = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, WenQuanYi Zen Hei, Noto Sans, DejaVu Sans, sans-serif"

    /// `maximum`: the value a full bar stands for (100 for percentages); nil: the largest value.
    /// Empty when there is nothing to draw.
    public static func bars(_ bars: [Bar], title: String, maximum: Double? = nil) -> String {
        guard !bars.isEmpty else { return "" }
        let rowHeight = 26, labelWidth = 170, barWidth = 170
        let valueWidth = max(80, 16 + 8 * (bars.map(\.text.count).max() ?? 0))
        let width = labelWidth + barWidth + valueWidth
        let height = max(1, bars.count) * rowHeight + 8
        let top = maximum ?? max(bars.map(\.value).max() ?? 1, 1e-9)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" "
            + "aria-label=\"\(escape(title))\" font-family=\"\(fonts)\" font-size=\"13\"><title>\(escape(title))</title>"
        for (i, bar) in bars.enumerated() {
            let y = 4 + i * rowHeight
            let w = top > 0 ? Int((min(max(bar.value, 0), top) / top * Double(barWidth)).rounded()) : 0
            let label = bar.label.count > 22 ? String(bar.label.prefix(21)) + "…" : bar.label
            svg += "<g><title>\(escape(bar.label)): \(escape(bar.text))</title>"
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\" fill=\"#1f2937\">\(escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(barWidth)\" height=\"18\" fill=\"#eef2f7\"/>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(w)\" height=\"18\" fill=\"\(bar.alert ? "#c2410c" : "#1d4ed8")\"/>"
            svg += "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 17)\" fill=\"#1f2937\">\(escape(bar.text))</text></g>"
        }
        return svg + "</svg>"
    }

    public static func escape(_ s: String) -> String { MarkupText.escape(s) }
}
