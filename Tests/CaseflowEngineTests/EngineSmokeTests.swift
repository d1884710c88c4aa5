import Testing
@testable import CaseflowEngine
