import Testing
@testable import CaseflowModel

@Test func instantSecondsFloorBeforeEpoch() {
    #expect(Instant(millis: -1).seconds == -1)
    #expect(Instant(millis: 1999).seconds == 1)
}
