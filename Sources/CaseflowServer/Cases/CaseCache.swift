import CaseflowEngine
import Synchronization

/// The cases the daemon keeps in memory, bounded by count: two generations, the newer one filled
/// by reads and writes; when it is full the older is dropped and the newer takes its place. A
/// case read from the older generation moves to the newer. Memory holds at most `capacity`
/// cases, never every case ever touched; a case that falls out is read (and checked) from the
/// store again.
final class CaseCache: Sendable {
    private struct Generations {
        var young: [String: CaseState] = [:]
        var old: [String: CaseState] = [:]
    }

    let capacity: Int
    private let table = Mutex(Generations())

    /// `capacity` 0: nothing is kept.
    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    subscript(id: String) -> CaseState? {
        get {
            guard capacity > 0 else { return nil }
            return table.withLock { g in
                if let s = g.young[id] { return s }
                guard let s = g.old.removeValue(forKey: id) else { return nil }
                Self.put(id, s, into: &g, capacity: capacity)
                return s
            }
        }
        set {
            guard capacity > 0 else { return }
            table.withLock { g in
                guard let newValue else {
                    g.young[id] = nil
                    g.old[id] = nil
                    return
                }
                g.old[id] = nil
                Self.put(id, newValue, into: &g, capacity: capacity)
            }
        }
    }

    private static func put(_ id: String, _ s: CaseState, into g: inout Generations, capacity: Int) {
        if g.young[id] == nil, g.young.count >= (capacity + 1) / 2 {
            g.old = g.young
            g.young = [:]
            g.young.reserveCapacity((capacity + 1) / 2)
        }
        g.young[id] = s
    }

    var count: Int { table.withLock { $0.young.count + $0.old.count } }
}
