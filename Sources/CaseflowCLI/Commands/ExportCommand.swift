import ArgumentParser
import CaseflowAudit
import CaseflowStore
import Foundation

/// `caseflow export CASE --proof [--checkpoint FILE] [--output FILE]`: one case's events with
/// their inclusion proofs, checkable offline.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one case's history with what is needed to prove it against a signed checkpoint.",
        discussion: """
            With --proof: the case's events (their canonical JSON and hashes), each with its place \
            in the ledger and its Merkle audit path to a signed checkpoint: the one in --checkpoint, \
            or else the newest the database holds. Anyone with the public key checks it offline:
              caseflow verify --proof FILE --public-key KEY

            Examples:
              caseflow export c-1m8mz2a00brx7 --proof > case.proof.json
              caseflow export c-1m8mz2a00brx7 --proof --checkpoint checkpoints/latest.json --output case.proof.json
            """
    )

    @Argument(help: "The case.")
    var caseID: String

    @Flag(help: "Include inclusion proofs against a signed checkpoint.")
    var proof = false

    @Option(help: ArgumentHelp("The checkpoint to prove against (default: the newest in the database).", valueName: "file"))
    var checkpoint: String?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write here instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: "The database file (or postgres:// URL).")
    var db = "caseflow.sqlite"

    func validate() throws {
        guard proof else { throw ValidationError("export writes proofs: add --proof (use caseflow history for the plain history)") }
    }

    func run() async throws {
        do {
            let store = try await StoreOpener.openForReading(db)
            // Neither a row nor events: a case this database never had.
            if try await store.version(caseID: caseID) == nil, try await store.events(caseID: caseID).isEmpty {
                Terminal.error("no case '\(caseID)' in \(db)")
                throw ExitCode(1)
            }
            let against: Checkpoint
            if let checkpoint {
                guard let data = FileManager.default.contents(atPath: checkpoint) else {
                    Terminal.error("cannot read \(checkpoint)")
                    throw ExitCode(1)
                }
                against = try Checkpoint(json: String(decoding: data, as: UTF8.self))
            } else {
                guard let latest = try await store.checkpoints(before: nil, limit: 1).first else {
                    Terminal.error("\(db) holds no signed checkpoint yet: the daemon signs one at intervals and when it stops")
                    throw ExitCode(1)
                }
                against = try Checkpoint(json: latest.body)
            }
            let text = try await CaseProof.make(caseID: caseID, checkpoint: against, store: store).json + "\n"
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                } catch {
                    Terminal.error("cannot write \(output): is its folder there, and may this user write in it?")
                    throw ExitCode(1)
                }
                Terminal.status("wrote the proof of \(caseID) to \(output)")
            } else {
                print(text, terminator: "")
            }
        } catch let e as StoreError {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let e as CaseProof.Failure {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let e as Checkpoint.Failure {
            Terminal.error(e.description)
            throw ExitCode(1)
        }
    }
}
