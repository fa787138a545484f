import XCTest
@testable import ZKMipsCLI

/// The rewriting of negative numbers before swift-argument-parser sees them.
final class ArgumentTests: XCTestCase {
    func testNegativeNumbersAreAttachedToTheirOption() {
        XCTAssertEqual(NegativeValues.attached(to: ["execute", "p", "--max-cycles", "-5"]), ["execute", "p", "--max-cycles=-5"])
        XCTAssertEqual(NegativeValues.attached(to: ["bench", "field", "--threads", "1", "-2", "--repeats", "3"]),
                       ["bench", "field", "--threads", "1", "--threads=-2", "--repeats", "3"])
        XCTAssertEqual(NegativeValues.attached(to: ["--log-rows", "-0.5"]), ["--log-rows=-0.5"])
    }

    func testOtherWordsAreLeftAlone() {
        // The guest's arguments, a value that is not a number, a short option, `-` (stdin/stdout).
        let unchanged: [[String]] = [
            ["execute", "p", "--", "--max-cycles", "-5"],
            ["execute", "p", "--input", "file", "-5"],
            ["execute", "p", "--summary", "-", "--quiet"],
            ["execute", "p", "-h"],
            ["execute", "p", "--max-cycles=-5"],
        ]
        for arguments in unchanged { XCTAssertEqual(NegativeValues.attached(to: arguments), arguments) }
    }
}
