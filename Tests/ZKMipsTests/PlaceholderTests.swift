import XCTest
@testable import ZKMips
