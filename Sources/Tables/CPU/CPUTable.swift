import Constraints
import Field

/// The CPU table: one row per cycle of the segment, then padding rows (docs/mips-tables.md).
///
/// A row looks up what the instruction at pc does in the code table (one `code` lookup: the
/// fetch, the decode and the kind are the code table's, once per distinct word), reads two
/// registers (slots 2, 3), writes one (slot 5) when the code entry says so, and computes the
/// next row's pc and nextPC: pc′ = nextPC (the delay slot), nextPC′ = the branch target (the
/// entry's immediate) if taken, rs's value for a register jump, nextPC + 4 otherwise.
///
/// Registers are the 37 of `MachineRegister` on `registersBus`: HI, LO and the system
/// registers are reached through the same ports as the general ones, at the addresses the code
/// entry gives. The mode (kernel or user) is a state column, sent with pc: the code table proves
/// kernel code in kernel space and user code in user space. A `syscall` in user space, an
/// exception kind, a fetch in the null guard or a taken trap *enters* the kernel: mode ← kernel,
/// pc′ = the exception vector, and `exceptions` writes EPC ← pc and the exception next pc ←
/// nextPC. A `syscall` in kernel space runs a primitive: the ports read `$v0` and `$a0` and
/// write `$v0` back, and `primitives` checks the rest. `eret` returns: pc′ = EPC, nextPC′ =
/// the exception next pc, mode ← user.
///
/// Padding rows run no instruction (all flags 0) but carry the state on: pc′ = nextPC,
/// nextPC′ = nextPC + 4, the mode unchanged; so the state constraints hold on every
/// transition, without a real-row condition.
///
/// Public values: `SegmentPublicValue` (pc, nextPC and mode at both ends, the cycle count).
public struct CPUTable: AIR {
    public let clk: Column, pc: Column, nextPC: Column, isReal: Column, isLastReal: Column
    /// 1 in kernel mode.
    public let mode: Column
    /// The code entry's register addresses (the rs and rt ports, the write port), whether the
    /// write port writes, its immediate, its operation code and its flags (`CPUFlag`).
    public let rsAddress: Column, rtAddress: Column, writeAddress: Column, writes: Column
    public let immediate: Column, operation: Column
    public let flags: [Column]
    /// The row enters the kernel (`entersAlways`, a taken trap, a null-guard load or store).
    public let enters: Column
    /// A user load or store in the null guard (below 0x10000): an exception, checked with the
    /// address by `memory-instructions`; a load then writes rt's own value back.
    public let guardFault: Column
    /// The rs and rt ports' values and reads.
    public let rsValue: Column, rtValue: Column
    public let readRS: MemoryAccessColumns, readRT: MemoryAccessColumns
    public let result: Column, resultLow: Column, resultHigh: Column, carry: Column
    public let write: MemoryAccessColumns
    /// rs = b (rt's value for branches and traps, the immediate for teqi/tnei; for movz/movn:
    /// rt = 0), with the inverse of the difference when they differ.
    public let equal: Column, differenceInverse: Column
    /// The branch is taken (beq/bne here, sign branches from `control`).
    public let taken: Column
    public let width: Int
    public var name: String { "cpu" }
    public var publicValueCount: Int { SegmentPublicValue.allCases.count }

    /// Timestamp slots within a cycle: t = 8·clk + slot (docs/mips-tables.md); `data` is the
    /// word of a load or store (`memory-instructions`); `extraA` and `extraB` are the family
    /// tables' own register accesses ($a1 and $v1 for `primitives`, HI and LO for
    /// `multiply-divide`, EPC and the exception next pc for `exceptions`: never on the same
    /// row). Slot 0 is the verifier's start tuples (clk 0) and `code`'s end-of-segment read
    /// (clk = cycles).
    public enum Slot: Int { case rs = 2, rt = 3, data = 4, write = 5, extraA = 6, extraB = 7 }

    /// Where exceptions continue (`KernelLayout.exceptionVector`).
    static let exceptionVector: UInt32 = 0x8000_0000

    public init() {
        var allocator = ColumnAllocator()
        clk = allocator.column("clk")
        pc = allocator.column("pc")
        nextPC = allocator.column("nextPC")
        isReal = allocator.column("isReal")
        isLastReal = allocator.column("isLastReal")
        mode = allocator.column("mode")
        rsAddress = allocator.column("rsAddress")
        rtAddress = allocator.column("rtAddress")
        writeAddress = allocator.column("writeAddress")
        writes = allocator.column("writes")
        immediate = allocator.column("immediate")
        operation = allocator.column("operation")
        flags = CPUFlag.allCases.map { allocator.column("flag.\($0)") }
        enters = allocator.column("enters")
        guardFault = allocator.column("guardFault")
        rsValue = allocator.column("rsValue")
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
        let mode = builder.current(self.mode), enters = builder.current(self.enters)
        let (nextClk, pcNext, nextPCNext, modeNext) = (builder.next(self.clk), builder.next(self.pc), builder.next(self.nextPC), builder.next(self.mode))
        let publicValues = SegmentPublicValue.allCases.map { builder.publicValue($0.rawValue) }
        func publicValue(_ value: SegmentPublicValue) -> E { publicValues[value.rawValue] }
        let eret = flag(.eret)

        // Rows: real ones first, then padding; the last real one is marked.
        builder.assertBool(isReal, "isReal is a bit")
        builder.assertBool(isLastReal, "isLastReal is a bit")
        builder.whenTransition {
            $0.assertZero(nextIsReal * (E(.one) - isReal), "no real row after padding")
            $0.assertEqual(isLastReal, isReal * (E(.one) - nextIsReal), "isLastReal marks the last real row")
            $0.assertEqual(nextClk, clk + Goldilocks.one, "clk′ = clk + 1")
        }
        builder.whenLastRow { $0.assertEqual(isLastReal, isReal, "the last row, if real, is the last real one") }

        // The code entry of pc in this mode. Its flags and `writes` are bits there; here each is
        // 0 or isReal, so padding rows (which look nothing up) run no instruction, and every
        // multiplicity built from them is constrained in this table (the bus convention).
        builder.assertBool(mode, "mode is a bit")
        let entry = [rsAddress, rtAddress, writeAddress, writes, immediate, operation].map(builder.current)
        builder.send(codeBus, [isReal, pc, mode] + entry + flags.map(builder.current), multiplicity: isReal, "code")
        for (column, flag) in zip(flags + [writes], CPUFlag.allCases.map { "flag.\($0)" } + ["writes"]) {
            let value = builder.current(column)
            builder.assertZero(value * (isReal - value), "\(flag) is 0 or isReal")
        }
        // In kernel mode nothing may enter it again (a kernel exception is a machine fault).
        builder.assertZero(enters * mode, "no exception in kernel mode")

        // Registers: the rs and rt reads, the write (the code entry's addresses).
        let rsValue = builder.current(self.rsValue), rtValue = builder.current(self.rtValue)
        readRS.eval(&builder, address: builder.current(rsAddress), timestamp: timestamp(.rs), value: rsValue, enabled: isReal, "read rs")
        readRT.eval(&builder, address: builder.current(rtAddress), timestamp: timestamp(.rt), value: rtValue, enabled: isReal, "read rt")
        let result = builder.current(self.result)
        write.eval(&builder, address: builder.current(writeAddress), timestamp: timestamp(.write), value: result, enabled: builder.current(writes), "write")
        let primitive = flag(.primitive)
        builder.send(exceptionBus, [clk, pc, nextPC], multiplicity: enters, "kernel entry")
        builder.send(primitiveBus, [clk, rsValue, rtValue, result], multiplicity: primitive, "primitive")

        // The result: a u32 (two 16-bit limbs), then what each flag makes it.
        let low = builder.current(resultLow), high = builder.current(resultHigh), carry = builder.current(self.carry)
        builder.assertEqual(result, low + high * Goldilocks(1 << 16), "result = low + 2^16·high")
        builder.send(range16Bus, [low], multiplicity: isReal, "result low < 2^16")
        builder.send(range16Bus, [high], multiplicity: isReal, "result high < 2^16")
        builder.assertBool(carry, "carry is a bit")
        let immediate = builder.current(self.immediate)
        let b = rtValue + flag(.useConstant) * (immediate - rtValue) + flag(.variableShift) * (rsValue - rtValue)
        let a = rsValue + flag(.swapOperands) * (rtValue - rsValue)
        builder.send(aluBus, [builder.current(operation), a, b, flag(.bitField) * rtValue, result], multiplicity: flag(.alu), "alu")
        builder.when(flag(.add)) { $0.assertEqual(result + carry * Goldilocks(1 << 32), rsValue + b, "add: result + 2^32·carry = rs + b") }
        // Links count from pc + 4 as the VM does (equal to nextPC except for a branch in a delay
        // slot, which MIPS leaves unpredictable; the VM's choice is the one proven).
        builder.when(flag(.link)) { $0.assertEqual(result, pc + Goldilocks(8), "link: result = pc + 8") }

        builder.send(multiplyBus, [builder.current(operation), clk, rsValue, rtValue, result], multiplicity: flag(.multiply), "multiply or divide")
        // Loads and stores: `memory-instructions` accesses the word holding rs + offset at this
        // cycle's data slot and checks the result (the value a load writes to rt). A null-guard
        // fault sends result 0 (the table checks the address, not a word) and leaves rt.
        let guardFault = builder.current(self.guardFault)
        builder.assertBool(guardFault, "guardFault is a bit")
        builder.assertZero(guardFault * (E(.one) - flag(.memory)), "only loads and stores fault on the null guard")
        builder.send(memoryInstructionBus, [builder.current(operation), clk, rsValue + immediate, rtValue, result * (E(.one) - guardFault), mode, guardFault],
                     multiplicity: flag(.memory), "load or store")

        // The comparison: rs = b for branches and traps, 0 = rt for movz/movn (which then drop
        // rs from the difference).
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

        // Taken: beq/bne (and j/jal, beq $zero, $zero) here; sign branches from `control`.
        let taken = builder.current(self.taken), control = flag(.control)
        builder.assertZero((E(.one) - control) * (taken - flag(.branchEqual) * equal - flag(.branchNotEqual) * (E(.one) - equal)),
                           "taken: beq/bne's comparison (control's otherwise)")
        builder.send(controlBus, [builder.current(operation), rsValue, taken], multiplicity: control, "sign branch")
        // Entering the kernel: always (syscall in user space, exception kinds, fetch faults), a
        // trap whose condition (equal, or the ALU's comparison bit) holds, a null-guard access.
        let condition = equal + flag(.alu) * (result - equal)
        builder.assertEqual(enters, flag(.entersAlways) + flag(.trapIfSet) * condition + flag(.trapIfClear) * (E(.one) - condition) + guardFault,
                            "enters: syscall in user space, an exception, a taken trap, a null-guard access")

        // The state after the row: pc, nextPC, mode. annul: a branch-likely not taken (its
        // delay slot is skipped).
        let likely = flag(.likely)
        let annul = likely - likely * taken
        let fallThrough = nextPC + Goldilocks(4)
        let vector = E(Goldilocks(Self.exceptionVector))
        let newNextPC = fallThrough + taken * (immediate - fallThrough) + flag(.jumpRegister) * (rsValue - fallThrough) + annul * Goldilocks(4)
            + eret * (rtValue - fallThrough) + enters * (vector + Goldilocks(4) - fallThrough)
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
            $0.assertEqual(nextPCNext, newNextPC, "nextPC′: the target if taken, rs, nextPC + 4 (+ 4 when annulled), eret's, the vector's")
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
