import Testing
@testable import CofferYAML
