import Foundation

/// Paths in the temporary directory for a test's files (databases, token files, daemon logs),
/// removed when the test process exits, so a run of the suite leaves nothing behind.
public enum Scratch {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: [URL] = []
    private static let removalAtExit: Void = { atexit { Scratch.removeAll() } }()

    /// A new path `prefix-UUID` (not created), removed with everything under it at exit.
    public static func path(_ prefix: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        _ = removalAtExit
        lock.withLock { paths.append(url) }
        return url
    }

    /// A new empty folder `prefix-UUID`, removed with everything in it at exit.
    public static func folder(_ prefix: String) throws -> URL {
        let url = path(prefix)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static func removeAll() {
        for url in lock.withLock({ paths }) { try? FileManager.default.removeItem(at: url) }
    }
}
