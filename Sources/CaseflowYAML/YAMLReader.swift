import CYAML

/// Reads YAML text through libyaml's event API into documents of located nodes.
///
/// A syntax error ends the file (libyaml cannot go on past one); duplicate keys are
/// reported and the first occurrence kept, so one run shows every such problem.
public enum YAMLReader {
    public struct Result: Sendable {
        public var documents: [YAMLDocument]
        public var diagnostics: [YAMLDiagnostic]
    }

    public static func read(text: String, file: String, limits: YAMLLimits = .standard) -> Result {
        read(bytes: Array(text.utf8), file: file, limits: limits)
    }

    public static func read(bytes: [UInt8], file: String, limits: YAMLLimits = .standard) -> Result {
        // A UTF-8 byte order mark (which editors on Windows write) is allowed by YAML and is not
        // content: dropped, so the first line's columns count from its first character. (The
        // parser is told the encoding, so it does not skip the mark itself.)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return read(bytes: Array(bytes.dropFirst(3)), file: file, limits: limits) }
        let source = SourceText(file: file, text: String(decoding: bytes, as: UTF8.self))
        if bytes.count > limits.maxBytes {
            return Result(documents: [], diagnostics: [YAMLDiagnostic(
                location: SourceLocation(file: file, line: 1, column: 1),
                message: "file is \(bytes.count) bytes; the limit is \(limits.maxBytes) bytes")])
        }
        var builder = TreeBuilder(source: source, limits: limits)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return Result(documents: [], diagnostics: [YAMLDiagnostic(
                location: SourceLocation(file: file, line: 1, column: 1), message: "out of memory")])
        }
        defer { yaml_parser_delete(&parser) }
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.fail(parserError(parser, source: source, bytes: buffer))
                    return
                }
                let type = event.type
                let keepGoing = builder.handle(event)
                yaml_event_delete(&event)
                if !keepGoing || type == YAML_STREAM_END_EVENT { return }
            }
        }
        return Result(documents: builder.documents, diagnostics: builder.diagnostics)
    }

    private static func parserError(_ parser: yaml_parser_t, source: SourceText,
                                    bytes: UnsafeBufferPointer<UInt8>) -> YAMLDiagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "syntax error"
        var location: SourceLocation
        if parser.error == YAML_READER_ERROR {
            // Reader errors give a byte offset, not a mark.
            let offset = min(Int(parser.problem_offset), bytes.count)
            let prefix = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<offset]), as: UTF8.self)
            location = source.location(ofOffset: prefix.unicodeScalars.count)
            return YAMLDiagnostic(location: location, message: "\(problem) (the file must be UTF-8)")
        }
        let mark = parser.problem_mark
        location = SourceLocation(file: source.file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " \(context)"
            if parser.context_mark.line != mark.line || parser.context_mark.column != mark.column {
                message += " at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1)"
            }
        }
        let index = Int(mark.index)
        if index < source.scalars.count, source.scalars[index] == "\t" {
            message += " (tabs cannot indent YAML; use spaces)"
        }
        return YAMLDiagnostic(location: location, message: message)
    }
}
