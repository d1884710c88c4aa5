extension DiagramLayout {
    /// Forward edges leave the bottom of their source and enter the top of their target, ports
    /// spread in the order of where the edges go (so edges of one node do not cross each other);
    /// between rows a vertical S-curve, through the rows they skip a straight line at their dummy.
    mutating func routeForward(_ forward: [Int], grid: Grid, centers: [Double], rows: Rows) {
        var outgoing = [[Int]](repeating: [], count: nodes.count)
        var incoming = [[Int]](repeating: [], count: nodes.count)
        for (k, chain) in grid.chains.enumerated() {
            outgoing[chain[0]].append(k)
            incoming[chain[chain.count - 1]].append(k)
        }
        var outPort = [Int](repeating: 0, count: forward.count)
        var inPort = [Int](repeating: 0, count: forward.count)
        for node in nodes.indices {
            let out = outgoing[node].sorted { a, b in
                (centers[grid.chains[a][1]], centers[grid.chains[a].last!], a) < (centers[grid.chains[b][1]], centers[grid.chains[b].last!], b)
            }
            for (i, k) in out.enumerated() { outPort[k] = i }
            let into = incoming[node].sorted { a, b in
                let ca = grid.chains[a], cb = grid.chains[b]
                return (centers[ca[ca.count - 2]], centers[ca[0]], a) < (centers[cb[cb.count - 2]], centers[cb[0]], b)
            }
            for (i, k) in into.enumerated() { inPort[k] = i }
        }
        for (k, i) in forward.enumerated() {
            let chain = grid.chains[k]
            let from = nodes[chain[0]].frame, to = nodes[chain[chain.count - 1]].frame
            var current = Point(x: portX(chain[0], index: outPort[k], count: outgoing[chain[0]].count), y: from.maxY)
            var path: [Segment] = [.move(current)]
            for slot in chain.dropFirst(1).dropLast() {
                let row = grid.layer[slot]
                let entry = Point(x: centers[slot], y: rows.top[row])
                path.append(Self.sCurve(from: current, to: entry))
                current = Point(x: centers[slot], y: rows.top[row] + rows.height[row])
                path.append(.line(current))
            }
            let end = Point(x: portX(chain[chain.count - 1], index: inPort[k], count: incoming[chain[chain.count - 1]].count), y: to.y)
            path.append(Self.sCurve(from: current, to: end))
            edges[i].path = path
        }
    }

    private func portX(_ node: Int, index: Int, count: Int) -> Double {
        let spacing = count > 1 ? min(16, 2 * (Self.flatHalfWidth(nodes[node]) - 6) / Double(count - 1)) : 0
        return nodes[node].frame.midX + (Double(index) - Double(count - 1) / 2) * spacing
    }

    static func sCurve(from a: Point, to b: Point) -> Segment {
        let middle = (a.y + b.y) / 2
        return .curve(Point(x: a.x, y: middle), Point(x: b.x, y: middle), b)
    }

    /// A path through horizontal and vertical legs, each corner rounded.
    static func rounded(_ input: [Point], radius: Double = 8) -> [Segment] {
        var points: [Point] = []
        for p in input where points.last.map({ abs($0.x - p.x) > 0.01 || abs($0.y - p.y) > 0.01 }) ?? true {
            if points.count >= 2 {
                let a = points[points.count - 2], b = points[points.count - 1]
                if (abs(a.x - b.x) < 0.01 && abs(b.x - p.x) < 0.01) || (abs(a.y - b.y) < 0.01 && abs(b.y - p.y) < 0.01) {
                    points[points.count - 1] = p
                    continue
                }
            }
            points.append(p)
        }
        guard let first = points.first else { return [] }
        var path: [Segment] = [.move(first)]
        for i in points.indices.dropFirst().dropLast() {
            let a = points[i - 1], corner = points[i], b = points[i + 1]
            let r = min(radius, distance(a, corner) / 2, distance(corner, b) / 2)
            let enter = toward(corner, a, r), leave = toward(corner, b, r)
            path.append(.line(enter))
            path.append(.curve(toward(enter, corner, r * 0.55), toward(leave, corner, r * 0.55), leave))
        }
        if points.count > 1 { path.append(.line(points[points.count - 1])) }
        return path
    }

    private static func distance(_ a: Point, _ b: Point) -> Double {
        ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }

    /// The point `length` from `a` on the way to `b`.
    private static func toward(_ a: Point, _ b: Point, _ length: Double) -> Point {
        let d = distance(a, b)
        guard d > 0 else { return a }
        return Point(x: a.x + (b.x - a.x) * length / d, y: a.y + (b.y - a.y) * length / d)
    }
}
