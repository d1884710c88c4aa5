import ArgumentParser
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Foundation

/// `caseflow diff OLD NEW [--format text|json] [--db]`: what changed between two workflow versions.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two versions of a workflow: stages, next edges, roles, SLAs, gates, data.",
        discussion: """
            OLD and NEW are workflow files, or released versions named ID@VERSION (read from --db):
              caseflow diff Workflows/service-sales.yaml Workflows/service-sales-v2.yaml
              caseflow diff service-sales@1 service-sales@2 --db caseflow.sqlite
              caseflow diff service-sales@1 Workflows/service-sales-v2.yaml --format json
            A file holding several workflows is compared by the workflow id of the other side.
            """
    )

    @Argument(help: "The older version: a file, or ID@VERSION.") var old: String
    @Argument(help: "The newer version: a file, or ID@VERSION.") var new: String
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(help: "The database released versions are read from.") var db = "caseflow.sqlite"

    func run() async throws {
        for spec in [old, new] where Self.released(spec)?.id.isEmpty == true {
            Terminal.error("\(spec): name a released version as ID@VERSION, e.g. service-sales@1")
            throw ExitCode(1)
        }
        // Two released versions of different workflows: refused before anything is read.
        if let x = Self.released(old), let y = Self.released(new), x.id != y.id {
            Terminal.error("\(old) is workflow \(x.id) and \(new) is workflow \(y.id): diff compares two versions of one workflow")
            throw ExitCode(1)
        }
        let a = try await load(old, id: nil)
        let b = try await load(new, id: a.id.value)
        let changes = WorkflowDiff(old: a, new: b).changes
        switch format {
        case .text:
            print("\(a.id.value)@\(a.version) → \(b.id.value)@\(b.version): \(changes.count) change\(changes.count == 1 ? "" : "s")")
            for c in changes { print("  \(c.text)") }
        case .json:
            print(JSONPrinter.print(.list(changes.map { c in
                .map(MapValue(uniqueKeys: [(.string("area"), .string(c.area)), (.string("subject"), .string(c.subject)),
                                           (.string("kind"), .string(c.kind)), (.string("text"), .string(c.text))]))
            })))
        }
    }

    /// ID and version of an ID@VERSION that names no file.
    static func released(_ spec: String) -> (id: String, version: Int)? {
        guard !FileManager.default.fileExists(atPath: spec), let at = spec.lastIndex(of: "@"),
              let version = Int(spec[spec.index(after: at)...]) else { return nil }
        return (String(spec[..<at]), version)
    }

    private func load(_ spec: String, id: String?) async throws -> Workflow {
        if let (wid, version) = Self.released(spec) {
            if let id, wid != id {
                Terminal.error("\(old) is workflow \(id) and \(spec) is workflow \(wid): diff compares two versions of one workflow")
                throw ExitCode(1)
            }
            let stored: [StoredDefinition]
            do {
                stored = try await StoreOpener.openForReading(db).definitions()
            } catch let e as StoreError {
                Terminal.error(e.description)
                throw ExitCode(1)
            }
            guard let d = stored.first(where: { $0.kind == "workflow" && $0.id == wid && $0.version == version }),
                  let w = WorkflowSources.workflows(d.source, path: spec).first else {
                let known = stored.filter { $0.kind == "workflow" && $0.id == wid }.compactMap(\.version).map(String.init)
                Terminal.error("\(wid) version \(version) is not released in \(db)"
                               + (known.isEmpty ? "" : "; released versions: \(known.joined(separator: ", "))"))
                throw ExitCode(1)
            }
            return w
        }
        guard let data = FileManager.default.contents(atPath: spec) else {
            Terminal.error("\(spec): no such file (or released version ID@VERSION)")
            throw ExitCode(1)
        }
        let read = WorkflowSources.read(String(decoding: data, as: UTF8.self), path: spec)
        // A file libyaml cannot read to its end (or with a key given twice) would be compared as
        // far as it got, or not at all: say where it breaks instead.
        if !read.syntaxErrors.isEmpty {
            for d in read.syntaxErrors.prefix(10) { print(d) }
            Terminal.error("\(spec) cannot be read; fix it first (caseflow validate names every problem)")
            throw ExitCode(1)
        }
        let candidates = id.map { i in read.workflows.filter { $0.id.value == i } } ?? read.workflows
        guard let w = candidates.max(by: { $0.version < $1.version }) else {
            // A workflow the loader refused (a key of the wrong type, say) is not in the list: its errors say why.
            for d in read.errors.prefix(10) { print(d) }
            Terminal.error("\(spec): no workflow\(id.map { " '\($0)'" } ?? "") in this file"
                           + (read.errors.isEmpty ? "" : " that could be read; fix the errors above first"))
            throw ExitCode(1)
        }
        return w
    }
}
