import Constraints
import Field

/// `code`: one row per word of code the segment runs (and per null-guard pc it faults on), with
/// everything the CPU row needs to run it — so the fetch, the decode and the kind lookup cost a
/// segment once per distinct word instead of once per cycle (docs/mips-tables.md).
///
/// A row reads its word from memory at the segment's end (timestamp 8·cycles, public) with store
/// count 0: self-modifying code within a segment cannot be proven. User words lie in
/// [0x10000, 0x80000000), kernel words in [0x80000000, 2^32): a = 2^14·q + r with r < 2^14
/// (range16 lookups of r and 4r), q − base ≥ 0 and 2·(q − mode·2^15) < 2^16, base 1 in user
/// space and 2^15 in kernel space. See `codeBus`.
public struct CodeTable: AIR {
    /// How many CPU rows run the word (the lookup's free count).
    public let count: Column
    /// 1 on rows that provide a word; `fault`: a user fetch in the null guard; `kernel`: the
    /// address is in kernel space (the mode that runs it).
    public let isReal: Column, fault: Column, kernel: Column
    /// The word address a = pc/4 = 2^14·q + r.
    public let address: Column, high: Column, low: Column
    public let read: MemoryAccessColumns
    public let decoded: DecodedWordColumns
    /// The kind's masks, flags (`KindFlag`), operation and special register (the kind table's).
    public let masks: [Column], kindFlags: [Column]
    public let operation: Column, special: Column
    /// j/jal: pc + 4 = 2^28·h + 2^16·mid + low (h: the upper four bits the target keeps).
    public let jumpHigh: Column, jumpMid: Column, jumpLow: Column
    /// What the CPU gets: `primitive` (a syscall in kernel space), the three register
    /// addresses, whether the write port writes, the immediate operand.
    public let primitive: Column, rsAddress: Column, rtAddress: Column, writeAddress: Column, writes: Column, immediate: Column
    public let width: Int
    public var name: String { "code" }
    public var publicValueCount: Int { SegmentPublicValue.allCases.count }

    public init() {
        var allocator = ColumnAllocator()
        count = allocator.column("count")
        isReal = allocator.column("isReal")
        fault = allocator.column("fault")
        kernel = allocator.column("kernel")
        address = allocator.column("address")
        high = allocator.column("high")
        low = allocator.column("low")
        read = MemoryAccessColumns(.read, "read", on: memoryBus, allocator: &allocator)
        decoded = DecodedWordColumns(allocator: &allocator)
        masks = InstructionKind.Field.allCases.map { allocator.column("mask.\($0)") }
        kindFlags = KindFlag.allCases.map { allocator.column("kind.\($0)") }
        operation = allocator.column("operation")
        special = allocator.column("special")
        jumpHigh = allocator.column("jumpHigh")
        jumpMid = allocator.column("jumpMid")
        jumpLow = allocator.column("jumpLow")
        primitive = allocator.column("primitive")
        rsAddress = allocator.column("rsAddress")
        rtAddress = allocator.column("rtAddress")
        writeAddress = allocator.column("writeAddress")
        writes = allocator.column("writes")
        immediate = allocator.column("immediate")
        width = allocator.width
    }

    public func kindFlag(_ flag: KindFlag) -> Column { kindFlags[flag.rawValue] }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        func flag(_ flag: KindFlag) -> E { builder.current(kindFlag(flag)) }
        let (isReal, fault, kernel) = (builder.current(self.isReal), builder.current(self.fault), builder.current(self.kernel))
        let (address, high, low) = (builder.current(self.address), builder.current(self.high), builder.current(self.low))
        let cycles = builder.publicValue(SegmentPublicValue.cycles.rawValue)
        builder.assertBool(isReal, "isReal is a bit")
        builder.assertBool(fault, "fault is a bit")
        builder.assertBool(kernel, "kernel is a bit")
        builder.assertZero(fault * (E(.one) - isReal), "faults are real rows")
        builder.assertZero(kernel * (E(.one) - isReal), "kernel rows are real rows")
        builder.assertZero(fault * kernel, "fetch faults are user fetches")
        // Kind flags are the kind table's (bits there); stated as bits here, so the
        // multiplicities built from them are constrained in this table.
        for (column, kind) in zip(kindFlags, KindFlag.allCases) { builder.assertBool(builder.current(column), "kind.\(kind) is a bit") }

        // The address: user or kernel space, or the null guard for a fault.
        builder.when(isReal) { $0.assertEqual(address, high * Goldilocks(1 << 14) + low, "a = 2^14·q + r") }
        builder.assertZero(fault * high, "a fetch fault: q = 0 (pc < 0x10000)")
        builder.send(range16Bus, [low], multiplicity: isReal, "r < 2^16")
        builder.send(range16Bus, [low * Goldilocks(4)], multiplicity: isReal, "r < 2^14")
        let fetched = isReal - fault
        builder.send(range16Bus, [high - Goldilocks.one - kernel * Goldilocks((1 << 15) - 1)], multiplicity: fetched,
                     "q ≥ 1 (user: not the null guard), q ≥ 2^15 (kernel)")
        builder.send(range16Bus, [(high - kernel * Goldilocks(1 << 15)) * Goldilocks(2)], multiplicity: fetched,
                     "q < 2^15 (user: below the kernel), q < 2^16 (kernel)")

        // The word: read at the segment's end, never stored to; a fault's is 0.
        let word = decoded.word(builder)
        builder.assertZero(fault * word, "a fetch fault's word is 0")
        read.eval(&builder, address: address, timestamp: cycles * Goldilocks(8), value: word, stores: (E(.zero), E(.zero)),
                  enabled: fetched, "word")
        decoded.eval(&builder, enabled: E(.one))
        let fieldValues = [decoded.funct, decoded.rs, decoded.rt, decoded.rd, decoded.sa].map(builder.current)
        let maskValues = masks.map(builder.current)
        let masked = zip(maskValues, fieldValues).map { $0 * $1 }
        let special = builder.current(self.special)
        builder.send(instructionKindBus, [isReal + fault, builder.current(decoded.opcode)] + maskValues + masked + kindFlags.map(builder.current)
                         + [builder.current(operation), special], multiplicity: E(.one), "instruction kind")
        builder.assertZero(flag(.privileged) * (E(.one) - kernel), "privileged instructions run in kernel space")
        builder.assertZero(flag(.sameRtRd) * (builder.current(decoded.rt) - builder.current(decoded.rd)), "clz/clo: rt = rd")

        // What the CPU row gets.
        let (rs, rt, rd) = (builder.current(decoded.rs), builder.current(decoded.rt), builder.current(decoded.rd))
        let primitive = builder.current(self.primitive)
        builder.assertEqual(primitive, flag(.syscall) * kernel, "primitive: a syscall in kernel space")
        builder.assertEqual(builder.current(rsAddress), rs + flag(.rsSpecial) * (special - rs) + primitive * (E(Goldilocks(2)) - rs) - (flag(.moveRT) + flag(.jump)) * rs,
                            "rs port: rs, the special register, $v0 for a primitive, $zero for mtc0 and jumps")
        builder.assertEqual(builder.current(rtAddress), rt + flag(.rtSpecial) * (special + Goldilocks.one - rt) + primitive * (E(Goldilocks(4)) - rt) - flag(.jump) * rt,
                            "rt port: rt, the register after the special one, $a0 for a primitive, $zero for jumps")
        builder.assertEqual(builder.current(writeAddress),
                            flag(.writeRd) * rd + flag(.writeRt) * rt + flag(.writeRa) * Goldilocks(31) + flag(.writeSpecial) * special + primitive * Goldilocks(2),
                            "write port: rd, rt, $ra, the special register or $v0")
        builder.assertEqual(builder.current(writes),
                            flag(.writeRd) * (E(.one) - builder.current(decoded.rdIsZero)) + flag(.writeRt) * (E(.one) - builder.current(decoded.rtIsZero))
                                + flag(.writeRa) + flag(.writeSpecial) + primitive,
                            "writes: a register other than $zero")
        let lower = builder.current(decoded.lower), sa = builder.current(decoded.sa)
        let signed = decoded.signedImmediate(builder)
        let (jumpHigh, jumpMid, jumpLow) = (builder.current(self.jumpHigh), builder.current(self.jumpMid), builder.current(self.jumpLow))
        let pcPlus4 = address * Goldilocks(4) + Goldilocks(4)
        let jump = flag(.jump)
        let index = rs * Goldilocks(1 << 21) + rt * Goldilocks(1 << 16) + lower
        let operands: E = flag(.immediate) * decoded.signExtendedImmediate(builder) + flag(.immediateZero) * lower + flag(.shiftAmount) * sa
        let fields: E = flag(.bitField) * (sa + rd * Goldilocks(32)) + flag(.loadUpper) * lower * Goldilocks(1 << 16) + flag(.memory) * signed
        let branches: E = flag(.branchEqual) + flag(.branchNotEqual) + flag(.control) - jump
        let targets: E = branches * (pcPlus4 + signed * Goldilocks(4)) + jump * (jumpHigh * Goldilocks(1 << 28) + index * Goldilocks(4))
        builder.assertEqual(builder.current(immediate), operands + fields + targets, "immediate: the operand, offset or target the kind takes")
        builder.when(jump) { $0.assertEqual(pcPlus4, jumpHigh * Goldilocks(1 << 28) + jumpMid * Goldilocks(1 << 16) + jumpLow, "jump: pc + 4 = 2^28·h + 2^16·mid + low") }
        builder.send(range16Bus, [jumpLow], multiplicity: jump, "jump: low < 2^16")
        builder.send(range16Bus, [jumpMid], multiplicity: jump, "jump: mid < 2^16")
        builder.send(range16Bus, [jumpMid * Goldilocks(16)], multiplicity: jump, "jump: mid < 2^12")
        builder.send(range16Bus, [jumpHigh], multiplicity: jump, "jump: h < 2^16")
        builder.send(range16Bus, [jumpHigh * Goldilocks(1 << 12)], multiplicity: jump, "jump: h < 2^4")

        let cpuFlags = CPUFlag.allCases.map { cpuFlag -> E in
            let sum = cpuFlag.kindFlags.map(flag).reduce(E(.zero), +)
            switch cpuFlag {
            case .primitive: return primitive
            case .entersAlways: return sum - primitive
            default: return sum
            }
        }
        builder.provide(codeBus, [isReal, address * Goldilocks(4), kernel] + [rsAddress, rtAddress, writeAddress, writes, immediate, operation].map(builder.current)
                            + cpuFlags, count: builder.current(count), "code")
    }
}
