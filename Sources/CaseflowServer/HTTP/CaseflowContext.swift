import Hummingbird

/// Per-request context: who is asking.
public struct CaseflowContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The directory person the bearer token acts as.
    public var person: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        person = nil
    }
}
