import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Logging
import ServiceLifecycle

/// Builds the search index again after a release that may change it (a calendar zone that
/// date fields are indexed in; see `DefinitionRegistry.searchMayChange`): every case's values, a
/// page at a time, beside the running daemon. It waits until the daemon is ready (timers that
/// fell due while it was down come first) and pauses between pages, so a million cases never
/// hold up a timer or a request. Until it is done, a search by such a date may miss cases.
struct SearchIndexService: Service {
    let daemon: CaseflowDaemon
    /// Between pages of 500 cases: the rebuild takes at most about half of one core.
    static let pauseMillis = 20

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if daemon.isReady, daemon.registry.takeSearchStale() {
                    do {
                        try await rebuild()
                    } catch {
                        daemon.logger.error("search index not rebuilt", metadata: ["error": "\(error)"])
                    }
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    func rebuild() async throws {
        guard let active = daemon.registry.current else { return }
        let engine = active.engine
        var after: String?
        var count = 0
        while !Task.isCancelled {
            let page = try await daemon.store.cases(CaseQuery(after: after, limit: 500))
            var rows: [(caseID: String, values: [String: String])] = []
            for row in page {
                after = row.id
                guard let state = try? StateCodec.decode(row.state), let w = engine.workflow(of: state) else { continue }
                rows.append((row.id, StoredCase.searchValues(state, w)))
            }
            try await daemon.store.reindexSearch(rows)
            count += rows.count
            if page.count < 500 { break }
            try? await Task.sleep(for: .milliseconds(Self.pauseMillis))
        }
        daemon.logger.info("search index built", metadata: ["cases": "\(count)"])
    }
}
