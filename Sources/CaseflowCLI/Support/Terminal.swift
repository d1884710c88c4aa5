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
            Self.error("cannot write \(output): \(describe(error))")
            throw ExitCode(1)
        }
        status("wrote \(output)")
    }

    /// An error as a person reads it. Foundation's file errors print on Linux as "The operation
    /// could not be completed. (NSCocoaErrorDomain error 512.)": the system's own words for the
    /// cause (`No such file or directory`, `Permission denied`) are used instead.
    static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return String(cString: strerror(ENOENT))
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return String(cString: strerror(EACCES))
            case NSFileWriteOutOfSpaceError: return String(cString: strerror(ENOSPC))
            case NSFileWriteVolumeReadOnlyError: return String(cString: strerror(EROFS))
            case NSFileWriteFileExistsError: return String(cString: strerror(EEXIST))
            default: return "the file system refused (\(ns.code)); check that the folder exists and may be written"
            }
        }
        return "\(error)"
    }
}
