import CaseflowModel
import CaseflowServer
import CaseflowStore
import Foundation
import Logging
import ServiceLifecycle

/// Signs the ledger head at intervals and once more at shutdown: each checkpoint is kept in the
/// store, written as a file to ship off the machine, and posted to the webhooks. The tree is
/// extended from the last checkpoint's frontier, so signing reads only the entries since.
public final class CheckpointSigner: Sendable {
    let store: any CaseStore
    let key: AuditKey
    let directory: String?
    let logger: Logger
    let publish: @Sendable (Checkpoint) async -> Void
    let clock: @Sendable () -> Instant

    public init(store: any CaseStore, key: AuditKey, directory: String?, logger: Logger,
                publish: @escaping @Sendable (Checkpoint) async -> Void = { _ in },
                clock: @escaping @Sendable () -> Instant = { WallClock.now() }) {
        self.store = store
        self.key = key
        self.directory = directory
        self.logger = logger
        self.publish = publish
        self.clock = clock
    }

    /// Signs the ledger as it stands, unless the newest checkpoint already covers it. Nil when nothing is new.
    @discardableResult
    public func signHead() async throws -> Checkpoint? {
        let latest = try await store.checkpoints(before: nil, limit: 1).first
        var frontier = latest.flatMap { MerkleFrontier(text: $0.frontier) } ?? MerkleFrontier()
        let size = try await store.ledgerSize()
        guard size > frontier.size || (size == 0 && latest == nil) else { return nil }
        try await LedgerReader.forEach(store, from: frontier.size, upTo: size) { frontier.append(MerkleTree.leafHash($0)) }
        let checkpoint = try Checkpoint.sign(size: frontier.size, root: frontier.root, at: clock(), with: key)
        try await store.saveCheckpoint(StoredCheckpoint(size: checkpoint.size, root: checkpoint.root, signedAt: checkpoint.signedAt,
                                                        body: checkpoint.json, frontier: frontier.text))
        if let directory { try write(checkpoint, to: directory) }
        await publish(checkpoint)
        logger.info("ledger checkpoint signed", metadata: ["checkpoint.size": "\(checkpoint.size)", "checkpoint.root": "\(checkpoint.root)"])
        return checkpoint
    }

    /// `checkpoint-<size>.json` and `latest.json` in the folder.
    func write(_ c: Checkpoint, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = Data((c.json + "\n").utf8)
        let name = String(format: "checkpoint-%012d.json", c.size)
        try text.write(to: URL(fileURLWithPath: directory).appendingPathComponent(name), options: .atomic)
        try text.write(to: URL(fileURLWithPath: directory).appendingPathComponent("latest.json"), options: .atomic)
    }
}

/// The signer as a daemon service: every interval, and at graceful shutdown.
struct CheckpointService: Service {
    let signer: CheckpointSigner
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                await sign()
            }
        }
        await sign()
    }

    private func sign() async {
        do {
            try await signer.signHead()
        } catch {
            logger.error("ledger checkpoint not signed", metadata: ["error": "\(error)"])
        }
    }
}
