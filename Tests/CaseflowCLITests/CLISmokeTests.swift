import Testing
@testable import CaseflowCLI
