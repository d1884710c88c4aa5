import ArgumentParser
import Testing
@testable import CaseflowCLI

/// README promises that every command has `--help` with examples: each command and subcommand
/// shows at least one whole invocation of itself in its help's text, beyond the usage line
/// (`reload` and the `releases` subcommands had none).
@Suite struct HelpTextTests {
    static func commands(_ type: any ParsableCommand.Type, path: [String]) -> [(path: [String], type: any ParsableCommand.Type)] {
        let here = path + [type.configuration.commandName ?? ""]
        return [(here, type)] + type.configuration.subcommands.flatMap { commands($0, path: here) }
    }

    @Test func everyCommandShowsAnExample() {
        let all = Self.commands(CaseflowCommand.self, path: []).dropFirst()
        #expect(all.count > 20)
        for (path, type) in all {
            let invocation = path.joined(separator: " ")
            let discussion = type.configuration.discussion
            #expect(discussion.contains(invocation + " ") || discussion.contains(invocation + "\n") || discussion.hasSuffix(invocation),
                    "`\(invocation) --help` shows no example of itself")
        }
    }
}
