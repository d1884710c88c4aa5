import ArgumentParser
import CaseflowFiles
import CaseflowModel
import CaseflowServer
import CaseflowStore
import Foundation

struct TokenCommand: ParsableCommand {
    static let defaultFile = "caseflow.tokens"

    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage API tokens.",
        discussion: """
            Tokens live in a token file (caseflow.tokens in the folder the daemon runs in, or \
            --tokens FILE): one line per token with its SHA-256 (never the token), its person, \
            label and expiry. The daemon reads the file at start and on SIGHUP (caseflow reload); \
            a token stops working when it expires, when it is revoked (at the next reload), or when \
            its person leaves the directory (at the reload that activates that directory).

            Examples:
              caseflow token issue alice --expires 30d --name laptop
              caseflow token list
              caseflow token revoke f21da0e612df
            """,
        subcommands: [Issue.self, List.self, Revoke.self]
    )

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Make a bearer token for a person of the directory.",
            discussion: """
            Prints a new token once and appends its SHA-256 hash (never the token) to the token
            file. The daemon reads the file at start and on SIGHUP.

            Example:
              TOKEN=$(caseflow token issue alice)
              curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/v1/tasks?role=sales_rep
            """
        )

        @Argument(help: "The person (an id of the directory).")
        var person: String

        @Option(help: ArgumentHelp("Token file.", valueName: "file"))
        var tokens = TokenCommand.defaultFile

        // Unconditional: `--expires -5d` reaches `validate`, which says what is wrong with it,
        // rather than being taken for another option and reported as a missing value.
        @Option(parsing: .unconditional,
                help: ArgumentHelp("The token stops working after this long: 90d, 12h, 2w (default: never).", valueName: "duration"))
        var expires: String?

        @Option(help: ArgumentHelp("A label to know the token by in `token list` (letters, digits, - _ .).", valueName: "label"))
        var name: String?

        @OptionGroup var definitions: DefinitionOptions

        func validate() throws {
            if let expires, let problem = TokenCommand.lifetimeProblem(expires) { throw ValidationError(problem) }
            if let name, name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
                throw ValidationError("--name may hold only letters, digits, '-', '_' and '.'")
            }
        }

        func run() throws {
            let loaded = DefinitionFiles.load([definitions.policies])
            if loaded.hasErrors || loaded.definitions.people.isEmpty {
                Terminal.error("no directory of people found in \(definitions.policies); run this in the folder the daemon runs in, "
                               + "or give --policies DIR (and --tokens FILE) as the daemon has them")
                throw ExitCode(1)
            }
            if loaded.definitions.people[person] == nil {
                let hint = Suggestion.hint(for: person, in: loaded.definitions.people.keys)
                Terminal.error("no person '\(person)' in the directory\(hint)")
                throw ExitCode(1)
            }
            let now = Instant(seconds: Int64(Date().timeIntervalSince1970))
            let expiry = expires.flatMap(TokenCommand.seconds).map { Instant(seconds: now.seconds + $0) }
            let (token, entry) = TokenStore.make(for: person, name: name, issued: now, expires: expiry)
            let fm = FileManager.default
            if !fm.fileExists(atPath: tokens) {
                _ = fm.createFile(atPath: tokens, contents: Data(TokenCommand.header.utf8), attributes: [.posixPermissions: 0o600])
            } else {
                // The daemon refuses a token file with a bad line, so a token added to one would
                // never work: say so now rather than print a token that cannot be used.
                do {
                    _ = try TokenStore.load(path: tokens)
                } catch {
                    Terminal.error("\(error); no token was added: mend \(tokens) first (the daemon would not load it)")
                    throw ExitCode(1)
                }
            }
            guard let handle = FileHandle(forWritingAtPath: tokens) else {
                Terminal.error("cannot write \(tokens)")
                throw ExitCode(1)
            }
            handle.seekToEndOfFile()
            handle.write(Data((entry.line + "\n").utf8))
            handle.closeFile()
            print(token)
            Terminal.status("token \(entry.id) for \(person) recorded in \(tokens)"
                            + (expiry.map { "; it expires \(InstantText.format($0))" } ?? "")
                            + "; a running daemon takes it at the next reload (caseflow reload)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The tokens of the token file: id, person, label, expiry.",
                                                        discussion: "Examples:\n  caseflow token list\n  caseflow token list --tokens /etc/caseflow/tokens")

        @Option(help: ArgumentHelp("Token file.", valueName: "file"))
        var tokens = TokenCommand.defaultFile

        func run() throws {
            // A mistyped path is not an empty file: "no tokens" would send the reader looking for
            // tokens that are somewhere else.
            guard FileManager.default.fileExists(atPath: tokens) else {
                Terminal.error("no token file at \(tokens) (give --tokens FILE, or issue one with caseflow token issue PERSON)")
                throw ExitCode(1)
            }
            let store = try TokenCommand.load(tokens)
            let now = Instant(seconds: Int64(Date().timeIntervalSince1970))
            if store.isEmpty { Terminal.status("no tokens in \(tokens)") } else {
                print(["ID", "PERSON", "NAME", "ISSUED", "EXPIRES"].joined(separator: "\t"))
            }
            for e in store.entries {
                let expiry = e.expires.map { ($0 <= now ? "expired " : "") + InstantText.format($0) } ?? "never"
                print([e.id, e.person, e.name ?? "-", e.issued.map(InstantText.format) ?? "-", expiry].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Remove a token from the token file (a running daemon drops it at the next reload).",
            discussion: "Examples:\n  caseflow token revoke f21da0e612df\n  caseflow token revoke f21da0e612df --tokens /etc/caseflow/tokens && caseflow reload")

        @Argument(help: "The token's id (from token list), at least its first 6 digits, or the whole hash from the token file.")
        var id: String

        @Option(help: ArgumentHelp("Token file.", valueName: "file"))
        var tokens = TokenCommand.defaultFile

        func validate() throws {
            guard id.count >= 6, id.count <= 64, id.allSatisfy(\.isHexDigit) else {
                throw ValidationError("give the token's id as at least 6 of its hex digits (see caseflow token list), not '\(id)'")
            }
        }

        func run() throws {
            let store = try TokenCommand.load(tokens)
            // A prefix of the id, or of the whole hash the file keeps.
            let wanted = id.lowercased()
            let matching = store.entries.filter { Hex.encode($0.hash).hasPrefix(wanted) }
            guard matching.count == 1, let gone = matching.first else {
                Terminal.error(matching.isEmpty ? "no token \(id) in \(tokens) (see caseflow token list)"
                               : "\(id) names \(matching.count) tokens; give more digits")
                throw ExitCode(1)
            }
            let kept = store.entries.filter { $0.id != gone.id }
            let text = TokenCommand.header + kept.map { $0.line + "\n" }.joined()
            let temporary = tokens + ".tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
                  rename(temporary, tokens) == 0 else {
                Terminal.error("cannot write \(tokens)")
                throw ExitCode(1)
            }
            print("revoked token \(gone.id) of \(gone.person)")
            Terminal.status("a running daemon stops accepting it at the next reload (caseflow reload)")
        }
    }

    static let header = "# caseflow tokens: SHA-256 of each token, its person, then name, issued and expires (seconds since 1970)\n"

    static func load(_ path: String) throws -> TokenStore {
        do {
            return try TokenStore.load(path: path)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }

    /// The longest lifetime a token may be given: ten years.
    static let longestLifetime: Int64 = 3_650 * 86_400

    /// A lifetime in seconds: a whole number of minutes, hours, days or weeks (`90d`), at most ten years.
    static func seconds(_ text: String) -> Int64? {
        guard let unit = text.last, let n = Int64(text.dropLast()), n > 0, n <= 10_000_000 else { return nil }
        let seconds: Int64
        switch unit {
        case "m": seconds = n * 60
        case "h": seconds = n * 3600
        case "d": seconds = n * 86_400
        case "w": seconds = n * 604_800
        default: return nil
        }
        return seconds <= longestLifetime ? seconds : nil
    }

    /// What is wrong with an `--expires` value, worded for the command line; nil when it is a lifetime.
    static func lifetimeProblem(_ text: String) -> String? {
        if seconds(text) != nil { return nil }
        let form = "a whole number of minutes, hours, days or weeks, like 30m, 12h, 90d or 2w"
        guard let unit = text.last, "mhdw".contains(unit), let n = Int64(text.dropLast()) else {
            return "--expires \(text) is not a duration: give \(form)"
        }
        if n <= 0 {
            return "--expires \(text): a token's lifetime must be longer than zero (leave --expires out for a token "
                + "that never expires; `caseflow token revoke` ends one now)"
        }
        return "--expires \(text) is longer than a token may live: at most ten years (3650d or 521w)"
    }
}
