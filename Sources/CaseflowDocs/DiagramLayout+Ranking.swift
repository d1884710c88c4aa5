extension DiagramLayout {
    /// The layer of every node: the longest path from the start, leaving out back edges (those to a
    /// node still on the depth-first stack). Nodes the start does not reach come after the rest,
    /// layered the same way from the first of them in stage order.
    static func layers(nodeCount: Int, edges: [(from: Int, to: Int)], start: Int?) -> [Int] {
        var successors = [[Int]](repeating: [], count: nodeCount)
        for edge in edges { successors[edge.from].append(edge.to) }
        var layer = [Int](repeating: 0, count: nodeCount)
        var pass = [Int](repeating: -1, count: nodeCount)
        var onStack = [Bool](repeating: false, count: nodeCount)
        var base = 0
        for root in (start.map { [$0] } ?? []) + Array(0..<nodeCount) where pass[root] < 0 {
            let current = root
            var finished: [Int] = []
            var kept = [Int: [Int]]()
            var stack = [(node: root, next: 0)]
            pass[root] = current
            onStack[root] = true
            while let top = stack.last {
                guard top.next < successors[top.node].count else {
                    onStack[top.node] = false
                    finished.append(top.node)
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let to = successors[top.node][top.next]
                if pass[to] < 0 {
                    pass[to] = current
                    onStack[to] = true
                    stack.append((to, 0))
                    kept[top.node, default: []].append(to)
                } else if pass[to] == current && !onStack[to] {
                    kept[top.node, default: []].append(to)
                }
            }
            for node in finished { layer[node] = base }
            for node in finished.reversed() {
                for to in kept[node] ?? [] { layer[to] = max(layer[to], layer[node] + 1) }
            }
            base = (finished.map { layer[$0] }.max() ?? base) + 1
        }
        return layer
    }
}
