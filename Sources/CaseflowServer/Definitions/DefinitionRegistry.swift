import CaseflowEngine
import CaseflowFiles
import CaseflowModel
import CaseflowYAML
import CaseflowStore
import Foundation
import Logging
import Synchronization

/// The definitions in force. A reload that finds any error keeps the last good set; versions
/// dropped from the files stay loaded so running cases finish on the version they started with.
public final class DefinitionRegistry: Sendable {
    public struct Active: Sendable {
        public let set: DefinitionSet
        public let engine: Engine
        public let loadedAt: Date
        /// SHA-256 of each workflow version's source, by "id@version".
        public let hashes: [String: String]
        /// The release these definitions are.
        public let release: Release?
    }

    public enum ReloadResult: Sendable {
        case loaded(workflows: Int, warnings: [Diagnostic])
        case refused([Diagnostic])
    }

    private let paths: [String]
    private let store: any CaseStore
    private let logger: Logger
    private let active = Mutex<Active?>(nil)
    /// Set when a new release may have changed what the search index holds (see
    /// `SearchIndexService` and `searchMayChange`).
    private let searchStale = Mutex(false)

    /// Whether the search index needs building again; asking clears it.
    public func takeSearchStale() -> Bool { searchStale.withLock { s in defer { s = false }; return s } }

    public init(paths: [String], store: any CaseStore, logger: Logger) {
        self.paths = paths
        self.store = store
        self.logger = logger
    }

    public var current: Active? { active.withLock { $0 } }

    /// Whether activating `new` can change a search value already in the index. Each case is
    /// indexed by its own workflow version's `search:` fields when it is written, and a released
    /// version never changes, so only one thing can: a date or timestamp field is indexed as the
    /// date in its calendar's zone, and calendars are policies, which a release may change. So:
    /// only versions with such a field count, and only if their zone changed (or, at start, when
    /// the zones before are not known).
    static func searchMayChange(from old: WorkflowCatalog?, to new: WorkflowCatalog) -> Bool {
        func zones(_ catalog: WorkflowCatalog) -> [String: String] {
            var zones: [String: String] = [:]
            for (id, versions) in catalog.byID {
                for (version, w) in versions where w.definition.search.contains(where: { name in
                    guard let slot = w.fieldSlots[name.value] else { return false }
                    return w.fields[slot].type == .date || w.fields[slot].type == .timestamp
                }) {
                    zones["\(id)@\(version)"] = w.calendar.zone.identifier
                }
            }
            return zones
        }
        let now = zones(new)
        guard !now.isEmpty else { return false }
        guard let old else { return true }
        let before = zones(old)
        return now.contains { key, zone in before[key].map { $0 != zone } ?? false }
    }

    /// Loads the definition files and activates them, unless they have errors or change a
    /// released workflow version without raising its version. An activation whose files differ
    /// from the newest release's is recorded as the next release. `by`: `start`, `SIGHUP`, or
    /// the admin who asked.
    @discardableResult
    public func reload(by who: String = "start") async -> ReloadResult {
        let (files, readProblems) = DefinitionFiles.read(paths)
        var result = DefinitionLoader.load(files)
        result.diagnostics = readProblems + result.diagnostics
        let keeping = current == nil ? "nothing was activated" : "keeping the last good set"
        if result.hasErrors {
            for d in result.diagnostics where d.isError { logger.error("\(d.description)") }
            logger.error("definitions not activated: they have errors; \(keeping)",
                         metadata: ["errors": "\(result.diagnostics.filter(\.isError).count)"])
            return .refused(result.diagnostics.filter(\.isError))
        }
        let stored: [StoredDefinition]
        do {
            stored = try await store.definitions()
        } catch {
            logger.error("definitions not activated: the released versions cannot be read; \(keeping)", metadata: ["error": "\(error)"])
            return .refused([Diagnostic(.error, "the store cannot be read: \(error)", at: SourceLocation(file: paths.first ?? "", line: 1, column: 1))])
        }
        let unbumped = ReleasedWorkflows.check(result.definitions, against: ReleasedWorkflows.Released.from(stored))
        if !unbumped.isEmpty {
            for d in unbumped { logger.error("\(d.description)") }
            logger.error("definitions not activated: a released workflow version was changed; \(keeping)")
            return .refused(unbumped)
        }
        let compiled: WorkflowCatalog
        do {
            compiled = try WorkflowCompiler.compileAll(result.definitions)
        } catch {
            return .refused(error.diagnostics)
        }
        var hashes: [String: String] = [:]
        for w in result.definitions.workflows {
            let hash = StoredDefinition.hash(of: w.sourceText)
            hashes["\(w.id.value)@\(w.version)"] = hash
            do {
                _ = try await store.saveDefinition(StoredDefinition(hash: hash, kind: "workflow", id: w.id.value,
                                                                    version: w.version, source: w.sourceText))
            } catch {
                logger.error("could not store definition", metadata: ["workflow": "\(w.id.value)", "error": "\(error)"])
            }
        }
        // Versions released before and gone from the files stay runnable for the cases on them.
        let (catalog, skipped, tampered) = compiled.addingStoredVersions(stored, policies: Self.policyFiles(files))
        for name in tampered {
            logger.critical("a released workflow version's stored text no longer matches its SHA-256: changed in the database; its cases are refused until it is restored",
                            metadata: ["workflow": "\(name)"])
        }
        for name in skipped {
            logger.warning("a released workflow version no longer compiles with today's policies; its cases cannot move until migrated",
                           metadata: ["workflow": "\(name)"])
        }
        for d in stored where d.kind == "workflow" {
            if let v = d.version, hashes["\(d.id)@\(v)"] == nil { hashes["\(d.id)@\(v)"] = d.hash }
        }
        let release: Release?
        do {
            let sources = files.map { ReleaseSource(path: $0.path, text: String(decoding: $0.bytes, as: UTF8.self)) }
            let (r, created) = try await store.saveRelease(sources, by: who, at: WallClock.now())
            release = r
            if created, Self.searchMayChange(from: current?.engine.catalog, to: catalog) { searchStale.withLock { $0 = true } }
            if created { logger.notice("release \(r.number) recorded", metadata: ["release": "\(r.number)", "by": "\(who)", "files": "\(files.count)"]) }
        } catch {
            logger.error("definitions not activated: the release cannot be recorded; \(keeping)", metadata: ["error": "\(error)"])
            return .refused([Diagnostic(.error, "the release cannot be recorded: \(error)", at: SourceLocation(file: paths.first ?? "", line: 1, column: 1))])
        }
        let previous = current
        let merged = previous.map { catalog.keeping(versionsOf: $0.engine.catalog) } ?? catalog
        let oldHashes = previous?.hashes ?? [:]
        active.withLock {
            $0 = Active(set: result.definitions, engine: Engine(catalog: merged, release: release?.number), loadedAt: Date(),
                        hashes: oldHashes.merging(hashes) { _, new in new }, release: release)
        }
        // What new cases open on: the newest version of each workflow, from the files or kept in
        // the database (a released version stays runnable when its file goes).
        let workflows = merged.latest.map { "\($0.id)@\($0.version)" }.joined(separator: ", ")
        let inFiles = Set(result.definitions.workflows.map { "\($0.id.value)@\($0.version)" })
        for w in merged.latest where !inFiles.contains("\(w.id)@\(w.version)") {
            let message = "workflow \(w.id): new cases still open on version \(w.version), which the database keeps though no file "
                + "holds it; to open them on another, release that as a newer version"
            logger.warning("\(message)", metadata: ["workflow": "\(w.id)@\(w.version)"])
        }
        logger.info("definitions loaded", metadata: [
            "workflows": "\(workflows)", "release": "\(release?.number ?? 0)",
            "counts": .string("\(result.definitions.workflows.count) workflows, \(result.definitions.decisions.count) decisions, "
                + "\(result.definitions.escalations.count) ladders, \(result.definitions.calendars.count) calendars, "
                + "\(result.definitions.people.count) people"),
        ])
        return .loaded(workflows: result.definitions.workflows.count, warnings: result.diagnostics)
    }

    /// The files that hold only policies (no workflow, no scenario).
    static func policyFiles(_ files: [DefinitionLoader.File]) -> [DefinitionLoader.File] {
        files.filter { file in
            let set = DefinitionLoader.load([file]).definitions
            return set.workflows.isEmpty && set.scenarios.isEmpty
        }
    }
}
