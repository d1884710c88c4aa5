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

    private func load(_ spec: String, id: String?) async throws -> Workflow {
        if !FileManager.default.fileExists(atPath: spec), let at = spec.lastIndex(of: "@"), let version = Int(spec[spec.index(after: at)...]) {
            let wid = String(spec[..<at])
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
        let found = WorkflowSources.workflows(String(decoding: data, as: UTF8.self), path: spec)
        let candidates = id.map { i in found.filter { $0.id.value == i } } ?? found
        guard let w = candidates.max(by: { $0.version < $1.version }) else {
            Terminal.error("\(spec): no workflow\(id.map { " '\($0)'" } ?? "") in this file")
            throw ExitCode(1)
        }
        return w
    }
}
