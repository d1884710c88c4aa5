import ArgumentParser
import Foundation

/// Messages for people (progress, summaries, errors) go to standard error; results to standard output.
enum Terminal {
    static func status(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func error(_ message: String) {
        status("error: \(message)")
    }

    /// A command's result: printed, or written to `output` (`--output FILE`), saying so.
    static func emit(_ text: String, to output: String?) throws {
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            Self.error("cannot write \(output): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        status("wrote \(output)")
    }
}
