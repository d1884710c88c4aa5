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
        let size = try await store.ledgerSize()
        var frontier = try await anchoredFrontier(latest, ledgerSize: size)
        guard size > frontier.size || (size == 0 && latest == nil) else { return nil }
        // Entries are numbered without gaps: one missing (or a row written far past the end) would
        // make the tree differ from the ledger, and the next checkpoint append the stray entry again.
        try await LedgerReader.forEach(store, from: frontier.size, upTo: size) { leaf in
            guard leaf.index == frontier.size else {
                throw LedgerChanged(description: "ledger entry \(frontier.size + 1) is missing (the next is \(leaf.index + 1)): the ledger "
                                    + "was changed in the database; not signing")
            }
            frontier.append(MerkleTree.leafHash(leaf))
        }
        let checkpoint = try Checkpoint.sign(size: frontier.size, root: frontier.root, at: clock(), with: key)
        try await store.saveCheckpoint(StoredCheckpoint(size: checkpoint.size, root: checkpoint.root, signedAt: checkpoint.signedAt,
                                                        body: checkpoint.json, frontier: frontier.text))
        if let directory { try write(checkpoint, to: directory) }
        await publish(checkpoint)
        logger.info("ledger checkpoint signed", metadata: ["checkpoint.size": "\(checkpoint.size)", "checkpoint.root": "\(checkpoint.root)"])
        return checkpoint
    }

    /// Why the signer will not sign: the ledger no longer extends what it signed before.
    public struct LedgerChanged: Error, CustomStringConvertible {
        public var description: String
    }

    /// The tree to extend: the newest checkpoint's frontier, after checking that it is the tree
    /// this key signed. A checkpoint extends the one before it, so signing over a ledger that
    /// someone with write access rewrote below it, having replaced or deleted the stored frontier
    /// and checkpoints, would approve the rewrite. The newest signed checkpoint (in the database,
    /// or `latest.json` in the checkpoint folder when that is newer) is the anchor: the ledger must
    /// hold at least its entries; a stored frontier that gives its root is extended (the entries
    /// below it are not read again: a rewrite there stays outside every later checkpoint, which
    /// `verify --checkpoint` shows); one that does not is rebuilt from the ledger, which must give
    /// that root, or nothing is signed.
    func anchoredFrontier(_ latest: StoredCheckpoint?, ledgerSize size: Int) async throws -> MerkleFrontier {
        let publicKey = key.privateKey.publicKey
        var anchor: Checkpoint?
        if let latest {
            guard let c = try? Checkpoint(json: latest.body), c.isSigned(by: publicKey), c.size == latest.size, c.root == latest.root else {
                throw LedgerChanged(description: "the newest checkpoint in the database (size \(latest.size)) is not one this key signed: "
                                    + "it was altered, or the audit key was replaced; not signing over it (run caseflow verify --checkpoint "
                                    + "with the last checkpoint shipped)")
            }
            anchor = c
        }
        if let directory, let data = FileManager.default.contents(atPath: URL(fileURLWithPath: directory).appendingPathComponent("latest.json").path),
           let file = try? Checkpoint(json: String(decoding: data, as: UTF8.self)), file.isSigned(by: publicKey), file.size > (anchor?.size ?? -1) {
            anchor = file
        }
        guard let anchor else { return MerkleFrontier() }
        guard size >= anchor.size else {
            let source = latest.map { $0.size == anchor.size } ?? false ? "the newest checkpoint in the database" : "latest.json in \(directory ?? "")"
            throw LedgerChanged(description: "\(source) covers \(anchor.size) ledger entries, but the ledger holds \(size): entries were "
                                + "removed, or this is a new or restored database beside an older one's checkpoints; not signing "
                                + "(for a new or restored database, move the checkpoint folder aside to start a new line of checkpoints)")
        }
        if let latest, latest.size == anchor.size, let f = MerkleFrontier(text: latest.frontier), f.size == anchor.size,
           Hex.encode(f.root) == anchor.root {
            return f
        }
        var rebuilt = MerkleFrontier()
        try await LedgerReader.forEach(store, upTo: anchor.size) { rebuilt.append(MerkleTree.leafHash($0)) }
        guard rebuilt.size == anchor.size, Hex.encode(rebuilt.root) == anchor.root else {
            throw LedgerChanged(description: "the ledger's first \(anchor.size) entries no longer hash to the root this key signed "
                                + "(\(anchor.root)): the ledger was changed in the database; not signing over it")
        }
        return rebuilt
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
        } catch let e as CheckpointSigner.LedgerChanged {
            logger.critical("ledger checkpoint not signed: integrity", metadata: ["error": "\(e.description)"])
        } catch {
            logger.error("ledger checkpoint not signed", metadata: ["error": "\(error)"])
        }
    }
}
