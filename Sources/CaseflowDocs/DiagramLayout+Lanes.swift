extension DiagramLayout {
    enum Port: Hashable {
        case side, top, bottom
    }

    struct PortKey: Hashable {
        var node: Int
        var port: Port
        var side: Side
    }

    /// Where an edge routed in a lane leaves its source and enters its target. A node at the end
    /// of its row on the lane's side is left or entered from that side; any other node from the top
    /// or bottom, with a horizontal run in the gap next to its row (runs never cross a box).
    struct LanePlan {
        struct End {
            var node: Int
            var port: Port
            var index: Int
            var run: Int
        }

        private(set) var ends: [Int: (source: End, target: End)] = [:]
        private(set) var portCounts: [PortKey: Int] = [:]
        private var topRuns: [Int]
        private var bottomRuns: [Int]

        init(edges: [Edge], grid: Grid) {
            topRuns = Array(repeating: 0, count: grid.rows.count)
            bottomRuns = topRuns
            for (i, edge) in edges.enumerated() {
                guard let side = edge.lane else { continue }
                let from = grid.layer[edge.from], to = grid.layer[edge.to]
                func atSide(_ node: Int) -> Bool {
                    let row = grid.rows[grid.layer[node]]
                    return (side == .right ? row.last : row.first) == node
                }
                let source = end(edge.from, port: atSide(edge.from) ? .side : to > from ? .bottom : .top, side: side, row: from)
                let target = end(edge.to, port: atSide(edge.to) ? .side : to < from ? .bottom : .top, side: side, row: to)
                ends[i] = (source, target)
            }
        }

        private mutating func end(_ node: Int, port: Port, side: Side, row: Int) -> End {
            let key = PortKey(node: node, port: port, side: side)
            let index = portCounts[key, default: 0]
            portCounts[key] = index + 1
            var run = 0
            if port == .top {
                run = topRuns[row]
                topRuns[row] += 1
            } else if port == .bottom {
                run = bottomRuns[row]
                bottomRuns[row] += 1
            }
            return End(node: node, port: port, index: index, run: run)
        }

        func runs(above row: Int) -> Int { topRuns[row] }
        func runs(below row: Int) -> Int { bottomRuns[row] }
    }

    /// Routes every lane edge and returns the straight legs of all of them (labels keep off them).
    /// Lanes whose vertical parts overlap are nested, shorter ones inside; a lane's label goes just
    /// outside it, and lanes further out keep clear of it, so each label sits by its own line.
    mutating func routeLanes(plan: LanePlan, grid: Grid, centers: [Double], rows: Rows) -> [Rect] {
        var legs: [Int: (source: [Point], target: [Point])] = [:]
        for (i, ends) in plan.ends {
            guard let side = edges[i].lane else { continue }
            legs[i] = (leg(ends.source, side: side, plan: plan, rows: rows),
                       leg(ends.target, side: side, plan: plan, rows: rows).reversed())
        }
        var rowLeft = [Double](repeating: .infinity, count: grid.rows.count)
        var rowRight = [Double](repeating: -.infinity, count: grid.rows.count)
        for slot in 0..<grid.slotCount {
            let half = slot < nodes.count ? nodes[slot].frame.width / 2 : 0
            rowLeft[grid.layer[slot]] = min(rowLeft[grid.layer[slot]], centers[slot] - half)
            rowRight[grid.layer[slot]] = max(rowRight[grid.layer[slot]], centers[slot] + half)
        }
        func span(_ i: Int) -> (top: Double, bottom: Double) {
            let a = legs[i]!.source.last!.y, b = legs[i]!.target.first!.y
            return (min(a, b), max(a, b))
        }
        let order = legs.keys.sorted { a, b in (span(a).bottom - span(a).top, a) < (span(b).bottom - span(b).top, b) }
        var routed: [(side: Side, x: Double, top: Double, bottom: Double)] = []
        var labels: [(side: Side, frame: Rect)] = []
        var bars: [Rect] = []
        var obstacles = Obstacles()
        for node in nodes { obstacles.insert(node.frame.insetBy(-4), weight: 1, owner: -1) }
        for i in order {
            guard let side = edges[i].lane, let leg = legs[i] else { continue }
            let (top, bottom) = span(i)
            let layers = [nodes[edges[i].from].layer, nodes[edges[i].to].layer]
            let spanned = layers.min()!...layers.max()!
            let outward = side == .right ? 1.0 : -1.0
            var x = side == .right ? spanned.map { rowRight[$0] }.max()! + 22 : spanned.map { rowLeft[$0] }.min()! - 22
            for other in routed where other.side == side && other.top < bottom + 8 && top < other.bottom + 8 {
                x = outward * max(outward * x, outward * other.x + 12)
            }
            for label in labels where label.side == side && label.frame.y < bottom + 4 && top < label.frame.maxY + 4 {
                x = outward * max(outward * x, outward * (side == .right ? label.frame.maxX : label.frame.x) + 8)
            }
            routed.append((side, x, top, bottom))
            let points = leg.source + [Point(x: x, y: leg.source.last!.y), Point(x: x, y: leg.target.first!.y)] + leg.target
            edges[i].path = Self.rounded(points)
            if edges[i].label != nil {
                let width = Self.width(Self.shownLabel(edges[i]), size: Self.labelSize) + 10
                let spots = [0.5, 0.35, 0.65, 0.2, 0.8].map { f in
                    Rect(x: side == .right ? x + 4 : x - 4 - width, y: top + f * (bottom - top) - Self.labelHeight / 2,
                         width: width, height: Self.labelHeight)
                }
                let frame = spots.first { obstacles.overlap($0) == 0 } ?? spots[0]
                edges[i].labelFrame = frame
                labels.append((side, frame))
                obstacles.insert(frame, weight: 1, owner: -1)
            }
            for (a, b) in zip(points, points.dropFirst()) {
                let bar = Rect(x: min(a.x, b.x) - 2, y: min(a.y, b.y) - 2, width: abs(a.x - b.x) + 4, height: abs(a.y - b.y) + 4)
                bars.append(bar)
                obstacles.insert(bar, weight: 1, owner: -1)
            }
        }
        return bars
    }

    /// The points from a node's port to the level where the edge turns towards its lane.
    private func leg(_ end: LanePlan.End, side: Side, plan: LanePlan, rows: Rows) -> [Point] {
        let frame = nodes[end.node].frame
        let count = Double(plan.portCounts[PortKey(node: end.node, port: end.port, side: side)] ?? 1)
        let spread = Double(end.index) - (count - 1) / 2
        let flat = Self.flatHalfWidth(nodes[end.node])
        let x = side == .right ? frame.midX + flat - 4 - 9 * Double(end.index) : frame.midX - flat + 4 + 9 * Double(end.index)
        let row = nodes[end.node].layer
        switch end.port {
        case .side:
            return [Point(x: side == .right ? frame.maxX : frame.x, y: frame.midY + 8 * spread)]
        case .top:
            return [Point(x: x, y: frame.y), Point(x: x, y: rows.top[row] - 10 - 7 * Double(end.run))]
        case .bottom:
            return [Point(x: x, y: frame.maxY), Point(x: x, y: rows.top[row] + rows.height[row] + 10 + 7 * Double(end.run))]
        }
    }
}
