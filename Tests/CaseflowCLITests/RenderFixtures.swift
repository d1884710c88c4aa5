import CaseflowFiles
import CaseflowModel
import Foundation
import Testing

/// Paths and definitions shared by the graph and doc tests.
enum RenderFixtures {
    /// The package root, found from this file's path (the golden files are not bundle resources).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let workflowsPath = root.appendingPathComponent("Workflows").path
    static let policiesPath = root.appendingPathComponent("Policies").path
    static let shippedWorkflows = ["service-sales", "after-sales-service"]

    /// The shipped definitions, loaded once.
    static let shipped: DefinitionSet = {
        let result = DefinitionFiles.load([workflowsPath, policiesPath])
        precondition(!result.hasErrors, "the shipped definitions have errors: \(result.diagnostics)")
        return result.definitions
    }()

    /// Definitions from YAML text (plus the shipped policies, so calendars and ladders resolve).
    static func load(_ yaml: String) -> DefinitionLoader.Result {
        let (policyFiles, _) = DefinitionFiles.read([policiesPath])
        return DefinitionLoader.load(policyFiles + [DefinitionLoader.File(path: "test.yaml", bytes: Array(yaml.utf8))])
    }

    /// Graphviz's `dot`, when it is installed.
    static let dotPath: String? = executable(named: "dot")

    static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The built `caseflow` binary, next to the test bundle.
    static let caseflowBinary: String? = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("caseflow").path
        let debug = root.appendingPathComponent(".build/debug/caseflow").path
        return [beside, debug].first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Compares `actual` with a golden file; with CASEFLOW_UPDATE_GOLDEN=1 rewrites the file instead.
    static func checkGolden(_ actual: String, name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CASEFLOW_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenFolder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file \(name); run the tests with CASEFLOW_UPDATE_GOLDEN=1 to write it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            let want = line < a.count ? String(a[line]) : "<end of file>"
            let got = line < b.count ? String(b[line]) : "<end of file>"
            let message = "\(name) differs from the golden file at line \(line + 1):\n  golden: \(want)\n  actual: \(got)\n"
                + "(run with CASEFLOW_UPDATE_GOLDEN=1 to accept the new output)"
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }
}
