import XCTest

@testable import MIPS

/// Loads and stores, big-endian: the byte at the lowest address is the most significant.
final class LoadStoreTests: XCTestCase {
    private let data = FlatProgram.dataBase

    /// Runs `instruction` with a0 = the data address, v0 = `v0`, and memory at `data` holding
    /// `words`; returns the machine.
    private func execute(_ instruction: Instruction, words: [UInt32], v0: UInt32 = 0,
                         file: StaticString = #filePath, line: UInt = #line) -> Machine {
        var memory: [UInt32: UInt32] = [:]
        for (index, word) in words.enumerated() { memory[data + UInt32(4 * index)] = word }
        return runToBreak([instruction], registers: [.a0: data, .v0: v0], memory: memory, file: file, line: line)
    }

    private func load(_ instruction: Instruction, _ word: UInt32, v0: UInt32 = 0,
                      file: StaticString = #filePath, line: UInt = #line) -> UInt32 {
        execute(instruction, words: [word], v0: v0, file: file, line: line)[.v0]
    }

    /// The word at `data` after `instruction` stores v0 = `value` into memory holding `word`.
    private func store(_ instruction: Instruction, _ value: UInt32, into word: UInt32,
                       file: StaticString = #filePath, line: UInt = #line) -> UInt32? {
        execute(instruction, words: [word], v0: value, file: file, line: line).word(at: data)
    }

    // MARK: - Whole words

    func testLoadAndStoreWord() {
        XCTAssertEqual(load(.lw(rt: .v0, base: .a0, imm: 0), 0x8123_4567), 0x8123_4567)
        // A negative offset: data + 8 − 4.
        let m2 = runToBreak([.lw(rt: .v0, base: .a0, imm: 0xfffc)], registers: [.a0: data + 8],
                            memory: [data + 4: 0xcafe_f00d])
        XCTAssertEqual(m2[.v0], 0xcafe_f00d)
        XCTAssertEqual(store(.sw(rt: .v0, base: .a0, imm: 0), 0xdead_beef, into: 0), 0xdead_beef)
        let m3 = runToBreak([.sw(rt: .v0, base: .a0, imm: 8)], registers: [.a0: data, .v0: 0x0102_0304])
        XCTAssertEqual(m3.word(at: data + 8), 0x0102_0304)
        XCTAssertEqual(try m3.memory.readBytes(at: data + 8, count: 4), [1, 2, 3, 4], "big-endian byte order")
    }

    // MARK: - Bytes and halfwords

    func testByteLoadsSignAndZeroExtend() {
        let word: UInt32 = 0x80ff_7f01
        let signed: [UInt32] = [0xffff_ff80, 0xffff_ffff, 0x7f, 0x01]
        let unsigned: [UInt32] = [0x80, 0xff, 0x7f, 0x01]
        for offset in 0..<4 {
            XCTAssertEqual(load(.lb(rt: .v0, base: .a0, imm: UInt16(offset)), word), signed[offset], "lb +\(offset)")
            XCTAssertEqual(load(.lbu(rt: .v0, base: .a0, imm: UInt16(offset)), word), unsigned[offset], "lbu +\(offset)")
        }
    }

    func testHalfwordLoadsSignAndZeroExtend() {
        let word: UInt32 = 0x8001_7ffe
        XCTAssertEqual(load(.lh(rt: .v0, base: .a0, imm: 0), word), 0xffff_8001)
        XCTAssertEqual(load(.lh(rt: .v0, base: .a0, imm: 2), word), 0x7ffe)
        XCTAssertEqual(load(.lhu(rt: .v0, base: .a0, imm: 0), word), 0x8001)
        XCTAssertEqual(load(.lhu(rt: .v0, base: .a0, imm: 2), word), 0x7ffe)
    }

    func testByteAndHalfwordStores() {
        let expectedBytes: [UInt32] = [0xdd22_3344, 0x11dd_3344, 0x1122_dd44, 0x1122_33dd]
        for offset in 0..<4 {
            XCTAssertEqual(store(.sb(rt: .v0, base: .a0, imm: UInt16(offset)), 0xaabb_ccdd, into: 0x1122_3344),
                           expectedBytes[offset], "sb +\(offset)")
        }
        XCTAssertEqual(store(.sh(rt: .v0, base: .a0, imm: 0), 0xaabb_ccdd, into: 0x1122_3344), 0xccdd_3344)
        XCTAssertEqual(store(.sh(rt: .v0, base: .a0, imm: 2), 0xaabb_ccdd, into: 0x1122_3344), 0x1122_ccdd)
    }

    // MARK: - Unaligned word access (lwl/lwr/swl/swr)

    func testLoadWordLeftAndRight() {
        let word: UInt32 = 0x1122_3344, old: UInt32 = 0xaabb_ccdd
        // lwl: the bytes from the address to the end of the word go to the top of rt.
        let left: [UInt32] = [0x1122_3344, 0x2233_44dd, 0x3344_ccdd, 0x44bb_ccdd]
        // lwr: the bytes from the start of the word to the address go to the bottom of rt.
        let right: [UInt32] = [0xaabb_cc11, 0xaabb_1122, 0xaa11_2233, 0x1122_3344]
        for offset in 0..<4 {
            XCTAssertEqual(load(.lwl(rt: .v0, base: .a0, imm: UInt16(offset)), word, v0: old), left[offset], "lwl +\(offset)")
            XCTAssertEqual(load(.lwr(rt: .v0, base: .a0, imm: UInt16(offset)), word, v0: old), right[offset], "lwr +\(offset)")
        }
    }

    func testStoreWordLeftAndRight() {
        let word: UInt32 = 0x1122_3344, value: UInt32 = 0xaabb_ccdd
        let left: [UInt32] = [0xaabb_ccdd, 0x11aa_bbcc, 0x1122_aabb, 0x1122_33aa]
        let right: [UInt32] = [0xdd22_3344, 0xccdd_3344, 0xbbcc_dd44, 0xaabb_ccdd]
        for offset in 0..<4 {
            XCTAssertEqual(store(.swl(rt: .v0, base: .a0, imm: UInt16(offset)), value, into: word), left[offset], "swl +\(offset)")
            XCTAssertEqual(store(.swr(rt: .v0, base: .a0, imm: UInt16(offset)), value, into: word), right[offset], "swr +\(offset)")
        }
    }

    /// The classic pairs: `lwl rt, 0(a); lwr rt, 3(a)` loads the word at any address `a`, and
    /// `swl`/`swr` store it.
    func testUnalignedWordCopyWithPairs() {
        for offset in UInt16(0)..<4 {
            let machine = runToBreak([
                .lwl(rt: .v0, base: .a0, imm: offset), .lwr(rt: .v0, base: .a0, imm: offset + 3),
                .swl(rt: .v0, base: .a1, imm: 3 - offset), .swr(rt: .v0, base: .a1, imm: 6 - offset),
            ], registers: [.a0: data, .a1: data + 16],
               memory: [data: 0x1122_3344, data + 4: 0x5566_7788, data + 16: 0xeeee_eeee, data + 20: 0xeeee_eeee])
            let expected: [UInt32] = [0x1122_3344, 0x2233_4455, 0x3344_5566, 0x4455_6677]
            XCTAssertEqual(machine[.v0], expected[Int(offset)], "load at +\(offset)")
            // The pair stores the word at data + 16 + (3 − offset).
            XCTAssertEqual(try machine.memory.readBytes(at: data + 16 + UInt32(3 - offset), count: 4),
                           Assembler.bytes(of: expected[Int(offset)]), "store at +\(3 - offset)")
        }
    }

    // MARK: - Load-linked / store-conditional

    func testLoadLinkedStoreConditional() {
        let machine = runToBreak([
            .ll(rt: .v0, base: .a0, imm: 0),
            .addiu(rt: .v1, rs: .v0, imm: 1),
            .sc(rt: .v1, base: .a0, imm: 0),
        ], registers: [.a0: data], memory: [data: 41])
        XCTAssertEqual(machine[.v0], 41)
        XCTAssertEqual(machine[.v1], 1, "sc succeeds and writes 1 into rt")
        XCTAssertEqual(machine.word(at: data), 42, "sc stores the old rt")
    }

    // MARK: - Alignment faults

    func testUnalignedAccessFaults() {
        let cases: [(Instruction, UInt32, Int)] = [
            (.lw(rt: .v0, base: .a0, imm: 1), data + 1, 4),
            (.lw(rt: .v0, base: .a0, imm: 2), data + 2, 4),
            (.sw(rt: .v0, base: .a0, imm: 3), data + 3, 4),
            (.ll(rt: .v0, base: .a0, imm: 2), data + 2, 4),
            (.sc(rt: .v0, base: .a0, imm: 1), data + 1, 4),
            (.lh(rt: .v0, base: .a0, imm: 1), data + 1, 2),
            (.lhu(rt: .v0, base: .a0, imm: 3), data + 3, 2),
            (.sh(rt: .v0, base: .a0, imm: 1), data + 1, 2),
        ]
        for (instruction, address, size) in cases {
            let machine = assertFaults([instruction], at: 0, .memory(.unaligned(address: address, size: size)),
                                       registers: [.a0: data, .v0: 0x5a5a_5a5a], memory: [data: 0x1234_5678])
            XCTAssertEqual(machine.word(at: data), 0x1234_5678, "\(instruction) must not store")
            XCTAssertEqual(machine[.v0], 0x5a5a_5a5a, "\(instruction) must not load")
        }
    }
}
