import Constraints
import Field
import MIPS
@testable import Tables
import XCTest

/// `multiply-divide`: its semantics against the VM's, and its constraints on the edge cases
/// (signs, overflow of the accumulator, division by zero, −2^31 / −1).
final class MultiplyDivideTests: XCTestCase {
    static var kinds: [(MultiplyOp, (Register, Register) -> Instruction)] { [
        (.multiplyLow, { .mul(rd: .t2, rs: $0, rt: $1) }), (.multiply, { .mult(rs: $0, rt: $1) }), (.multiplyUnsigned, { .multu(rs: $0, rt: $1) }),
        (.multiplyAdd, { .madd(rs: $0, rt: $1) }), (.multiplyAddUnsigned, { .maddu(rs: $0, rt: $1) }),
        (.multiplySubtract, { .msub(rs: $0, rt: $1) }), (.multiplySubtractUnsigned, { .msubu(rs: $0, rt: $1) }),
        (.divide, { .div(rs: $0, rt: $1) }), (.divideUnsigned, { .divu(rs: $0, rt: $1) }),
    ] }

    static let edges: [UInt32] = [0, 1, 2, 3, 7, 0x7fff_ffff, 0x8000_0000, 0x8000_0001, 0xffff_fffe, 0xffff_ffff, 0x1234_5678, 0xdead_beef]

    /// (a, b, hi, lo) cases: every pair of edge values, then random ones.
    static func cases() -> [(UInt32, UInt32, UInt32, UInt32)] {
        var generator = SplitMix64(seed: 5)
        var cases = [(UInt32, UInt32, UInt32, UInt32)]()
        for a in edges { for b in edges { cases.append((a, b, edges[cases.count % edges.count], edges[(cases.count * 7) % edges.count])) } }
        for _ in 0..<64 {
            let values = (0..<4).map { _ in UInt32(truncatingIfNeeded: generator.next()) }
            cases.append((values[0], values[1], values[2], values[3]))
        }
        return cases
    }

    func testTheTableSemanticsAreTheVMs() throws {
        XCTAssertEqual(Self.kinds.map(\.0.rawValue), MultiplyOp.allCases.map(\.rawValue))
        let code = Self.kinds.map { $0.1(.t0, .t1) }
        let bytes = code.flatMap { instruction in (0..<4).map { UInt8(truncatingIfNeeded: instruction.word >> (24 - 8 * $0)) } }
        for (a, b, hi, lo) in Self.cases() {
            for (index, (op, _)) in Self.kinds.enumerated() {
                let machine = ProgramImage.flat(code: bytes, at: 0x1_0000, registers: [.t0: a, .t1: b]).makeMachine()
                var state = machine.state
                (state.hi, state.lo, state.pc, state.nextPC) = (hi, lo, 0x1_0000 + 4 * UInt32(index), 0x1_0004 + 4 * UInt32(index))
                machine.state = state
                XCTAssertEqual(machine.run(until: 1), .cycleLimit)
                let expected = MultiplyDivideTable.apply(op, a: a, b: b, hi: hi, lo: lo)
                let label = "\(op)(\(String(a, radix: 16)), \(String(b, radix: 16))) with HI:LO \(String(hi, radix: 16)):\(String(lo, radix: 16))"
                XCTAssertEqual(machine.state.hi, expected.hi, "HI: \(label)")
                XCTAssertEqual(machine.state.lo, expected.lo, "LO: \(label)")
                if op == .multiplyLow { XCTAssertEqual(machine.state.registers[Register.t2.index], expected.result, "rd: \(label)") }
            }
        }
    }

    func testTheConstraintsHoldOnEveryCase() throws {
        var requests = [MultiplyDivideTable.Request]()
        for (a, b, hi, lo) in Self.cases() {
            for op in MultiplyOp.allCases {
                requests.append(.init(op: op, clk: UInt32(requests.count), a: a, b: b, hi: (0, hi), lo: (0, lo)))
            }
        }
        var ranges = RangeCounts()
        let table = MultiplyDivideTable()
        let trace = table.trace(requests, ranges: &ranges)
        XCTAssertEqual(try TraceChecker.check(table, trace: trace, publicValues: []).map(\.description), [])
    }

    /// A wrong quotient, remainder or product breaks a constraint.
    func testWrongOutcomesAreCaught() throws {
        let table = MultiplyDivideTable()
        for op in MultiplyOp.allCases {
            var ranges = RangeCounts()
            var trace = table.trace([.init(op: op, clk: 0, a: 0x8000_0007, b: 0xffff_fffd, hi: (0, 5), lo: (0, 9))], ranges: &ranges)
            let column = op == .multiplyLow ? table.result : table.loOut[0]
            trace[0, column] += .one
            XCTAssertFalse(try TraceChecker.check(table, trace: trace, publicValues: []).isEmpty, "\(op)")
        }
    }
}
