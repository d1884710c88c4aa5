import CaseflowEngine
import CaseflowFiles
import CaseflowModel
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
    }

    public enum ReloadResult: Sendable {
        case loaded(workflows: Int, warnings: [Diagnostic])
        case refused([Diagnostic])
    }

    private let paths: [String]
    private let store: any CaseStore
    private let logger: Logger
    private let active = Mutex<Active?>(nil)

    public init(paths: [String], store: any CaseStore, logger: Logger) {
        self.paths = paths
        self.store = store
        self.logger = logger
    }

    public var current: Active? { active.withLock { $0 } }

    @discardableResult
    public func reload() async -> ReloadResult {
        let result = DefinitionFiles.load(paths)
        if result.hasErrors {
            for d in result.diagnostics where d.isError { logger.error("\(d.description)") }
            logger.error("definitions not activated: they have errors; keeping the last good set",
                         metadata: ["errors": "\(result.diagnostics.filter(\.isError).count)"])
            return .refused(result.diagnostics.filter(\.isError))
        }
        let catalog: WorkflowCatalog
        do {
            catalog = try WorkflowCompiler.compileAll(result.definitions)
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
        let previous = current
        let merged = previous.map { catalog.keeping(versionsOf: $0.engine.catalog) } ?? catalog
        let oldHashes = previous?.hashes ?? [:]
        active.withLock {
            $0 = Active(set: result.definitions, engine: Engine(catalog: merged), loadedAt: Date(),
                        hashes: oldHashes.merging(hashes) { _, new in new })
        }
        let workflows = result.definitions.latestWorkflows.map { "\($0.id.value)@\($0.version)" }.joined(separator: ", ")
        logger.info("definitions loaded", metadata: ["workflows": "\(workflows)"])
        return .loaded(workflows: result.definitions.workflows.count, warnings: result.diagnostics)
    }
}
