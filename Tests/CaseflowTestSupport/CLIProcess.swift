import Foundation

/// Runs the built `caseflow` executable as a user would, from the repository root.
public enum CLIProcess {
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Tests talk to daemons they kill: a write to a connection a killed daemon left must fail
    /// with EPIPE in the test, not end the test process with SIGPIPE.
    public static let ignoringSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    public static var executable: URL {
        _ = ignoringSIGPIPE
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = here.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("caseflow")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/caseflow")
    }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL = repository) throws -> Output {
        try runTool(executable.path, arguments, environment: environment, in: directory)
    }

    /// Any program, waited for, with its output.
    public static func runTool(_ path: String, _ arguments: [String], environment: [String: String] = [:],
                               in directory: URL = repository) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}
