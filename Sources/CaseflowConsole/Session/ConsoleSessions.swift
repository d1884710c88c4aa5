import CaseflowModel
import CaseflowServer
import Foundation
import Synchronization

/// Signed-in people, kept in the daemon's memory: a restart signs everyone out. A session ends
/// when it is idle too long, is too old, is signed out, or when the token it was made from is
/// revoked or expires (checked on every request). Bounded: the oldest session gives way.
final class ConsoleSessions: Sendable {
    struct Session: Sendable {
        var id: String
        var credential: Credential
        /// Carried by every form of the session and checked on every POST.
        var csrf: String
        var created: Instant
        var lastSeen: Instant
    }

    static let idleMillis: Int64 = 8 * 3_600_000
    static let lifetimeMillis: Int64 = 12 * 3_600_000
    let capacity: Int
    private let table = Mutex<[String: Session]>([:])

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func create(_ credential: Credential, now: Instant) -> Session {
        let session = Session(id: Self.randomToken(), credential: credential, csrf: Self.randomToken(), created: now, lastSeen: now)
        table.withLock { t in
            if t.count >= capacity, let oldest = t.values.min(by: { $0.lastSeen < $1.lastSeen }) { t[oldest.id] = nil }
            t[session.id] = session
        }
        return session
    }

    /// The live session with this id, its last use moved to `now`.
    func session(_ id: String, now: Instant) -> Session? {
        table.withLock { t in
            guard var s = t[id] else { return nil }
            guard now.millis - s.lastSeen.millis < Self.idleMillis, now.millis - s.created.millis < Self.lifetimeMillis else {
                t[id] = nil
                return nil
            }
            s.lastSeen = now
            t[id] = s
            return s
        }
    }

    func remove(_ id: String) {
        _ = table.withLock { $0.removeValue(forKey: id) }
    }

    var count: Int { table.withLock { $0.count } }

    /// 32 random bytes, base64url.
    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two secrets in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in x.indices { d |= x[i] ^ y[i] }
        return d == 0
    }
}
