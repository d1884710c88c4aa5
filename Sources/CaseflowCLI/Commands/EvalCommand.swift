import ArgumentParser
import CaseflowRules

/// `caseflow eval EXPR [--data JSON]`: evaluates one expression and prints the value as JSON.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a CEL expression and print its value as JSON.",
        discussion: """
            The expression uses the CEL subset of the definition language (dsl.md, \
            "Expressions"). The names in scope are the keys of the --data JSON object \
            (their types are inferred from the values: 1 is an int, 1.0 a double; `now` is not \
            one of them) and `now`, \
            the current time or --now.

            Output: ints print without a fraction, doubles with one (1.0), timestamps as \
            RFC 3339 strings, durations like "3600s". On an error the message goes to \
            standard error as `error: MESSAGE` and the exit status is 1.

            Examples:
              caseflow eval '1 + 2 * 3'
              caseflow eval 'budget > 100000.0 && potential in ["high", "medium"]' \\
                --data '{"budget": 250000.0, "potential": "high"}'
              caseflow eval 'tags.exists(t, t.startsWith("vip"))' --data '{"tags": ["vip-gold"]}'
              caseflow eval 'timestamp("2026-03-01T09:00:00Z") + duration("90m")'
              caseflow eval 'now - timestamp("2026-03-01T01:00:00Z") > duration("720h")' --now 2026-04-01T09:00:00+08:00
            """
    )

    @Argument(help: "The expression to evaluate.")
    var expression: String

    @Option(help: "A JSON object whose keys are the variables in scope.")
    var data: String?

    @Option(help: ArgumentHelp("The instant `now` names (RFC 3339); default: the current time.", valueName: "timestamp"))
    var now: String?

    init() {}

    func validate() throws {
        if let now, CELTimestamp(rfc3339: now) == nil {
            throw ValidationError("--now must be a timestamp like 2026-03-02T09:00:00+08:00, not '\(now)'")
        }
        // Data that is not a JSON object is a mistake in the command (64), as a bad --now is.
        if let data {
            switch DataOption.object(data) {
            case .failure(let problem): throw problem
            case .success(let object): if let problem = Self.reservedName(object) { throw ValidationError(problem) }
            }
        }
    }

    func run() throws {
        let at = now.flatMap { CELTimestamp(rfc3339: $0) } ?? Self.currentTime()
        switch Self.evaluate(expression, data: data, now: at) {
        case .success(let json):
            print(json)
        case .failure(let failure):
            FileHandleStandardError.write("error: \(failure.message)\n")
            throw ExitCode(1)
        }
    }

    /// `now` is the engine's (the current time, or --now), as in a workflow: data may not set it.
    static func reservedName(_ object: MapValue) -> String? {
        object[.string("now")] == nil ? nil
            : "--data may not set `now`: it is the current time, or the instant --now gives"
    }

    struct Failure: Error, Equatable {
        var message: String
    }

    /// The printed JSON value, or the error message (without the `error: ` prefix).
    static func evaluate(_ expression: String, data: String?, now: CELTimestamp? = nil) -> Result<String, Failure> {
        var declarations = Declarations()
        var activation = Activation([])
        if let data {
            let object: MapValue
            switch DataOption.object(data) {
            case .success(let o): object = o
            case .failure(let problem): return .failure(Failure(message: problem.message))
            }
            if let problem = reservedName(object) { return .failure(Failure(message: problem)) }
            guard let (d, a) = TypeInference.declarations(from: .map(object)) else {
                return .failure(Failure(message: "--data must be a JSON object"))
            }
            declarations = d
            activation = a
        }
        if let now, declarations.slot(of: "now") == nil {
            _ = declarations.declare("now", .timestamp)
            activation = Activation(activation.values + [.timestamp(now)])
        }
        switch compile(expression, declarations) {
        case .failure(let diagnostics):
            let text = diagnostics.map { "column \($0.range.lowerBound + 1): \($0.message)" }.joined(separator: "\nerror: ")
            return .failure(Failure(message: text))
        case .success(let program):
            switch program.evaluate(activation) {
            case .success(let v): return .success(JSONPrinter.print(v))
            case .failure(let e): return .failure(Failure(message: e.message))
            }
        }
    }
}

extension EvalCommand {
    static func currentTime() -> CELTimestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return CELTimestamp(seconds: Int64(ts.tv_sec), nanos: Int32(ts.tv_nsec)) ?? CELTimestamp(seconds: 0)!
    }
}

/// Standard error without Foundation.
enum FileHandleStandardError {
    static func write(_ text: String) {
        #if canImport(Glibc)
        _ = text.utf8CString.withUnsafeBufferPointer { buf in Glibc.write(2, buf.baseAddress, buf.count - 1) }
        #elseif canImport(Darwin)
        _ = text.utf8CString.withUnsafeBufferPointer { buf in Darwin.write(2, buf.baseAddress, buf.count - 1) }
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
