import Testing
@testable import CofferTemplate
