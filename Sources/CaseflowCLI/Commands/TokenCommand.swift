import ArgumentParser
import CaseflowFiles
import CaseflowModel
import CaseflowServer
import Foundation

struct TokenCommand: ParsableCommand {
    static let defaultFile = "caseflow.tokens"

    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage API tokens.",
        subcommands: [Issue.self]
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

        @OptionGroup var definitions: DefinitionOptions

        func run() throws {
            let loaded = DefinitionFiles.load([definitions.policies])
            if !loaded.hasErrors, !loaded.definitions.people.isEmpty, loaded.definitions.people[person] == nil {
                let hint = Suggestion.hint(for: person, in: loaded.definitions.people.keys)
                Terminal.error("no person '\(person)' in the directory\(hint)")
                throw ExitCode(1)
            }
            let (token, line) = TokenStore.issue(for: person)
            let fm = FileManager.default
            if !fm.fileExists(atPath: tokens) {
                _ = fm.createFile(atPath: tokens, contents: Data("# caseflow tokens: SHA-256 of each token, then the person\n".utf8),
                              attributes: [.posixPermissions: 0o600])
            }
            guard let handle = FileHandle(forWritingAtPath: tokens) else {
                Terminal.error("cannot write \(tokens)")
                throw ExitCode(1)
            }
            handle.seekToEndOfFile()
            handle.write(Data((line + "\n").utf8))
            handle.closeFile()
            print(token)
            Terminal.status("token for \(person) recorded in \(tokens)")
        }
    }
}
