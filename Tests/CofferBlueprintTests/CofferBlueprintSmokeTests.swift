import Testing
@testable import CofferBlueprint
