extension DiagramLayout {
    typealias Rows = (top: [Double], height: [Double])

    /// The x of each slot's centre. Sweeps move each slot towards its neighbours in the row above
    /// (then below), and each row is then spread at the least squared distance from those wishes
    /// that keeps its order and spacing. Long edges (dummy to dummy) pull hardest, so they run
    /// straight; a single end node hanging off a stage pulls least, so the main path stays straight.
    static func centers(of grid: Grid, widths: [Double], sweeps: Int = 12) -> [Double] {
        let isLeaf = (0..<grid.slotCount).map { !grid.isDummy($0) && grid.strongAbove($0).count + grid.strongBelow($0).count == 1 }
        func pull(_ slot: Int, _ other: Int, weak: Bool) -> Double {
            if weak { return 0.05 }
            let weight = grid.isDummy(slot) && grid.isDummy(other) ? 8.0 : grid.isDummy(slot) || grid.isDummy(other) ? 2.0 : 1.0
            return isLeaf[other] ? weight * 0.02 : weight
        }
        func spacing(_ a: Int, _ b: Int) -> Double {
            let dummies = (grid.isDummy(a) ? 1 : 0) + (grid.isDummy(b) ? 1 : 0)
            return (widths[a] + widths[b]) / 2 + [44.0, 24.0, 14.0][dummies]
        }
        var x = [Double](repeating: 0, count: grid.slotCount)
        for row in grid.rows {
            var cursor = 0.0
            for (i, slot) in row.enumerated() {
                if i > 0 { cursor += spacing(row[i - 1], slot) }
                x[slot] = cursor
            }
        }
        for n in 0..<sweeps {
            let down = n % 2 == 0
            for r in down ? Array(grid.rows.indices) : grid.rows.indices.reversed() {
                let row = grid.rows[r]
                guard !row.isEmpty else { continue }
                let wishes = row.map { slot -> Double in
                    var neighbours = down ? Array(zip(grid.above[slot], grid.weakAbove[slot])) : Array(zip(grid.below[slot], grid.weakBelow[slot]))
                    if neighbours.isEmpty {
                        neighbours = down ? Array(zip(grid.below[slot], grid.weakBelow[slot])) : Array(zip(grid.above[slot], grid.weakAbove[slot]))
                    }
                    guard !neighbours.isEmpty else { return x[slot] }
                    let total = neighbours.reduce(0.0) { $0 + pull(slot, $1.0, weak: $1.1) }
                    return neighbours.reduce(0.0) { $0 + pull(slot, $1.0, weak: $1.1) * x[$1.0] } / total
                }
                let weights = row.map { grid.isDummy($0) ? 2.0 : isLeaf[$0] ? 0.02 : 1.0 }
                let gaps = zip(row, row.dropFirst()).map { spacing($0, $1) }
                for (slot, value) in zip(row, isotonic(wishes, weights: weights, gaps: gaps)) { x[slot] = value }
            }
        }
        straighten(grid: grid, isLeaf: isLeaf, spacing: spacing, x: &x)
        let left = grid.rows.indices.compactMap { r in grid.rows[r].first.map { x[$0] - widths[$0] / 2 } }.min() ?? 0
        return x.map { $0 - left }
    }

    /// Puts each run of one-to-one links (a slot whose only successor, end nodes hanging off it
    /// aside, has it as its only predecessor) on one vertical line; the rows make room around it.
    private static func straighten(grid: Grid, isLeaf: [Bool], spacing: (Int, Int) -> Double, x: inout [Double]) {
        func next(_ slot: Int) -> Int? {
            let strong = grid.strongBelow(slot)
            let onward = strong.count == 1 ? strong : strong.filter { !isLeaf[$0] }
            guard onward.count == 1, grid.strongAbove(onward[0]) == [slot] else { return nil }
            return onward[0]
        }
        var inRun = [Bool](repeating: false, count: grid.slotCount)
        for row in grid.rows {
            for first in row where !inRun[first] {
                var run = [first]
                while let following = next(run[run.count - 1]) { run.append(following) }
                guard run.count > 1 else { continue }
                let mean = run.reduce(0.0) { $0 + x[$1] } / Double(run.count)
                for slot in run {
                    inRun[slot] = true
                    x[slot] = mean
                }
            }
        }
        for row in grid.rows where row.contains(where: { inRun[$0] }) {
            let weights = row.map { inRun[$0] ? 1000 : grid.isDummy($0) ? 2.0 : isLeaf[$0] ? 0.02 : 1.0 }
            let gaps = zip(row, row.dropFirst()).map { spacing($0, $1) }
            for (slot, value) in zip(row, isotonic(row.map { x[$0] }, weights: weights, gaps: gaps)) { x[slot] = value }
        }
    }

    /// Values as close to `wishes` as possible (weighted least squares) with `x[i+1] - x[i] >= gaps[i]`:
    /// pool-adjacent-violators on the values with the gaps taken out.
    static func isotonic(_ wishes: [Double], weights: [Double], gaps: [Double]) -> [Double] {
        var offset = [0.0]
        for gap in gaps { offset.append(offset[offset.count - 1] + gap) }
        var blocks: [(value: Double, weight: Double, count: Int)] = []
        for i in wishes.indices {
            blocks.append((wishes[i] - offset[i], weights[i], 1))
            while blocks.count > 1 && blocks[blocks.count - 2].value > blocks[blocks.count - 1].value {
                let b = blocks.removeLast(), a = blocks.removeLast()
                let weight = a.weight + b.weight
                blocks.append(((a.value * a.weight + b.value * b.weight) / weight, weight, a.count + b.count))
            }
        }
        var result: [Double] = []
        for block in blocks {
            for _ in 0..<block.count { result.append(block.value + offset[result.count]) }
        }
        return result
    }

    /// The top and height of each row; the gap under a row grows with the lane runs and labels in
    /// it. `labelled` holds the row of the source of every forward edge with a label.
    static func rows(grid: Grid, nodes: [Node], plan: LanePlan, labelled: [Int]) -> Rows {
        var height = [Double](repeating: 20, count: grid.rows.count)
        for node in nodes { height[node.layer] = max(height[node.layer], node.frame.height) }
        var labels = [Int](repeating: 0, count: grid.rows.count)
        for row in labelled { labels[row] += 1 }
        var top = [Double](repeating: 0, count: grid.rows.count)
        for r in grid.rows.indices.dropFirst() {
            let runs = plan.runs(below: r - 1) + plan.runs(above: r)
            let gap = max(58, 44 + 7 * Double(runs)) + 14 * Double(max(labels[r - 1] - 1, 0))
            top[r] = top[r - 1] + height[r - 1] + gap
        }
        return (top, height)
    }
}
