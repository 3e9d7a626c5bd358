import Testing
@testable import CofferCLI
