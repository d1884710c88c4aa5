import Testing
@testable import CaseflowRules
