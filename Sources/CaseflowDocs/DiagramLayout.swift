/// Where every box, line and label of a `ProcessDiagram` goes: stages in layers from top to
/// bottom (longest path from the start), edges down as curves through the layers, edges that go
/// back up (or across) in lanes on the right, escalations back up in lanes on the left.
struct DiagramLayout {
    struct Point: Equatable {
        var x: Double
        var y: Double
    }

    struct Rect: Equatable {
        var x: Double
        var y: Double
        var width: Double
        var height: Double

        var maxX: Double { x + width }
        var maxY: Double { y + height }
        var midX: Double { x + width / 2 }
        var midY: Double { y + height / 2 }

        func intersects(_ other: Rect) -> Bool {
            x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
        }

        func overlapArea(_ other: Rect) -> Double {
            max(0, min(maxX, other.maxX) - max(x, other.x)) * max(0, min(maxY, other.maxY) - max(y, other.y))
        }

        func insetBy(_ d: Double) -> Rect {
            Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d)
        }

        func union(_ other: Rect) -> Rect {
            let left = min(x, other.x), top = min(y, other.y)
            return Rect(x: left, y: top, width: max(maxX, other.maxX) - left, height: max(maxY, other.maxY) - top)
        }
    }

    enum Segment: Equatable {
        case move(Point)
        case line(Point)
        case curve(Point, Point, Point)
    }

    enum Side: Equatable {
        case left, right
    }

    struct Node {
        var stageID: String
        var shape: FlowGraph.Shape
        var title: [String]
        var details: [String]
        var layer: Int
        var frame: Rect
    }

    struct Edge {
        var from: Int
        var to: Int
        /// The index in `FlowGraph.edges`; nil for a transition the case made that no edge draws.
        var graphEdge: Int?
        var style: FlowGraph.EdgeStyle
        var label: String?
        /// Nil: drawn down through the layers; otherwise the side of the lane it is routed in.
        var lane: Side?
        var path: [Segment] = []
        var labelFrame: Rect?
    }

    var nodes: [Node]
    var edges: [Edge]
    var start: Point?
    var bounds: Rect

    static let margin = 14.0

    /// `jumps` are extra edges, as node indexes, drawn in lanes on the left like escalations.
    init(graph: FlowGraph, jumps: [(from: Int, to: Int)] = []) {
        var position: [String: Int] = [:]
        for (i, node) in graph.nodes.enumerated() where position[node.id] == nil { position[node.id] = i }
        var edges: [Edge] = []
        for (i, edge) in graph.edges.enumerated() {
            guard let from = position[edge.from], let to = position[edge.to] else { continue }
            edges.append(Edge(from: from, to: to, graphEdge: i, style: edge.style, label: edge.label.map(Self.clean)))
        }
        edges += jumps.map { Edge(from: $0.from, to: $0.to, graphEdge: nil, style: .escalation, label: nil) }

        let flow = edges.filter { $0.style == .next || $0.style == .otherwise }.map { (from: $0.from, to: $0.to) }
        let layers = Self.layers(nodeCount: graph.nodes.count, edges: flow, start: graph.startNodeID.flatMap { position[$0] })
        for i in edges.indices {
            if edges[i].graphEdge == nil {
                edges[i].lane = .left
            } else if layers[edges[i].to] <= layers[edges[i].from] {
                edges[i].lane = edges[i].style == .escalation ? .left : .right
            }
        }
        nodes = graph.nodes.enumerated().map { Self.node($1, layer: layers[$0]) }
        self.edges = edges
        start = nil
        bounds = Rect(x: 0, y: 0, width: 0, height: 0)

        let forward = edges.indices.filter { edges[$0].lane == nil }
        var grid = Grid(layers: layers, forward: forward.map { (from: edges[$0].from, to: edges[$0].to, weak: edges[$0].style == .escalation) })
        grid.reduceCrossings()
        var laneEnds = [Int](repeating: 0, count: nodes.count)
        for edge in edges {
            guard let side = edge.lane else { continue }
            for node in edge.from == edge.to ? [edge.from] : [edge.from, edge.to] { laneEnds[node] += side == .right ? 1 : -1 }
        }
        grid.moveTowardLanes(laneEnds)
        let centers = Self.centers(of: grid, widths: (0..<grid.slotCount).map { $0 < nodes.count ? nodes[$0].frame.width : 0 })
        let plan = LanePlan(edges: edges, grid: grid)
        let rows = Self.rows(grid: grid, nodes: nodes, plan: plan, labelled: forward.filter { edges[$0].label != nil }.map { layers[edges[$0].from] })
        for i in nodes.indices {
            let size = nodes[i].frame
            nodes[i].frame.x = centers[i] - size.width / 2
            nodes[i].frame.y = rows.top[nodes[i].layer] + (rows.height[nodes[i].layer] - size.height) / 2
        }
        routeForward(forward, grid: grid, centers: centers, rows: rows)
        let laneBars = routeLanes(plan: plan, grid: grid, centers: centers, rows: rows)
        if let first = graph.startNodeID.flatMap({ position[$0] }) {
            start = Point(x: nodes[first].frame.midX, y: nodes[first].frame.y - 30)
        }
        placeLabels(laneBars: laneBars)
        bounds = contentBounds()
    }

    static func node(_ node: FlowGraph.Node, layer: Int) -> Node {
        let title = wrapTitle(clean(node.lines.first ?? node.stageID))
        let details = node.lines.dropFirst().flatMap { wrapDetail(clean($0)) }
        let textWidth = max(title.map { width($0, size: titleSize, narrow: 0.62) }.max() ?? 0,
                            details.map { width($0, size: detailSize) }.max() ?? 0)
        let height = 2 * paddingY + Double(title.count) * titleLineHeight + Double(details.count) * detailLineHeight
        let extra: Double
        switch node.shape {
        case .worked: extra = 0
        case .automatic: extra = 12
        case .gate: extra = 2 * gateInset
        case .timer: extra = 28
        case .end: extra = height / 2
        }
        let boxWidth = max(textWidth + 2 * paddingX + extra, node.shape == .end ? 90 : 110)
        return Node(stageID: node.stageID, shape: node.shape, title: title, details: details, layer: layer,
                    frame: Rect(x: 0, y: 0, width: boxWidth.rounded(.up), height: height))
    }

    static let paddingX = 14.0
    static let paddingY = 9.0
    static let gateInset = 14.0

    /// Half the width of the straight part of the top and bottom border, where edges attach.
    static func flatHalfWidth(_ node: Node) -> Double {
        let half = node.frame.width / 2
        switch node.shape {
        case .worked, .automatic, .timer: return half - 10
        case .gate: return half - gateInset - 2
        case .end: return max(half - node.frame.height / 2, 8)
        }
    }

    private func contentBounds() -> Rect {
        var box = nodes.first?.frame ?? Rect(x: 0, y: 0, width: 1, height: 1)
        for node in nodes { box = box.union(node.frame) }
        for edge in edges {
            if let frame = edge.labelFrame { box = box.union(frame) }
            for segment in edge.path {
                switch segment {
                case .move(let p), .line(let p): box = box.union(Rect(x: p.x - 2, y: p.y - 2, width: 4, height: 4))
                case .curve(_, _, let p): box = box.union(Rect(x: p.x - 2, y: p.y - 2, width: 4, height: 4))
                }
            }
        }
        if let start { box = box.union(Rect(x: start.x - 8, y: start.y - 8, width: 16, height: 16)) }
        return box.insetBy(-Self.margin)
    }
}
