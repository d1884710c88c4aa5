import CaseflowEngine
import Foundation

/// `CaseState` ↔ JSON for snapshots, so a restart reads cases instead of replaying them.
/// Keys sorted; values keep their exact type (see `CaseState+Codable`).
public enum StateCodec {
    /// Written by hand (`SnapshotWriter`); `decode` reads it, and what JSONEncoder wrote before, through `Codable`.
    public static func encode(_ state: CaseState) throws(CodecError) -> String {
        SnapshotWriter.write(state)
    }

    /// Read by hand (`CaseState(snapshotJSON:)`); `Codable` reads what that does not, and says
    /// where a broken snapshot is broken.
    public static func decode(_ text: String) throws(CodecError) -> CaseState {
        if let state = try? CaseState(snapshotJSON: text) { return state }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return try decoder.decode(CaseState.self, from: Data(text.utf8))
        } catch {
            throw CodecError("snapshot cannot be read: \(error)")
        }
    }
}
