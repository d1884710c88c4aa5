import CaseflowEngine
import Foundation

/// `CaseState` ↔ JSON for snapshots, so a restart reads cases instead of replaying them.
/// Keys sorted; values keep their exact type (see `CaseState+Codable`).
public enum StateCodec {
    public static func encode(_ state: CaseState) throws(CodecError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return String(decoding: try encoder.encode(state), as: UTF8.self)
        } catch {
            throw CodecError("case \(state.id): state cannot be encoded: \(error)")
        }
    }

    public static func decode(_ text: String) throws(CodecError) -> CaseState {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return try decoder.decode(CaseState.self, from: Data(text.utf8))
        } catch {
            throw CodecError("snapshot cannot be read: \(error)")
        }
    }
}
