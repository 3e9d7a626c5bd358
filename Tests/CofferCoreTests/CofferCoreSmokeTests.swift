import Testing
@testable import CofferCore
