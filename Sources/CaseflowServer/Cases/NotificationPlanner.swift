import CaseflowEngine
import CaseflowStore

/// What a command's events cause beyond the case: the deliveries (webhooks, email) and inbox
/// notifications written to the outbox in the same transaction as the events. The notifications
/// module provides it; without one, events reach no one.
public protocol NotificationPlanner: Sendable {
    func plan(_ events: [CaseEvent], state: CaseState, workflow: CompiledWorkflow, directory: PeopleDirectory) -> PlannedNotifications
    /// Called once a write carrying deliveries is durable, so they can leave at once.
    func committed()
}

public struct PlannedNotifications: Sendable, Equatable {
    public var deliveries: [NewDelivery]
    public var notifications: [NewNotification]

    public init(deliveries: [NewDelivery] = [], notifications: [NewNotification] = []) {
        self.deliveries = deliveries
        self.notifications = notifications
    }
}
