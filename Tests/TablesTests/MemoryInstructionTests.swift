import Field
import MIPS
@testable import Tables
import XCTest

/// `MemoryInstructionTable.apply` (what the constraints state) against the VM, for every load
/// and store at every lane it allows, on random words.
final class MemoryInstructionTests: XCTestCase {
    static var kinds: [(MemoryOp, (Register, Register, UInt16) -> Instruction)] { [
        (.loadByte, { .lb(rt: $0, base: $1, imm: $2) }), (.loadByteUnsigned, { .lbu(rt: $0, base: $1, imm: $2) }),
        (.loadHalf, { .lh(rt: $0, base: $1, imm: $2) }), (.loadHalfUnsigned, { .lhu(rt: $0, base: $1, imm: $2) }),
        (.loadWord, { .lw(rt: $0, base: $1, imm: $2) }), (.loadWordLeft, { .lwl(rt: $0, base: $1, imm: $2) }),
        (.loadWordRight, { .lwr(rt: $0, base: $1, imm: $2) }), (.storeByte, { .sb(rt: $0, base: $1, imm: $2) }),
        (.storeHalf, { .sh(rt: $0, base: $1, imm: $2) }), (.storeWord, { .sw(rt: $0, base: $1, imm: $2) }),
        (.storeWordLeft, { .swl(rt: $0, base: $1, imm: $2) }), (.storeWordRight, { .swr(rt: $0, base: $1, imm: $2) }),
        (.storeConditional, { .sc(rt: $0, base: $1, imm: $2) }),
    ] }

    func testTheTableSemanticsAreTheVMs() throws {
        XCTAssertEqual(Self.kinds.map(\.0.rawValue), MemoryOp.allCases.map(\.rawValue))
        var generator = SplitMix64(seed: 11)
        let base: UInt32 = 0x0001_0000, data: UInt32 = 0x0001_0100
        for (op, make) in Self.kinds {
            for lane in stride(from: UInt32(0), to: 4, by: Int(op.alignment)) {
                for _ in 0..<8 {
                    let old = UInt32(truncatingIfNeeded: generator.next()), rt = UInt32(truncatingIfNeeded: generator.next())
                    let code = [make(.t1, .s0, UInt16(lane)), .sll(rd: .zero, rt: .zero, sa: 0)]
                    let bytes = code.flatMap { instruction in (0..<4).map { UInt8(truncatingIfNeeded: instruction.word >> (24 - 8 * $0)) } }
                    let machine = ProgramImage.flat(code: bytes, at: base, registers: [.s0: data, .t1: rt]).makeMachine()
                    try machine.memory.setWord(old, at: data)
                    XCTAssertEqual(machine.run(until: 1), .cycleLimit)
                    let (value, result) = MemoryInstructionTable.apply(op, address: data + lane, old: old, rt: rt)
                    let label = "\(op) at lane \(lane), old \(String(old, radix: 16)), rt \(String(rt, radix: 16))"
                    XCTAssertEqual(try machine.memory.word(at: data), value, "word: \(label)")
                    XCTAssertEqual(machine.state.registers[Register.t1.index], op.isLoad || op == .storeConditional ? result : rt, "rt: \(label)")
                }
            }
        }
    }
}
