import Foundation

/// Messages for people (progress, summaries, errors) go to standard error; results to standard output.
enum Terminal {
    static func status(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func error(_ message: String) {
        status("error: \(message)")
    }
}
