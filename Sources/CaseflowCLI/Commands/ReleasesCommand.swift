import ArgumentParser
import CaseflowModel
import CaseflowStore
import Foundation

/// `caseflow releases [show N | diff A B] [--db]`: the definition sets the daemon activated.
struct ReleasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "List the releases of the definitions: every activation that changed a file.",
        discussion: """
            The daemon records a release each time it activates definitions (start, SIGHUP, \
            POST /v1/admin/reload) whose files differ from the newest release: every workflow and \
            policy file with its SHA-256, who or what activated it, and when. Every history event \
            records the release in force.

            Examples:
              caseflow releases
              caseflow releases show 3
              caseflow releases diff 2 3
            """,
        subcommands: [List.self, Show.self, Diff.self],
        defaultSubcommand: List.self
    )

    struct Options: ParsableArguments {
        @Option(help: "The database file (or postgres:// URL).")
        var db = "caseflow.sqlite"

        func releases() async throws -> (any CaseStore, [Release]) {
            do {
                let store = try await StoreOpener.openForReading(db)
                return (store, try await store.releases())
            } catch let e as StoreError {
                Terminal.error(e.description)
                throw ExitCode(1)
            }
        }

        func release(_ n: Int, in releases: [Release]) throws -> Release {
            guard let r = releases.first(where: { $0.number == n }) else {
                Terminal.error("no release \(n) in \(db)" + (releases.isEmpty ? " (it has none yet)" : "; releases are 1 to \(releases.map(\.number).max() ?? 0)"))
                throw ExitCode(1)
            }
            return r
        }
    }

    static func line(_ r: Release) -> String {
        "\(r.number)\t\(InstantText.format(r.activatedAt))\t\(r.activatedBy)\t\(r.files.count) file\(r.files.count == 1 ? "" : "s")"
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every release, newest first.",
                                                        discussion: "Examples:\n  caseflow releases list\n  caseflow releases list --db /var/lib/caseflow/cases.sqlite")
        @OptionGroup var options: Options

        func run() async throws {
            let (_, releases) = try await options.releases()
            if releases.isEmpty { Terminal.status("no releases yet: the daemon records one when it starts") }
            for r in releases { print(ReleasesCommand.line(r)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One release: its files and their hashes.",
                                                        discussion: "Examples:\n  caseflow releases show 3\n  caseflow releases show 3 --sources")
        @Argument(help: "The release number.") var number: Int
        @Flag(help: "Print each file's text too.") var sources = false
        @OptionGroup var options: Options

        func run() async throws {
            let (store, releases) = try await options.releases()
            let r = try options.release(number, in: releases)
            print("release \(r.number), activated \(InstantText.format(r.activatedAt)) by \(r.activatedBy)")
            for f in r.files {
                print("  \(f.hash)  \(f.path)")
                if sources, let text = try await store.source(hash: f.hash) {
                    print(text.split(separator: "\n", omittingEmptySubsequences: false).map { "    | \($0)" }.joined(separator: "\n"))
                }
            }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "diff", abstract: "What changed from release A to release B.",
                                                        discussion: "Examples:\n  caseflow releases diff 2 3")
        @Argument(help: "The older release.") var a: Int
        @Argument(help: "The newer release.") var b: Int
        @OptionGroup var options: Options

        func run() async throws {
            let (store, releases) = try await options.releases()
            let old = try options.release(a, in: releases), new = try options.release(b, in: releases)
            let oldFiles = Dictionary(old.files.map { ($0.path, $0.hash) }, uniquingKeysWith: { x, _ in x })
            let newFiles = Dictionary(new.files.map { ($0.path, $0.hash) }, uniquingKeysWith: { x, _ in x })
            var any = false
            // The older release's workflows, read once the first added file needs them.
            var earlier: [Workflow]?
            for path in Set(oldFiles.keys).union(newFiles.keys).sorted() {
                switch (oldFiles[path], newFiles[path]) {
                case (nil, let y?):
                    print("added    \(path)")
                    any = true
                    // A new version of a workflow often comes in a file of its own: diffed against the
                    // newest version the older release held, in whichever file (it said only "added").
                    let added = WorkflowSources.workflows(try await store.source(hash: y) ?? "", path: path)
                    guard !added.isEmpty else { break }
                    if earlier == nil {
                        var all: [Workflow] = []
                        for (oldPath, hash) in oldFiles.sorted(by: { $0.key < $1.key }) {
                            all += WorkflowSources.workflows(try await store.source(hash: hash) ?? "", path: oldPath)
                        }
                        earlier = all
                    }
                    for w in added {
                        guard let o = (earlier ?? []).filter({ $0.id.value == w.id.value && $0.version < w.version })
                            .max(by: { $0.version < $1.version }) else { continue }
                        print("  \(w.id.value) version \(w.version), against version \(o.version):")
                        for change in WorkflowDiff(old: o, new: w).changes { print("    \(change.text)") }
                    }
                case (_?, nil): print("removed  \(path)"); any = true
                case (let x?, let y?) where x != y:
                    print("changed  \(path)")
                    any = true
                    let before = try await store.source(hash: x) ?? "", after = try await store.source(hash: y) ?? ""
                    for line in WorkflowSources.diff(before, after, path: path) { print("  \(line)") }
                default: break
                }
            }
            if !any { print("no file changed between release \(a) and release \(b)") }
        }
    }
}

/// Workflows read from text for comparison: references to policies need not resolve.
enum WorkflowSources {
    static func workflows(_ text: String, path: String) -> [Workflow] { read(text, path: path).workflows }

    struct Read {
        var workflows: [Workflow]
        /// What libyaml could not read: the file is cut short there (or a key is given twice).
        var syntaxErrors: [Diagnostic]
        /// The file's errors, except references to definitions of other files (not loaded here).
        var errors: [Diagnostic]
    }

    static func read(_ text: String, path: String) -> Read {
        let loaded = DefinitionLoader.load([DefinitionLoader.File(path: path, bytes: Array(text.utf8))])
        return Read(workflows: loaded.definitions.workflows, syntaxErrors: loaded.syntaxErrors,
                    errors: loaded.diagnostics.filter { $0.isError && !DefinitionLoader.followsFromMissingDefinitions($0) })
    }

    /// The structural changes of each workflow in two texts of one file, paired by id.
    static func diff(_ before: String, _ after: String, path: String) -> [String] {
        let old = workflows(before, path: path), new = workflows(after, path: path)
        var lines: [String] = []
        for w in new {
            guard let o = old.filter({ $0.id.value == w.id.value }).max(by: { $0.version < $1.version }) else {
                lines.append("workflow \(w.id.value) version \(w.version) added")
                continue
            }
            lines += WorkflowDiff(old: o, new: w).changes.map { "\(w.id.value): \($0.text)" }
        }
        for o in old where !new.contains(where: { $0.id.value == o.id.value }) { lines.append("workflow \(o.id.value) removed from this file") }
        if lines.isEmpty && !new.isEmpty { lines.append("(comments or layout only)") }
        return lines
    }
}
