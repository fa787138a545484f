import Constraints
import Field

/// The CPU table: one row per cycle of the segment, then padding rows (docs/mips-tables.md).
///
/// A row fetches its word from memory at pc (timestamp slot 1), decodes it (two `decode16`
/// lookups), finds its instruction kind (one `instruction-kinds` lookup: the flags), reads two
/// registers (slots 2, 3), writes one (slot 5) unless that is `$zero`, and computes the next
/// row's pc and nextPC: pc′ = nextPC (the delay slot), nextPC′ = the branch target if taken, rs's
/// value for a register jump, nextPC + 4 otherwise.
///
/// Registers are the 37 of `MachineRegister` on `registersBus`: HI, LO and the system
/// registers are reached through the same ports as the general ones, at the address the kind
/// table's `special` gives (`rsSpecial`, `rtSpecial`, `writeSpecial`). The mode (kernel or user)
/// is a state column. A `syscall`, an exception kind (break, reserved and floating-point
/// instructions) or a taken trap in user mode *enters* the kernel: mode ← kernel, pc′ = the
/// exception vector, and `exceptions` writes EPC ← pc and the exception next pc ← nextPC. In kernel mode it runs a primitive: the ports read `$v0` and
/// `$a0` and write `$v0` back, and `primitives` checks the rest. `eret` returns: pc′ = EPC,
/// nextPC′ = the exception next pc, mode ← user.
///
/// Padding rows run no instruction (all flags 0) but carry the state on: pc′ = nextPC,
/// nextPC′ = nextPC + 4, the mode unchanged; so the state constraints hold on every
/// transition, without a real-row condition.
///
/// Public values: `SegmentPublicValue` (pc, nextPC and mode at both ends, the cycle count).
public struct CPUTable: AIR {
    public let clk: Column, pc: Column, nextPC: Column, isReal: Column, isLastReal: Column
    public let fetch: MemoryAccessColumns
    /// In user mode, pc/4 = 2^14·q + r with r < 2^14 and 1 ≤ q < 2^15: the fetch lies in user
    /// space, [0x10000, 0x80000000) (the null guard is an exception, `fetchFault`; the kernel's
    /// memory a fault).
    public let fetchHigh: Column, fetchLow: Column
    /// A user fetch in the null guard (pc < 0x10000, as 4·r with q = 0): an exception before
    /// anything is fetched — no memory access, the word is 0, and the row's kind is the fetch
    /// fault (`InstructionKind.fetchFault`), which enters the kernel.
    public let fetchFault: Column
    public let decoded: DecodedWordColumns
    /// Which fields the row's kind fixes (from the kind table).
    public let masks: [Column]
    public let flags: [Column]
    /// The ALU or memory operation code (from the kind table).
    public let operation: Column
    /// The address the special ports use (a register index ≥ 32, from the kind table).
    public let special: Column
    /// 1 in kernel mode; `enters`: the row enters the kernel (a `syscall`, an exception kind or a
    /// taken trap, in user mode); `primitive`: a `syscall` in kernel mode.
    public let mode: Column, enters: Column, primitive: Column
    /// A user load or store in the null guard (below 0x10000): an exception, checked with the
    /// address by `memory-instructions`; a load then writes rt's own value back.
    public let guardFault: Column
    public let rsValue: Column
    /// rt's value; the rs and rt reads.
    public let rtValue: Column
    /// The registers the rs and rt ports read and the write port writes (a field, the special
    /// register, $v0/$a0 for a primitive, $ra): columns, so the ports' bus tuples have degree 1
    /// and pair up in LogUp helpers.
    public let rsAddress: Column, rtAddress: Column, writeAddress: Column
    public let readRS: MemoryAccessColumns, readRT: MemoryAccessColumns
    public let result: Column, resultLow: Column, resultHigh: Column, carry: Column
    public let write: MemoryAccessColumns
    /// rs = b (rt's value for branches, the immediate for teqi/tnei; for movz/movn: rt = 0), with
    /// the inverse of the difference when they differ.
    public let equal: Column, differenceInverse: Column
    public let taken: Column, newNextPC: Column
    /// `annul`: a branch-likely not taken (its delay slot is skipped). Sign branches and jumps
    /// have their taken and nextPC′ checked by `control`.
    public let annul: Column
    public let width: Int
    public var name: String { "cpu" }
    public var publicValueCount: Int { SegmentPublicValue.allCases.count }

    /// Timestamp slots within a cycle: t = 8·clk + slot (docs/mips-tables.md); `data` is the
    /// word of a load or store (`memory-instructions`); `extraA` and `extraB` are the family
    /// tables' own register accesses ($a1 and $v1 for `primitives`, HI and LO for
    /// `multiply-divide`: never on the same row).
    public enum Slot: Int { case fetch = 1, rs = 2, rt = 3, data = 4, write = 5, extraA = 6, extraB = 7 }

    /// Where exceptions continue (`KernelLayout.exceptionVector`).
    static let exceptionVector: UInt32 = 0x8000_0000

    public init() {
        var allocator = ColumnAllocator()
        clk = allocator.column("clk")
        pc = allocator.column("pc")
        nextPC = allocator.column("nextPC")
        isReal = allocator.column("isReal")
        isLastReal = allocator.column("isLastReal")
        fetch = MemoryAccessColumns(.read, "fetch", on: memoryBus, allocator: &allocator)
        fetchHigh = allocator.column("fetchHigh")
        fetchLow = allocator.column("fetchLow")
        fetchFault = allocator.column("fetchFault")
        decoded = DecodedWordColumns(allocator: &allocator)
        masks = InstructionKind.Field.allCases.map { allocator.column("mask.\($0)") }
        flags = CPUFlag.allCases.map { allocator.column("flag.\($0)") }
        operation = allocator.column("operation")
        special = allocator.column("special")
        mode = allocator.column("mode")
        enters = allocator.column("enters")
        primitive = allocator.column("primitive")
        guardFault = allocator.column("guardFault")
        rsValue = allocator.column("rsValue")
        rsAddress = allocator.column("rsAddress")
        rtAddress = allocator.column("rtAddress")
        writeAddress = allocator.column("writeAddress")
        readRS = MemoryAccessColumns(.read, "readRS", on: registersBus, allocator: &allocator)
        rtValue = allocator.column("rtValue")
        readRT = MemoryAccessColumns(.read, "readRT", on: registersBus, allocator: &allocator)
        result = allocator.column("result")
        resultLow = allocator.column("resultLow")
        resultHigh = allocator.column("resultHigh")
        carry = allocator.column("carry")
        write = MemoryAccessColumns(.write, "write", on: registersBus, allocator: &allocator)
        equal = allocator.column("equal")
        differenceInverse = allocator.column("differenceInverse")
        taken = allocator.column("taken")
        newNextPC = allocator.column("newNextPC")
        annul = allocator.column("annul")
        width = allocator.width
    }

    public func flag(_ flag: CPUFlag) -> Column { flags[flag.rawValue] }


    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        let clk = builder.current(self.clk), pc = builder.current(self.pc), nextPC = builder.current(self.nextPC)
        let isReal = builder.current(self.isReal), isLastReal = builder.current(self.isLastReal)
        let nextIsReal = builder.next(self.isReal)
        func flag(_ flag: CPUFlag) -> E { builder.current(self.flag(flag)) }
        func timestamp(_ slot: Slot) -> E { clk * Goldilocks(8) + Goldilocks(slot.rawValue) }
        let newNextPC = builder.current(self.newNextPC)
        let annul = builder.current(self.annul)
        let mode = builder.current(self.mode), enters = builder.current(self.enters)
        let (nextClk, pcNext, nextPCNext, modeNext) = (builder.next(self.clk), builder.next(self.pc), builder.next(self.nextPC), builder.next(self.mode))
        let publicValues = SegmentPublicValue.allCases.map { builder.publicValue($0.rawValue) }
        func publicValue(_ value: SegmentPublicValue) -> E { publicValues[value.rawValue] }
        let (syscall, eret) = (flag(.syscall), flag(.eret))

        // Rows: real ones first, then padding; the last real one is marked.
        builder.assertBool(isReal, "isReal is a bit")
        builder.assertBool(isLastReal, "isLastReal is a bit")
        builder.whenTransition {
            $0.assertZero(nextIsReal * (E(.one) - isReal), "no real row after padding")
            $0.assertEqual(isLastReal, isReal * (E(.one) - nextIsReal), "isLastReal marks the last real row")
            $0.assertEqual(nextClk, clk + Goldilocks.one, "clk′ = clk + 1")
        }
        builder.whenLastRow { $0.assertEqual(isLastReal, isReal, "the last row, if real, is the last real one") }

        // Flags are the kind table's (bits there); stated as bits here too, so every
        // multiplicity built from them is constrained in this table (the bus convention).
        for (column, flag) in zip(flags, CPUFlag.allCases) { builder.assertBool(builder.current(column), "flag.\(flag) is a bit") }

        // Mode: a syscall in user mode enters the kernel, one in kernel mode is a primitive;
        // privileged kinds (mfc0, mtc0, eret) run in kernel mode only.
        builder.assertBool(mode, "mode is a bit")
        let primitive = builder.current(self.primitive)
        builder.assertEqual(primitive, syscall * mode, "primitive = syscall in kernel mode")
        // In kernel mode nothing may enter it again (a kernel exception is a machine fault).
        builder.assertZero(enters * mode, "no exception in kernel mode")
        builder.assertZero(flag(.privileged) * (E(.one) - mode), "privileged instructions run in kernel mode")
        builder.assertZero(flag(.sameRtRd) * (builder.current(decoded.rt) - builder.current(decoded.rd)), "clz/clo: rt = rd")

        // Fetch, decode, kind. A fetch fault (a user pc in the null guard) fetches nothing: its
        // word is 0 and its kind the fetch fault's.
        let word = decoded.word(builder)
        let fetchFault = builder.current(self.fetchFault)
        builder.assertBool(fetchFault, "fetchFault is a bit")
        builder.assertZero(fetchFault * (E(.one) - isReal), "only real rows fault on a fetch")
        builder.assertZero(fetchFault * mode, "only user fetches fault on the null guard")
        builder.assertZero(fetchFault * word, "a fetch fault's word is 0")
        fetch.eval(&builder, address: pc * Goldilocks(4).inverse(), timestamp: timestamp(.fetch), value: word, enabled: isReal - fetchFault, "fetch")
        decoded.eval(&builder, enabled: E(.one))
        let userReal = isReal * (E(.one) - mode)
        let fetchHigh = builder.current(self.fetchHigh), fetchLow = builder.current(self.fetchLow)
        builder.when(userReal) { $0.assertEqual(pc * Goldilocks(4).inverse(), fetchHigh * Goldilocks(1 << 14) + fetchLow, "user fetch: pc/4 = 2^14·q + r") }
        builder.assertZero(fetchFault * fetchHigh, "a fetch fault: q = 0 (pc = 4·r < 0x10000)")
        builder.send(range16Bus, [fetchLow], multiplicity: userReal, "user fetch: r < 2^16")
        builder.send(range16Bus, [fetchLow * Goldilocks(4)], multiplicity: userReal, "user fetch: r < 2^14")
        let userFetch = userReal - fetchFault
        builder.send(range16Bus, [fetchHigh - Goldilocks.one], multiplicity: userFetch, "user fetch: q ≥ 1 (not the null guard)")
        builder.send(range16Bus, [fetchHigh * Goldilocks(2)], multiplicity: userFetch, "user fetch: q < 2^15 (below the kernel)")
        let fieldColumns = [decoded.funct, decoded.rs, decoded.rt, decoded.rd, decoded.sa]
        let maskValues = masks.map(builder.current)
        let masked = zip(maskValues, fieldColumns).map { $0 * builder.current($1) }
        let special = builder.current(self.special)
        builder.send(instructionKindBus, [isReal + fetchFault, builder.current(decoded.opcode)] + maskValues + masked + flags.map(builder.current)
                         + [builder.current(operation), special], multiplicity: E(.one), "instruction kind")

        // Registers: the rs and rt reads at their fields' registers, or at the special address
        // (rt's: the one after it), or $v0 and $a0 for a primitive; the write to rd, rt, $ra or
        // the special address, $v0 for a primitive. (Kernel entry's EPC and exception next pc are
        // written by `exceptions`.)
        let rs = builder.current(decoded.rs), rt = builder.current(decoded.rt), rd = builder.current(decoded.rd)
        let rsValue = builder.current(self.rsValue), rtValue = builder.current(self.rtValue)
        let rsAddress = builder.current(self.rsAddress), rtAddress = builder.current(self.rtAddress)
        builder.assertEqual(rsAddress, rs + flag(.rsSpecial) * (special - rs) + primitive * (E(Goldilocks(2)) - rs), "rs port: rs, the special register or $v0")
        builder.assertEqual(rtAddress, rt + flag(.rtSpecial) * (special + Goldilocks.one - rt) + primitive * (E(Goldilocks(4)) - rt),
                            "rt port: rt, the register after the special one or $a0")
        readRS.eval(&builder, address: rsAddress, timestamp: timestamp(.rs), value: rsValue, enabled: isReal, "read rs")
        readRT.eval(&builder, address: rtAddress, timestamp: timestamp(.rt), value: rtValue, enabled: isReal, "read rt")
        let writeRd = flag(.writeRd), writeRt = flag(.writeRt), writeRa = flag(.writeRa), writeSpecial = flag(.writeSpecial)
        let destination = builder.current(writeAddress)
        builder.assertEqual(destination, writeRd * rd + writeRt * rt + writeRa * Goldilocks(31) + writeSpecial * special + primitive * Goldilocks(2),
                            "write port: rd, rt, $ra, the special register or $v0")
        let writes = writeRd * (E(.one) - builder.current(decoded.rdIsZero)) + writeRt * (E(.one) - builder.current(decoded.rtIsZero))
            + writeRa + writeSpecial + primitive
        let result = builder.current(self.result)
        write.eval(&builder, address: destination, timestamp: timestamp(.write), value: result, enabled: writes, "write")
        builder.send(exceptionBus, [clk, pc, nextPC], multiplicity: enters, "kernel entry")
        builder.send(primitiveBus, [clk, rsValue, rtValue, result], multiplicity: primitive, "primitive")

        // The result: a u32 (two 16-bit limbs), then what each flag makes it.
        let low = builder.current(resultLow), high = builder.current(resultHigh), carry = builder.current(self.carry)
        builder.assertEqual(result, low + high * Goldilocks(1 << 16), "result = low + 2^16·high")
        builder.send(range16Bus, [low], multiplicity: isReal, "result low < 2^16")
        builder.send(range16Bus, [high], multiplicity: isReal, "result high < 2^16")
        builder.assertBool(carry, "carry is a bit")
        let immediate = decoded.signExtendedImmediate(builder)
        let lower = builder.current(decoded.lower)
        let (shiftAmount, variableShift, bitField) = (flag(.shiftAmount), flag(.variableShift), flag(.bitField))
        let sa = builder.current(decoded.sa)
        let b = rtValue + flag(.immediate) * (immediate - rtValue) + flag(.immediateZero) * (lower - rtValue)
            + shiftAmount * (sa - rtValue) + variableShift * (rsValue - rtValue) + bitField * (sa + rd * Goldilocks(32) - rtValue)
        let a = rsValue + (shiftAmount + variableShift) * (rtValue - rsValue)
        builder.send(aluBus, [builder.current(operation), a, b, bitField * rtValue, result], multiplicity: flag(.alu), "alu")
        let (add, loadUpper, link) = (flag(.add), flag(.loadUpper), flag(.link))
        builder.when(add) { $0.assertEqual(result + carry * Goldilocks(1 << 32), rsValue + b, "add: result + 2^32·carry = rs + b") }
        builder.when(loadUpper) { $0.assertEqual(result, lower * Goldilocks(1 << 16), "lui: result = imm·2^16") }
        builder.when(flag(.moveRS)) { $0.assertEqual(result, rsValue, "move: result = rs") }
        builder.when(flag(.moveRT)) { $0.assertEqual(result, rtValue, "move: result = rt") }
        // Links and targets count from pc + 4 as the VM does (equal to nextPC except for a branch
        // in a delay slot, which MIPS leaves unpredictable; the VM's choice is the one proven).
        let pcPlus4 = pc + Goldilocks(4)
        builder.when(link) { $0.assertEqual(result, pcPlus4 + Goldilocks(4), "link: result = pc + 8") }

        // Loads and stores: `memory-instructions` accesses the word holding rs + offset at this
        // cycle's data slot and checks the result (the value a load writes to rt).
        builder.send(multiplyBus, [builder.current(operation), clk, rsValue, rtValue, result], multiplicity: flag(.multiply), "multiply or divide")
        // A null-guard fault sends result 0 (the table checks the address, not a word) and leaves rt.
        let guardFault = builder.current(self.guardFault)
        builder.assertBool(guardFault, "guardFault is a bit")
        builder.assertZero(guardFault * (E(.one) - flag(.memory)), "only loads and stores fault on the null guard")
        builder.send(memoryInstructionBus, [builder.current(operation), clk, rsValue + decoded.signedImmediate(builder), rtValue,
                                            result * (E(.one) - guardFault), mode, guardFault],
                     multiplicity: flag(.memory), "load or store")

        // The comparison: rs = b for branches and traps (b: rt's value, or teqi/tnei's
        // immediate), 0 = rt for movz/movn (which then drop rs from the difference).
        let (moveIfZero, moveIfNotZero) = (flag(.moveIfZero), flag(.moveIfNotZero))
        let equal = builder.current(self.equal), difference = rsValue - b - (moveIfZero + moveIfNotZero) * rsValue
        builder.assertBool(equal, "equal is a bit")
        builder.assertZero(equal * difference, "equal ⇒ rs = b (movz/movn: rt = 0)")
        builder.assertEqual(E(.one) - equal, difference * builder.current(differenceInverse), "rs ≠ b ⇒ not equal")
        // movz/movn write rd in any case: rs's value, or rd's own when the condition fails.
        let rdBefore = builder.current(self.write.previousValue!)
        builder.assertZero(guardFault * (result - rdBefore), "a faulting load leaves rt")
        builder.when(moveIfZero) { $0.assertEqual(result, rdBefore + equal * (rsValue - rdBefore), "movz: result = rt = 0 ? rs : rd") }
        builder.when(moveIfNotZero) { $0.assertEqual(result, rsValue + equal * (rdBefore - rsValue), "movn: result = rt ≠ 0 ? rs : rd") }

        // Taken: beq/bne here; sign branches and jumps take theirs from `control`.
        let taken = builder.current(self.taken), control = flag(.control)
        builder.assertZero((E(.one) - control) * (taken - flag(.branchEqual) * equal - flag(.branchNotEqual) * (E(.one) - equal)),
                           "taken: beq/bne's comparison (control's otherwise)")
        // Entering the kernel: a syscall in user mode, an exception kind, a trap whose condition
        // (equal, or the ALU's comparison bit) holds.
        let condition = equal + flag(.alu) * (result - equal)
        builder.assertEqual(enters, syscall * (E(.one) - mode) + flag(.exception) + flag(.trapIfSet) * condition
                                + flag(.trapIfClear) * (E(.one) - condition) + guardFault,
                            "enters: syscall in user mode, an exception, a taken trap, a null-guard access")
        let likely = flag(.likely)
        builder.assertEqual(annul, likely - likely * taken, "annul = likely and not taken")
        let fallThrough = nextPC + Goldilocks(4)
        let branchTarget = pcPlus4 + Goldilocks(4) * decoded.signedImmediate(builder)
        let vector = E(Goldilocks(Self.exceptionVector))
        builder.assertZero((E(.one) - control) * (newNextPC - (fallThrough + taken * (branchTarget - fallThrough) + flag(.jumpRegister) * (rsValue - fallThrough)
                               + annul * Goldilocks(4) + eret * (rtValue - fallThrough) + enters * (vector + Goldilocks(4) - fallThrough))),
                           "newNextPC: branch target, register, nextPC + 4, + 8 when annulled, eret's, the vector's (control's for sign branches and jumps)")
        let index = builder.current(decoded.rs) * Goldilocks(1 << 21) + rt * Goldilocks(1 << 16) + lower
        builder.send(controlBus, [builder.current(operation), pc, nextPC, rsValue, decoded.signedImmediate(builder), index, taken, annul, newNextPC],
                     multiplicity: control, "sign branch or jump")

        // The state after the row: pc, nextPC, mode.
        let newPC = nextPC + annul * Goldilocks(4) + eret * (rsValue - nextPC) + enters * (vector - nextPC)
        let newMode = mode + enters - eret
        builder.whenFirstRow {
            $0.assertEqual(isReal, E(.one), "the first row is real")
            $0.assertZero(clk, "clk starts at 0")
            $0.assertEqual(pc, publicValue(.startPC), "start pc")
            $0.assertEqual(nextPC, publicValue(.startNextPC), "start nextPC")
            $0.assertEqual(mode, publicValue(.startMode), "start mode")
        }
        builder.whenTransition {
            $0.assertEqual(pcNext, newPC, "pc′ = nextPC (the delay slot), past it when annulled, EPC, the vector")
            $0.assertEqual(nextPCNext, newNextPC, "nextPC′")
            $0.assertEqual(modeNext, newMode, "mode′")
        }
        builder.when(isLastReal) {
            $0.assertEqual(newPC, publicValue(.endPC), "end pc")
            $0.assertEqual(newNextPC, publicValue(.endNextPC), "end nextPC")
            $0.assertEqual(newMode, publicValue(.endMode), "end mode")
            $0.assertEqual(clk + Goldilocks.one, publicValue(.cycles), "cycle count")
        }
    }
}
