@testable import Field
import XCTest

final class CosetLDETests: XCTestCase {
    /// Row i of the LDE must be the interpolant at shift·ω_N^{reverseBits(i, log N)}.
    func checkLDE(logRows: Int, width: Int, logBlowup: Int, shift: Goldilocks) {
        let rows = 1 << logRows
        let columns = (0..<width).map {
            NTTFixtures.randomVector(Goldilocks.self, count: rows, seed: UInt64(97 * logRows + 13 * logBlowup + $0))
        }
        let matrix = RowMajorMatrix(columns: columns)
        let lde = matrix.cosetLDE(logBlowup: logBlowup, shift: shift)
        let logTotal = logRows + logBlowup
        XCTAssertEqual(lde.height, rows << logBlowup)
        XCTAssertEqual(lde.width, width)
        let subgroup = TwoAdicCoset(logSize: logRows)
        let interpolants = columns.map { Evaluations(values: $0, domain: subgroup).interpolate() }
        let omegaN = Goldilocks.rootOfUnity(logOrder: logTotal)
        for i in 0..<lde.height {
            let x = shift * omegaN.power(UInt64(reverseBits(i, bits: logTotal)))
            for (j, interpolant) in interpolants.enumerated() {
                XCTAssertEqual(lde[i, j], interpolant.evaluate(at: x), "row \(i), column \(j), 2^\(logRows) rows, blowup 2^\(logBlowup)")
            }
        }
        // The single-column version agrees.
        XCTAssertEqual(NTT.cosetLDE(columns[0], logBlowup: logBlowup, shift: shift), lde.column(0))
    }

    func testLDEMatchesDirectEvaluation() {
        for logBlowup in [0, 1, 2, 3] {
            for logRows in [0, 1, 2, 5] {
                checkLDE(logRows: logRows, width: 3, logBlowup: logBlowup, shift: .multiplicativeGenerator)
            }
        }
        checkLDE(logRows: 4, width: 2, logBlowup: 1, shift: 3)
        checkLDE(logRows: 7, width: 1, logBlowup: 2, shift: .multiplicativeGenerator)
    }

    func testLDEWithTinyCacheBlocks() {
        let saved = NTTKernels.cacheBlockBytes
        defer { NTTKernels.cacheBlockBytes = saved }
        NTTKernels.cacheBlockBytes = 16
        checkLDE(logRows: 6, width: 2, logBlowup: 1, shift: .multiplicativeGenerator)
        checkLDE(logRows: 5, width: 1, logBlowup: 2, shift: .multiplicativeGenerator)
    }

    /// Past one cache block (so the whole-pass stages and several blocks run): spot checks.
    func testLargeLDESpotChecks() {
        let logRows = 12, logBlowup = 2, width = 4
        let columns = (0..<width).map { NTTFixtures.randomVector(Goldilocks.self, count: 1 << logRows, seed: 500 + UInt64($0)) }
        let lde = RowMajorMatrix(columns: columns).cosetLDE(logBlowup: logBlowup)
        let interpolants = columns.map { Evaluations(values: $0, domain: TwoAdicCoset(logSize: logRows)).interpolate() }
        let logTotal = logRows + logBlowup
        let omegaN = Goldilocks.rootOfUnity(logOrder: logTotal)
        for i in [0, 1, 2, 3, 4095, 4096, 9999, (1 << logTotal) - 1] {
            let x = Goldilocks.multiplicativeGenerator * omegaN.power(UInt64(reverseBits(i, bits: logTotal)))
            for j in 0..<width { XCTAssertEqual(lde[i, j], interpolants[j].evaluate(at: x), "row \(i)") }
        }
    }

    func testLDEOfExtensionColumn() {
        let values = NTTFixtures.randomVector(GoldilocksExtension.self, count: 16, seed: 8)
        let lde = NTT.cosetLDE(values, logBlowup: 2)
        let interpolant = Evaluations(values: values, domain: TwoAdicCoset(logSize: 4)).interpolate()
        let omega = Goldilocks.rootOfUnity(logOrder: 6)
        for i in 0..<64 {
            let x = GoldilocksExtension(Goldilocks.multiplicativeGenerator * omega.power(UInt64(reverseBits(i, bits: 6))))
            XCTAssertEqual(lde[i], interpolant.evaluate(at: x))
        }
    }

    func testAdjacentLDERowsArePlusMinusPoints() {
        // A column holding X: its LDE rows are the domain points themselves.
        let logRows = 3
        let points = TwoAdicCoset(logSize: logRows).elements
        let lde = NTT.cosetLDE(points, logBlowup: 1)
        for i in stride(from: 0, to: lde.count, by: 2) {
            XCTAssertEqual(lde[i], -lde[i + 1])
        }
        XCTAssertEqual(lde[0], .multiplicativeGenerator)
    }
}
