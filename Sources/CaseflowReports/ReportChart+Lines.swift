extension ReportChart {
    /// One line of a line chart: a value per x label, nil where there is none (the line breaks).
    public struct Series: Sendable {
        public var name: String
        public var values: [Double?]
        public var colour: String
        /// Drawn dashed, so a line on top of another still shows the one below.
        public var dashed: Bool

        public init(name: String, values: [Double?], colour: String, dashed: Bool = false) {
            self.name = name
            self.values = values
            self.colour = colour
            self.dashed = dashed
        }
    }

    public static let seriesColours = ["#1d4ed8", "#c2410c", "#047857", "#7c3aed", "#b45309", "#0e7490"]

    /// Lines over labelled points (periods, say) with a 0-based y axis, three grid lines and a
    /// legend. `maximum`: the top of the axis (100 for percentages); nil: the largest value.
    /// Empty when there is nothing to draw.
    public static func lines(_ series: [Series], labels: [String], title: String, maximum: Double? = nil, unit: String = "") -> String {
        guard !labels.isEmpty, series.contains(where: { $0.values.contains { $0 != nil } }) else { return "" }
        let left = 56, right = 40, top = 12, plotHeight = 180, bottom = 44, legendHeight = 22
        let width = 640, plotWidth = width - left - right
        let height = top + plotHeight + bottom + legendHeight
        let highest = maximum ?? niceCeiling(series.flatMap { $0.values.compactMap { $0 } }.max() ?? 1)
        func x(_ i: Int) -> Int { left + (labels.count == 1 ? plotWidth / 2 : i * plotWidth / (labels.count - 1)) }
        func y(_ v: Double) -> Int { top + plotHeight - Int((min(max(v, 0), highest) / highest * Double(plotHeight)).rounded()) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" "
            + "aria-label=\"\(escape(title))\" font-family=\"\(fonts)\" font-size=\"12\"><title>\(escape(title))</title>"
        for step in 0...2 {
            let v = highest * Double(step) / 2
            svg += "<line x1=\"\(left)\" y1=\"\(y(v))\" x2=\"\(width - right)\" y2=\"\(y(v))\" stroke=\"#e5e7eb\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(v) + 4)\" text-anchor=\"end\" fill=\"#374151\">\(escape(axis(v) + unit))</text>"
        }
        let every = max(1, (labels.count + 7) / 8)
        for (i, label) in labels.enumerated() where i % every == 0 || i == labels.count - 1 {
            svg += "<text x=\"\(x(i))\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\" fill=\"#374151\">\(escape(label))</text>"
        }
        for s in series {
            var runs: [[(Int, Double)]] = [[]]
            for (i, v) in s.values.enumerated() {
                if let v { runs[runs.count - 1].append((i, v)) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
            }
            svg += "<g><title>\(escape(s.name))</title>"
            for run in runs where !run.isEmpty {
                let points = run.map { "\(x($0.0)),\(y($0.1))" }.joined(separator: " ")
                svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(s.colour)\" stroke-width=\"2\""
                    + (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>"
                for (i, v) in run {
                    svg += "<circle cx=\"\(x(i))\" cy=\"\(y(v))\" r=\"3\" fill=\"\(s.colour)\"><title>\(escape(labels[i])): \(escape(axis(v) + unit))</title></circle>"
                }
            }
            svg += "</g>"
        }
        var lx = left
        let ly = top + plotHeight + bottom
        for s in series {
            svg += "<rect x=\"\(lx)\" y=\"\(ly)\" width=\"12\" height=\"12\" fill=\"\(s.colour)\"/>"
            svg += "<text x=\"\(lx + 16)\" y=\"\(ly + 10)\" fill=\"#374151\">\(escape(s.name))</text>"
            lx += 28 + s.name.count * 7
        }
        return svg + "</svg>"
    }

    /// The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6 and 8 times a power of ten at or above `v`: an axis top whose halves read well.
    static func niceCeiling(_ v: Double) -> Double {
        guard v > 0, v.isFinite else { return 1 }
        var power = 1.0
        while power * 10 < v { power *= 10 }
        while power > v { power /= 10 }
        for step in [1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where power * step >= v { return power * step }
        return power * 10
    }

    /// An axis value: whole numbers as such, others with one decimal.
    static func axis(_ v: Double) -> String {
        v == v.rounded() ? Numbers.fixed(v, 0) : Numbers.fixed(v, 1)
    }
}
