import Commit
import XCTest

/// The security estimate: conjectured bits as the keys enforce them, and the proven
/// (Johnson-bound) figures the README quotes.
final class FRISecurityTests: XCTestCase {
    func testPresetsAtASegmentShape() {
        for parameters in [FRIParameters.fast, .compact] {
            for logRows in [16, 20, 22] {
                let estimate = parameters.securityEstimate(logTraceHeight: logRows, batchedColumns: 512, constraintCount: 1000)
                XCTAssertEqual(estimate.conjecturedBits, 100)
                XCTAssertEqual(estimate.provenBits, [estimate.queryPhaseBits, estimate.batchingBits, estimate.foldingBits, estimate.deepALIBits].min())
            }
        }
        // Figures quoted in the README (2^20 rows, 512 columns, 1000 constraints).
        let fast = FRIParameters.fast.securityEstimate(logTraceHeight: 20, batchedColumns: 512, constraintCount: 1000)
        XCTAssertEqual(fast.provenBits, 57.5, accuracy: 0.5)
        let compact = FRIParameters.compact.securityEstimate(logTraceHeight: 20, batchedColumns: 512, constraintCount: 1000)
        XCTAssertEqual(compact.provenBits, 57.6, accuracy: 0.5)
        // The query phase bounds both: 84·½ + 16 and 28·1½ + 16 bits at the Johnson bound itself.
        XCTAssertLessThan(fast.queryPhaseBits, 58)
        XCTAssertLessThan(compact.queryPhaseBits, 58)
    }

    /// More queries or grinding never lower the proven figure; a taller trace never raises it.
    func testMonotone() {
        let base = FRIParameters.fast.securityEstimate(logTraceHeight: 18, batchedColumns: 100, constraintCount: 100)
        var more = FRIParameters.fast
        more.queryCount += 20
        more.proofOfWorkBits += 4
        XCTAssertGreaterThan(more.securityEstimate(logTraceHeight: 18, batchedColumns: 100, constraintCount: 100).provenBits, base.provenBits)
        XCTAssertLessThanOrEqual(FRIParameters.fast.securityEstimate(logTraceHeight: 24, batchedColumns: 100, constraintCount: 100).provenBits, base.provenBits)
    }
}
