extension DiagramLayout {
    static let labelHeight = 16.0

    /// Puts the label of each forward edge at the first free spot along it: the middle of the
    /// curve under its source, then points around it, then beside the curve, then further down.
    /// Free means clear of boxes, lanes, other edges and labels placed before; when no spot is
    /// free, the one that overlaps least.
    mutating func placeLabels(laneBars: [Rect]) {
        var obstacles = Obstacles()
        for node in nodes { obstacles.insert(node.frame.insetBy(-4), weight: 1, owner: -1) }
        for bar in laneBars { obstacles.insert(bar, weight: 1, owner: -1) }
        if let start { obstacles.insert(Rect(x: start.x - 8, y: start.y - 8, width: 16, height: 16), weight: 1, owner: -1) }
        for (i, edge) in edges.enumerated() {
            if let frame = edge.labelFrame { obstacles.insert(frame.insetBy(-2), weight: 2, owner: -1) }
            if edge.lane == nil { for square in Self.samples(edge.path) { obstacles.insert(square, weight: 1, owner: i) } }
        }
        for i in edges.indices where edges[i].lane == nil && edges[i].label != nil {
            let width = Self.width(Self.shownLabel(edges[i]), size: Self.labelSize) + 10
            var best: (rect: Rect, score: Double)?
            for rect in spots(edges[i].path, width: width) {
                let score = obstacles.overlap(rect, ignoring: i)
                if best.map({ score < $0.score }) ?? true { best = (rect, score) }
                if score == 0 { break }
            }
            if let rect = best?.rect {
                edges[i].labelFrame = rect
                obstacles.insert(rect.insetBy(-2), weight: 2, owner: -1)
            }
        }
    }

    /// Rectangles a label should not cover, filed in square cells so a look-up only sees its
    /// neighbourhood. `owner` is the edge a rectangle traces (its own label may cover it), or -1.
    struct Obstacles {
        private static let cell = 96.0
        private var items: [(rect: Rect, weight: Double, owner: Int)] = []
        private var cells: [Int: [Int]] = [:]

        mutating func insert(_ rect: Rect, weight: Double, owner: Int) {
            for key in Self.keys(rect) { cells[key, default: []].append(items.count) }
            items.append((rect, weight, owner))
        }

        /// The weighted area of `rect` covered, counting each obstacle once.
        func overlap(_ rect: Rect, ignoring owner: Int? = nil) -> Double {
            var seen = Set<Int>()
            var total = 0.0
            for key in Self.keys(rect) {
                for index in cells[key] ?? [] where (owner == nil || items[index].owner != owner) && seen.insert(index).inserted {
                    total += rect.overlapArea(items[index].rect) * items[index].weight
                }
            }
            return total
        }

        private static func keys(_ rect: Rect) -> [Int] {
            let x0 = Int((rect.x / cell).rounded(.down)), x1 = Int((rect.maxX / cell).rounded(.down))
            let y0 = Int((rect.y / cell).rounded(.down)), y1 = Int((rect.maxY / cell).rounded(.down))
            var keys: [Int] = []
            for y in y0...y1 {
                for x in x0...x1 { keys.append(y &* 1_000_003 &+ x) }
            }
            return keys
        }
    }

    private func spots(_ path: [Segment], width: Double) -> [Rect] {
        var spots: [Rect] = []
        var current = Point(x: 0, y: 0)
        for segment in path {
            switch segment {
            case .move(let p), .line(let p):
                current = p
            case .curve(let c1, let c2, let p):
                let points = [0.5, 0.4, 0.6, 0.3, 0.7].map { Self.bezier(current, c1, c2, p, $0) }
                for shift in [0, width / 2 + 3, -width / 2 - 3] {
                    spots += points.map { Rect(x: $0.x - width / 2 + shift, y: $0.y - Self.labelHeight / 2, width: width, height: Self.labelHeight) }
                }
                current = p
            }
        }
        return spots
    }

    /// Small squares along a path, for labels to keep off it.
    static func samples(_ path: [Segment]) -> [Rect] {
        var squares: [Rect] = []
        var current = Point(x: 0, y: 0)
        for segment in path {
            switch segment {
            case .move(let p):
                current = p
            case .line(let p):
                squares.append(Rect(x: min(current.x, p.x) - 1.5, y: min(current.y, p.y) - 1.5, width: abs(current.x - p.x) + 3, height: abs(current.y - p.y) + 3))
                current = p
            case .curve(let c1, let c2, let p):
                for k in 1..<10 {
                    let q = bezier(current, c1, c2, p, Double(k) / 10)
                    squares.append(Rect(x: q.x - 1.5, y: q.y - 1.5, width: 3, height: 3))
                }
                current = p
            }
        }
        return squares
    }

    static func bezier(_ p0: Point, _ p1: Point, _ p2: Point, _ p3: Point, _ t: Double) -> Point {
        let u = 1 - t
        let a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t
        return Point(x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y)
    }
}
