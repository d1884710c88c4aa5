import CaseflowEngine
import CaseflowModel

/// Where a delivery stands: waiting (or being tried), done, or given up after its limit.
public enum DeliveryState: String, Sendable, CaseIterable {
    case pending, delivered, failed
}

/// A message to send, written to the outbox in the same transaction as the events that caused it.
public struct NewDelivery: Sendable, Equatable {
    /// The message's id: the same on every attempt (`webhook-id`, the email's Message-ID), so a
    /// receiver dedupes by it. One message goes once to each channel and receiver.
    public var message: String
    /// The case it is about ("" for a notice about no one case, such as a signed checkpoint).
    public var caseID: String
    /// `webhook` or `email`.
    public var channel: String
    /// The webhook endpoint's name, or the person an email goes to.
    public var receiver: String
    /// What is sent: a webhook's JSON body, or an email as JSON (`to`, `subject`, `text`, `html`).
    public var payload: String

    public init(message: String, caseID: String, channel: String, receiver: String, payload: String) {
        self.message = message
        self.caseID = caseID
        self.channel = channel
        self.receiver = receiver
        self.payload = payload
    }

    /// Deliveries to one receiver leave in order per case: the key that orders them.
    public var route: String { channel + ":" + receiver }
}

/// A delivery in the outbox.
public struct Delivery: Sendable, Equatable {
    /// Its number in the outbox: increasing in the order deliveries were written.
    public var id: Int64
    public var message: String
    public var caseID: String
    public var channel: String
    public var receiver: String
    public var payload: String
    public var state: DeliveryState
    public var attempts: Int
    public var createdAt: Instant
    /// When it is next tried (while pending); a claimed delivery's lease ends then.
    public var nextAttemptAt: Instant
    public var lastError: String?
    public var deliveredAt: Instant?

    public init(id: Int64, message: String, caseID: String, channel: String, receiver: String, payload: String,
                state: DeliveryState, attempts: Int, createdAt: Instant, nextAttemptAt: Instant, lastError: String?,
                deliveredAt: Instant?) {
        self.id = id
        self.message = message
        self.caseID = caseID
        self.channel = channel
        self.receiver = receiver
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }

    public var route: String { channel + ":" + receiver }
}

/// What came of one attempt.
public enum DeliveryResult: Sendable, Equatable {
    case delivered
    /// Try again at this instant.
    case retry(at: Instant, error: String)
    /// Give up: the limit of attempts or age was reached, or the receiver said no for good.
    case failed(error: String)
    /// Claimed but not tried (the receiver had enough in flight): due again at this instant, the
    /// claim's attempt not counted.
    case released(at: Instant)
}

/// The outbox at a glance, for metrics and `caseflow deliveries`.
public struct DeliveryStats: Sendable, Equatable {
    public var pending: Int
    public var delivered: Int
    public var failed: Int
    /// When the oldest pending delivery was written.
    public var oldestPending: Instant?

    public init(pending: Int, delivered: Int, failed: Int, oldestPending: Instant?) {
        self.pending = pending
        self.delivered = delivered
        self.failed = failed
        self.oldestPending = oldestPending
    }
}

/// A notification for a person's inbox, written with the events that caused it.
public struct NewNotification: Sendable, Equatable {
    public var person: String
    /// The message's id (as for deliveries): one notification per person and message.
    public var message: String
    public var caseID: String
    /// JSON: what happened and what is asked of the person.
    public var payload: String

    public init(person: String, message: String, caseID: String, payload: String) {
        self.person = person
        self.message = message
        self.caseID = caseID
        self.payload = payload
    }
}

/// A notification in a person's inbox.
public struct InboxNotification: Sendable, Equatable {
    public var id: Int64
    public var person: String
    public var message: String
    public var caseID: String
    public var payload: String
    public var createdAt: Instant
    public var readAt: Instant?

    public init(id: Int64, person: String, message: String, caseID: String, payload: String, createdAt: Instant, readAt: Instant?) {
        self.id = id
        self.person = person
        self.message = message
        self.caseID = caseID
        self.payload = payload
        self.createdAt = createdAt
        self.readAt = readAt
    }
}

/// Which deliveries to send again.
public enum DeliveryRetry: Sendable, Equatable {
    case one(Int64)
    case allFailed
}

/// The outbox side of a store: what the dispatcher claims and settles, what operators list and retry.
public protocol DeliveryStore: Sendable {
    /// Writes deliveries that no case write carries (notices such as signed checkpoints); a message
    /// already in the outbox for the same channel and receiver is not written twice.
    func enqueue(_ deliveries: [NewDelivery], at: Instant) async throws
    /// Claims up to `limit` pending deliveries due by `now`, oldest first, each the earliest pending
    /// one of its case and route, at most `perRoute` of one route, skipping the routes in `skipping`:
    /// each claimed delivery counts an attempt and is not claimed again (by this or another daemon)
    /// before `leaseUntil`.
    func claimDeliveries(dueBy now: Instant, limit: Int, perRoute: Int, leaseUntil: Instant,
                         skipping: Set<String>) async throws -> [Delivery]
    /// Records what came of an attempt (only while the delivery is pending).
    func settleDelivery(id: Int64, _ result: DeliveryResult, at: Instant) async throws
    /// Deliveries by id, newest first, in `state` when given, those below `before` when given.
    func deliveries(state: DeliveryState?, before: Int64?, limit: Int) async throws -> [Delivery]
    func delivery(id: Int64) async throws -> Delivery?
    /// Sends failed (or, by id, also delivered) deliveries again: pending from `at`, attempts counted
    /// anew. Returns how many were set to go again; a pending one is left as it is.
    func retryDeliveries(_ which: DeliveryRetry, at: Instant) async throws -> Int
    /// Makes pending deliveries that were claimed or are waiting to be retried due at `at`: what a
    /// daemon alone on its database does at start, so nothing waits out a lease of the daemon that
    /// stopped. Returns how many.
    func releaseDeliveryClaims(at: Instant) async throws -> Int
    func deliveryStats() async throws -> DeliveryStats
    /// A person's notifications, newest first, unread only when asked, those below `before` when given.
    func notifications(person: String, unreadOnly: Bool, before: Int64?, limit: Int) async throws -> [InboxNotification]
    /// Marks one of the person's notifications read; false when the person has no such notification.
    func markNotificationRead(id: Int64, person: String, at: Instant) async throws -> Bool
}
