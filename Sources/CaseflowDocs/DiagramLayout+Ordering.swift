extension DiagramLayout {
    /// The rows of the drawing, left to right: the nodes (slots below `nodeCount`) and a dummy slot
    /// in every row a forward edge crosses without stopping, so long edges take room of their own.
    struct Grid {
        let nodeCount: Int
        private(set) var layer: [Int]
        var rows: [[Int]]
        /// For each forward edge, the slots from its source to its target.
        private(set) var chains: [[Int]] = []
        /// Neighbours one row up and one row down, once per edge between them.
        private(set) var above: [[Int]]
        private(set) var below: [[Int]]
        /// Whether each link in `above` and `below` belongs to a weak edge (an escalation), which
        /// takes part in the order but hardly pulls on positions.
        private(set) var weakAbove: [[Bool]]
        private(set) var weakBelow: [[Bool]]

        init(layers: [Int], forward: [(from: Int, to: Int, weak: Bool)]) {
            nodeCount = layers.count
            layer = layers
            above = Array(repeating: [], count: layers.count)
            below = above
            weakAbove = Array(repeating: [], count: layers.count)
            weakBelow = weakAbove
            for edge in forward {
                var chain = [edge.from]
                for row in (layers[edge.from] + 1)..<max(layers[edge.to], layers[edge.from] + 1) {
                    layer.append(row)
                    above.append([])
                    below.append([])
                    weakAbove.append([])
                    weakBelow.append([])
                    chain.append(layer.count - 1)
                }
                chain.append(edge.to)
                for (a, b) in zip(chain, chain.dropFirst()) {
                    below[a].append(b)
                    above[b].append(a)
                    weakBelow[a].append(edge.weak)
                    weakAbove[b].append(edge.weak)
                }
                chains.append(chain)
            }
            rows = Array(repeating: [], count: (layer.max() ?? -1) + 1)
            for slot in layer.indices { rows[layer[slot]].append(slot) }
        }

        var slotCount: Int { layer.count }

        func isDummy(_ slot: Int) -> Bool { slot >= nodeCount }

        func strongAbove(_ slot: Int) -> [Int] { zip(above[slot], weakAbove[slot]).filter { !$0.1 }.map(\.0) }
        func strongBelow(_ slot: Int) -> [Int] { zip(below[slot], weakBelow[slot]).filter { !$0.1 }.map(\.0) }

        func positions() -> [Int] {
            var position = [Int](repeating: 0, count: slotCount)
            for row in rows {
                for (i, slot) in row.enumerated() { position[slot] = i }
            }
            return position
        }

        /// Barycenter sweeps down and up; keeps the order with the fewest crossings.
        mutating func reduceCrossings(sweeps: Int = 8) {
            sweep(down: true)
            var best = rows
            var fewest = crossings()
            for n in 0..<sweeps where fewest > 0 {
                sweep(down: n % 2 == 1)
                let count = crossings()
                if count < fewest {
                    best = rows
                    fewest = count
                }
            }
            rows = best
        }

        /// Moves a node with lane edges to the end of its row on the lane's side (so its edges
        /// leave sideways, clear of the row) when that adds no crossing. `lanes` is +1 per edge in
        /// a right lane, -1 per edge in a left lane.
        mutating func moveTowardLanes(_ lanes: [Int]) {
            var position = positions()
            for r in rows.indices {
                for node in rows[r] where !isDummy(node) && lanes[node] != 0 {
                    let nearby = max(r - 1, 0)...r
                    let before = crossings(upper: nearby, position: position)
                    let kept = rows[r]
                    rows[r].removeAll { $0 == node }
                    if lanes[node] > 0 { rows[r].append(node) } else { rows[r].insert(node, at: 0) }
                    for (i, slot) in rows[r].enumerated() { position[slot] = i }
                    if crossings(upper: nearby, position: position) > before {
                        rows[r] = kept
                        for (i, slot) in kept.enumerated() { position[slot] = i }
                    }
                }
            }
        }

        private mutating func sweep(down: Bool) {
            guard rows.count > 1 else { return }
            var position = positions()
            let order = down ? Array(1..<rows.count) : Array((0..<rows.count - 1).reversed())
            for r in order {
                let row = rows[r]
                let reference = Double(max(rows[down ? r - 1 : r + 1].count - 1, 0))
                let keys = row.enumerated().map { index, slot -> Double in
                    let neighbours = down ? above[slot] : below[slot]
                    guard !neighbours.isEmpty else { return Double(index) * reference / Double(max(row.count - 1, 1)) }
                    return Double(neighbours.reduce(0) { $0 + position[$1] }) / Double(neighbours.count)
                }
                rows[r] = row.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }.map { row[$0] }
                for (i, slot) in rows[r].enumerated() { position[slot] = i }
            }
        }

        /// Crossings between each row (of `upper`, or all) and the next.
        func crossings(upper: ClosedRange<Int>? = nil, position: [Int]? = nil) -> Int {
            let position = position ?? positions()
            var total = 0
            for row in upper.map({ rows[$0] }) ?? rows[...] {
                var links: [(Int, Int)] = []
                for slot in row {
                    for next in below[slot] { links.append((position[slot], position[next])) }
                }
                for i in links.indices {
                    for j in links.indices where j > i {
                        if (links[i].0 - links[j].0) * (links[i].1 - links[j].1) < 0 { total += 1 }
                    }
                }
            }
            return total
        }
    }
}
