import Commit
import Constraints
import Field
import MIPS
import Stark
@testable import Tables
import XCTest

/// A test table that decodes one instruction word per row.
struct WordLogAIR: AIR {
    let decoded: DecodedWordColumns
    let enabled: Column
    let width: Int
    var name: String { "word-log" }
    var publicValueCount: Int { 0 }

    init() {
        var allocator = ColumnAllocator()
        decoded = DecodedWordColumns(allocator: &allocator)
        enabled = allocator.column("enabled")
        width = allocator.width
    }

    func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let enabled = builder.current(self.enabled)
        builder.assertBool(enabled, "enabled is a bit")
        decoded.eval(&builder, enabled: enabled)
    }

    func trace(_ words: [UInt32], counts: inout DecodeCounts) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: words.count.nextPowerOfTwo)
        for (row, word) in words.enumerated() {
            decoded.fill(&trace, row: row, word: word, counts: &counts)
            trace[row, enabled] = .one
        }
        return trace
    }
}

final class DecodeTableTests: XCTestCase {
    static let tables: [any AIR] = [WordLogAIR(), DecodeTable()]
    static let words: [UInt32] = [
        Instruction.addu(rd: .t1, rs: .t0, rt: .a3).word, Instruction.lui(rt: .sp, imm: 0xbeef).word,
        Instruction.sll(rd: .v0, rt: Register(23), sa: 31).word, Instruction.syscall(code: 0).word, 0xffff_ffff, 0,
    ]

    func traces(tamper: (inout RowMajorMatrix<Goldilocks>, WordLogAIR) -> Void = { _, _ in }) -> [RowMajorMatrix<Goldilocks>] {
        var counts = DecodeCounts()
        let log = WordLogAIR()
        var trace = log.trace(Self.words, counts: &counts)
        tamper(&trace, log)
        return [trace, DecodeTable().trace(counts)]
    }

    /// The decoded fields are the MIPS encoding's: compared with the VM's own decoder.
    func testFieldsAreTheEncodingsFields() throws {
        let addu = Instruction.addu(rd: .t1, rs: .t0, rt: .a3).word
        let (upper, lower) = (DecodeTable.fields(addu >> 16).upper, DecodeTable.fields(addu & 0xffff).lower)
        XCTAssertEqual(upper, [0, UInt32(Register.t0.index), UInt32(Register.a3.index), 0])
        XCTAssertEqual(lower, [UInt32(Register.t1.index), 0, 0x21, 0, 0])
        let sll = Instruction.sll(rd: .v0, rt: Register(23), sa: 31).word
        XCTAssertEqual(DecodeTable.fields(sll & 0xffff).lower, [UInt32(Register.v0.index), 31, 0, 0, 0])
        let addiu = Instruction.addiu(rt: .zero, rs: .sp, imm: 0xfff8).word
        XCTAssertEqual(DecodeTable.fields(addiu >> 16).upper, [9, UInt32(Register.sp.index), 0, 1])
        XCTAssertEqual(DecodeTable.fields(addiu & 0xffff).lower, [31, 31, 0x38, 1, 0])
    }

    func testHonestWordsBalanceAndProve() throws {
        let traces = traces()
        XCTAssertEqual(try BusBalanceChecker.check(zip(Self.tables, traces).map { TableTrace(air: $0, trace: $1) }), [])
        let machine = try StarkMachine(tables: Self.tables)
        let configuration = MemoryCheckingTests.configuration
        let proof = try StarkProver(machine: machine, configuration: configuration).prove(traces: traces, publicValues: [])
        XCTAssertNoThrow(try StarkVerifier(key: StarkVerifyingKey(machine: machine, configuration: configuration)).verify(proof, publicValues: []))
    }

    /// A row that claims another rs than its word's is not in the table.
    func testWrongFieldIsCaught() throws {
        let traces = traces { trace, log in trace[0, log.decoded.rs] += .one }
        let imbalances = try BusBalanceChecker.check(zip(Self.tables, traces).map { TableTrace(air: $0, trace: $1) })
        XCTAssertEqual(Set(imbalances.map(\.bus)), ["word-upper"])
        let machine = try StarkMachine(tables: Self.tables)
        let configuration = MemoryCheckingTests.configuration
        let proof = try StarkProver(machine: machine, configuration: configuration).prove(traces: traces, publicValues: [])
        XCTAssertThrowsError(try StarkVerifier(key: StarkVerifyingKey(machine: machine, configuration: configuration)).verify(proof, publicValues: [])) {
            guard case .busImbalance = $0 as? VerificationError else { return XCTFail("\($0)") }
        }
    }
}
