import CaseflowModel
import CaseflowServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Timestamps as clients send them: with any fraction of a second (a request with four digits or
/// more stopped the daemon), and outside the range a timestamp holds (refused, where they used
/// to clear the field).
@Suite struct TimestampInputAPITests {
    @Test func fractionsOfASecondAndTimestampsOutOfRange() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let opened = try await client.call(.post, "/v1/cases", as: "alice",
                                               body: #"{"workflow": "service-sales", "data": {"customer": "Acme", "first_contact_at": "2026-02-27T10:00:00Z"}}"#,
                                               daemon: d)
            #expect(opened.status == .created, "\(opened.text)")
            let id = try #require(opened.json["id"] as? String)

            // A filter with microseconds, and one with twelve digits: answered, not a crash.
            for after in ["2026-01-01T00:00:00.1234Z", "2026-01-01T08:00:00.123456789012%2B08:00"] {
                let r = try await client.call(.get, "/v1/cases?opened_after=\(after)", as: "alice", daemon: d)
                #expect(r.status == .ok, "\(after): \(r.text)")
                #expect((r.json["cases"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == id })
            }

            // Data with nanoseconds is kept to the millisecond.
            let precise = try await client.call(.post, "/v1/cases/\(id)/data", as: "alice",
                                                body: #"{"data": {"first_contact_at": "2026-02-28T10:00:00.123456789Z"}}"#, daemon: d)
            #expect(precise.status == .ok, "\(precise.text)")
            func firstContact() async throws -> (value: String?, version: Int?) {
                let r = try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d)
                return ((r.json["data"] as? [String: Any])?["first_contact_at"] as? String, r.json["version"] as? Int)
            }
            let kept = try await firstContact()
            #expect(kept.value == "2026-02-28T10:00:00.123Z", "\(String(describing: kept.value))")

            // Past the last second a timestamp holds, or before the first: refused with the field
            // named, and the case as it was (the value not cleared).
            for (field, value) in [("first_contact_at", "9999-12-31T23:59:59-14:00"), ("first_contact_at", "0001-01-01T00:00:00+14:00"),
                                   ("signed_on", "0000-01-01")] {
                let r = try await client.call(.post, "/v1/cases/\(id)/data", as: "alice",
                                              body: #"{"data": {"\#(field)": "\#(value)"}}"#, daemon: d)
                #expect(r.status == .unprocessableContent, "\(value): \(r.text)")
                #expect(r.errorMessage?.contains("\(field): the \(field == "signed_on" ? "date" : "timestamp") \(value) is out of range") == true,
                        "\(r.text)")
                let now = try await firstContact()
                #expect(now.value == kept.value && now.version == kept.version)
            }
            let badOpen = try await client.call(.post, "/v1/cases", as: "alice",
                                                body: #"{"workflow": "service-sales", "data": {"customer": "Zed", "first_contact_at": "9999-12-31T23:59:59-14:00"}}"#,
                                                daemon: d)
            #expect(badOpen.status == .unprocessableContent, "\(badOpen.text)")
        }
    }
}
