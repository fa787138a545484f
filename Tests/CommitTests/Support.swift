import Commit
import Field
import Poseidon
import XCTest

extension RowMajorMatrix where Element == Goldilocks {
    static func random(width: Int, height: Int, using generator: inout SplitMix64) -> RowMajorMatrix {
        RowMajorMatrix(values: (0..<width * height).map { _ in Goldilocks.random(using: &generator) }, width: width)
    }
}

/// The codeword FRI expects: `coefficients` evaluated on g·⟨ω⟩ of size 2^logSize, bit-reversed
/// order, by direct Horner evaluation (independent of the NTT code).
func codeword(_ coefficients: [GoldilocksExtension], logSize: Int) -> [GoldilocksExtension] {
    (0..<(1 << logSize)).map { index in
        let x = FRIFolding.point(index: index, logSize: logSize, shift: .multiplicativeGenerator)
        return coefficients.reversed().reduce(GoldilocksExtension.zero) { $0 * x + $1 }
    }
}

func randomCoefficients(_ count: Int, using generator: inout SplitMix64) -> [GoldilocksExtension] {
    (0..<count).map { _ in GoldilocksExtension.random(using: &generator) }
}

/// Asserts that `body` throws exactly `expected`.
func XCTAssertThrowsError<E: Error & Equatable>(_ body: () throws(E) -> Void, equals expected: E, file: StaticString = #filePath, line: UInt = #line) {
    do {
        try body()
        XCTFail("expected \(expected), got no error", file: file, line: line)
    } catch {
        XCTAssertEqual(error, expected, file: file, line: line)
    }
}

/// Asserts that `body` throws an error matching `matches`.
func XCTAssertThrows<E: Error>(_ body: () throws(E) -> Void, _ description: String, matches: (E) -> Bool, file: StaticString = #filePath, line: UInt = #line) {
    do {
        try body()
        XCTFail("expected \(description), got no error", file: file, line: line)
    } catch {
        XCTAssertTrue(matches(error), "expected \(description), got \(error)", file: file, line: line)
    }
}
