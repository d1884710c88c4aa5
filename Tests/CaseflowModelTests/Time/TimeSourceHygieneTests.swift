import Foundation
import Testing

/// The business-time code must not read the machine's zone, clock or randomness: results
/// must not depend on `TZ=` or on when they run. Checked by reading the sources.
@Test func timeSourcesUseNoMachineZoneClockOrRandomness() throws {
    let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/CaseflowModel/Time")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
    #expect(files.count >= 10)
    let forbidden = ["TimeZone.current", "autoupdatingCurrent", "NSTimeZone", "TimeZone.local", "Date()",
                     "Date.now", "UUID()", "ProcessInfo", "random", "Thread", "DispatchQueue",
                     "Calendar.current", "Calendar(identifier", "DateFormatter", "getenv"]
    for file in files {
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        for word in forbidden {
            #expect(!text.contains(word), "\(file) uses \(word)")
        }
    }
}
