import Constraints
import Field
@testable import Tables
import XCTest

/// The shift table's flags combine only as its operations do: the operation code is a sum of
/// per-flag codes, and a forbidden combination would otherwise spell another operation's code.
final class ShiftTableTests: XCTestCase {
    func testForbiddenFlagCombinationsAreCaught() throws {
        // Why it matters: right + ext + rotate sums to add's code, insert + variable to clo's.
        let right = ALUOp.shiftRight.rawValue
        XCTAssertEqual(right + (ALUOp.extract.rawValue - right) + (ALUOp.rotateRight.rawValue - right), ALUOp.addChecked.rawValue)
        XCTAssertEqual(ALUOp.insert.rawValue + (ALUOp.shiftLeftVariable.rawValue - ALUOp.shiftLeft.rawValue), ALUOp.countLeadingOnes.rawValue)

        let table = ShiftTable()
        var ranges = RangeCounts()
        var powers = [UInt32](repeating: 0, count: 32)
        let requests: [(ALUOp, UInt32, UInt32, UInt32)] = [(.extract, 0xdead_beef, 4 + 32 * 7, 0), (.insert, 0x1234_5678, 8 + 32 * 15, 0xffff_ffff)]
        let (honest, _) = table.trace(requests, ranges: &ranges, powers: &powers)
        XCTAssertEqual(try TraceChecker.check(table, trace: honest, publicValues: []).map(\.description), [])
        let extractRow = 0, insertRow = 1
        for (row, column, label) in [(extractRow, table.isRotate, "ext is not a rotation"),
                                     (insertRow, table.isVariable, "ins and clz/clo take no register amount")] {
            var forged = honest
            forged[row, column] = .one
            let failures = try TraceChecker.check(table, trace: forged, publicValues: [])
            XCTAssertTrue(failures.contains { $0.label == label }, "\(failures.map(\.label))")
        }
    }
}
