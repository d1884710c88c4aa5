import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One daemon per SQLite file: `caseflow serve` holds an exclusive lock on `DB.lock` for as long
/// as it runs, with its process id written inside; `caseflow reload` reads it to signal exactly
/// that daemon. The kernel drops the lock when the process ends, however it ends.
struct DaemonLock {
    let path: String
    private let fd: Int32

    struct Held: Error, CustomStringConvertible {
        var path: String
        var pid: Int32?
        var description: String {
            "\(path) is in use by another caseflow serve" + (pid.map { " (pid \($0))" } ?? "")
                + "; stop it first, or give this daemon another --db"
        }
    }

    /// The lock file cannot be made beside the database: its folder is missing or not writable.
    struct Unusable: Error, CustomStringConvertible {
        var path: String
        var reason: Int32
        var description: String {
            let folder = (path as NSString).deletingLastPathComponent
            if reason == ENOENT {
                return "cannot open \(path): the folder \(folder.isEmpty ? "." : folder) does not exist; create it or give another --db"
            }
            return "cannot open \(path): \(String(cString: strerror(reason))) (the daemon keeps \(Self.lockName(path)) beside it)"
        }

        static func lockName(_ path: String) -> String { ((path as NSString).lastPathComponent) + ".lock" }
    }

    static func path(for database: String) -> String { database + ".lock" }

    /// Takes the lock for `database`, or throws `Held` naming the process that has it.
    static func acquire(for database: String) throws -> DaemonLock {
        let path = Self.path(for: database)
        let fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw Unusable(path: database, reason: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let pid = Self.pid(fd)
            close(fd)
            throw Held(path: database, pid: pid)
        }
        _ = ftruncate(fd, 0)
        let text = "\(getpid())\n"
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return DaemonLock(path: path, fd: fd)
    }

    /// The process holding the lock for `database`, if a daemon runs on it.
    static func holder(of database: String) -> Int32? {
        let fd = open(Self.path(for: database), O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {  // nobody holds it: no daemon runs
            flock(fd, LOCK_UN)
            return nil
        }
        return pid(fd)
    }

    private static func pid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, 31, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Removes the lock file (the daemon stopped cleanly).
    func release() {
        unlink(path)
        close(fd)
    }
}
