import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Clocks, memory figures and progress output for the scenarios.
enum BenchSystem {
    /// Monotonic nanoseconds.
    @inline(__always)
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    static func seconds(since start: UInt64) -> Double { Double(now() &- start) / 1e9 }

    /// How many 80 KiB writes, each followed by `fdatasync`, the disk under `folder` completes a
    /// second, tried for `seconds`: durable figures move with the disk far more than with the
    /// code, so `store` and `http` say how fast it was. Nil where the folder cannot be written.
    static func diskSyncs(in folder: String, seconds: Double = 0.5) -> Double? {
        let path = folder + "/caseflow-disk-calibration.tmp"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd); unlink(path) }
        let block = [UInt8](repeating: 0x5A, count: 80 * 1024)
        let start = now(), limit = UInt64(seconds * 1e9)
        var n = 0
        while now() &- start < limit {
            let written = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t((n % 16) * 4096)) }
            guard written == block.count, fdatasync(fd) == 0 else { return nil }
            n += 1
        }
        return Double(n) / Self.seconds(since: start)
    }

    /// The folder a durable scenario's database lives in, nil for a database server.
    static func databaseFolder(_ db: String?, default folder: String) -> String? {
        guard let db else { return folder }
        if db.hasPrefix("postgres://") || db.hasPrefix("postgresql://") { return nil }
        let folder = (db as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Adds the disk's sync rate, measured now, to a durable scenario's result.
    static func addDiskSyncs(to result: inout BenchResult, db: String?, folder: String) {
        guard let location = databaseFolder(db, default: folder), let rate = diskSyncs(in: location) else { return }
        result.add("disk syncs/s after the run", rate, "syncs/s")
        result.notes.append("disk syncs: 80 KiB written and fdatasync'd, again and again for half a second, beside the database")
    }

    /// Resident set size now, from /proc/self/statm (bytes).
    static func rss() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let parts = text.split(separator: " ")
        guard parts.count > 1, let pages = Int(parts[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Peak resident set size (VmHWM) of this process, in bytes.
    static func peakRSS(pid: String = "self") -> Int { statusField("VmHWM", pid: pid) }

    static func currentRSS(pid: String) -> Int { statusField("VmRSS", pid: pid) }

    /// CPU time (user and system) a process has used so far, in seconds, from /proc/PID/stat.
    static func processCPU(pid: String = "self") -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After the command name: state is field 3, utime 14 and stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func statusField(_ name: String, pid: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kb = line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) } ?? 0
            return kb * 1024
        }
        return 0
    }

    /// One progress line on stderr, rewritten in place.
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    static func endProgress() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Calls `tick` about every quarter second while `until` is in the future; for loops that check often.
    struct Ticker {
        var last = BenchSystem.now()
        mutating func due() -> Bool {
            let t = BenchSystem.now()
            if t &- last >= 250_000_000 { last = t; return true }
            return false
        }
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ prefix: String) throws -> String {
        let path = NSTemporaryDirectory() + "caseflow-bench-\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
