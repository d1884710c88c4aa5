import CaseflowModel
import Foundation

/// The machine's clock as an `Instant`, for everything outside the engine (the engine is given
/// its instants).
public enum WallClock {
    public static func now() -> Instant { Instant(millis: Int64(Date().timeIntervalSince1970 * 1000)) }
}
