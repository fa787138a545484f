/// The instruction loop, specialised per tracer. Lives in a struct so the hot state (registers
/// pointer, pc, nextPC, cycle counter) stays in locals while it runs.
///
/// The tracer is the caller's, reached through a pointer valid for the duration of
/// ``Machine/run(until:tracer:)``: holding a copy would share the recorder's event arrays with
/// the caller, and the first append would then copy them (and drop their reserved capacity).
struct Interpreter<Tracer: ExecutionTracer> {
    let machine: Machine
    let memory: Memory
    let regs: UnsafeMutablePointer<UInt32>
    let tracer: UnsafeMutablePointer<Tracer>

    init(machine: Machine, tracer: UnsafeMutablePointer<Tracer>) {
        self.machine = machine
        memory = machine.memory
        regs = machine.registers
        self.tracer = tracer
    }

    /// Why an instruction did not complete normally.
    enum Stop: Error {
        /// A machine fault, whatever the mode (the loop adds pc, word and cycle).
        case fault(Fault.Kind)
        /// A synchronous exception: in user mode the kernel takes it; in kernel mode it is a
        /// machine fault of this kind (the kernel must never raise one).
        case exception(Fault.Kind)
        /// `syscall` in user mode: enter the kernel.
        case systemCall
        /// The kernel halted the machine.
        case exit(code: Int32)
    }

    @inline(__always) func sext(_ imm: UInt16) -> UInt32 { UInt32(bitPattern: Int32(Int16(bitPattern: imm))) }
    @inline(__always) func reg(_ r: Register) -> UInt32 { regs[r.index] }
    @inline(__always) func set(_ r: Register, _ value: UInt32) { setRegister(r.index, value) }
    @inline(__always) var hi: UInt32 {
        get { regs[Machine.hiIndex] }
        nonmutating set { setRegister(Machine.hiIndex, newValue) }
    }
    @inline(__always) var lo: UInt32 {
        get { regs[Machine.loIndex] }
        nonmutating set { setRegister(Machine.loIndex, newValue) }
    }

    /// Every register write goes through here, so tracing sees each one (writes to `$zero`,
    /// which the loop discards, are not reported).
    @inline(__always) func setRegister(_ index: Int, _ value: UInt32) {
        regs[index] = value
        if Tracer.isRecording, index != 0 { tracer.pointee.registerWrite(index: index, value: value) }
    }

    // MARK: - Memory helpers

    @inline(__always)
    mutating func load(_ address: UInt32, cycle: UInt64) throws(Stop) -> UInt32 {
        do {
            let value = try memory.loadWord(address & ~3)
            if Tracer.isRecording {
                tracer.pointee.memory(MemoryEvent(cycle: cycle, address: address & ~3, kind: .read, previous: value, value: value))
            }
            return value
        } catch { throw accessFault(error) }
    }

    @inline(__always)
    mutating func store(_ address: UInt32, _ value: UInt32, cycle: UInt64) throws(Stop) {
        do {
            if Tracer.isRecording {
                let previous = try memory.loadWord(address & ~3)
                try memory.storeWord(address & ~3, value)
                tracer.pointee.memory(MemoryEvent(cycle: cycle, address: address & ~3, kind: .write, previous: previous, value: value))
            } else {
                try memory.storeWord(address & ~3, value)
            }
        } catch { throw accessFault(error) }
    }

    /// Read-modify-write of the bits selected by `mask` in the word holding `address`: one write
    /// event, whose `previous` is the word that was read.
    @inline(__always)
    mutating func storeMasked(_ address: UInt32, _ bits: UInt32, mask: UInt32, cycle: UInt64) throws(Stop) {
        do {
            let previous = try memory.loadWord(address & ~3)
            let value = (previous & ~mask) | (bits & mask)
            try memory.storeWord(address & ~3, value)
            if Tracer.isRecording {
                tracer.pointee.memory(MemoryEvent(cycle: cycle, address: address & ~3, kind: .write, previous: previous, value: value))
            }
        } catch { throw accessFault(error) }
    }

    /// A failed access: an exception when it touched the null guard pages (the kernel delivers
    /// SIGSEGV), otherwise a machine fault (`execute`'s protection checks).
    @inline(never)
    func accessFault(_ fault: MemoryFault) -> Stop {
        if case let .unmapped(address) = fault, address < machine.nullGuardEnd { return .exception(.memory(fault)) }
        return .fault(.memory(fault))
    }

    @inline(__always)
    func requireAligned(_ address: UInt32, _ size: UInt32) throws(Stop) {
        if address & (size - 1) != 0 { throw Stop.fault(.memory(.unaligned(address: address, size: Int(size)))) }
    }

    /// Records an ALU operation.
    @inline(__always)
    mutating func traceALU(_ op: ALUOperation, _ a: UInt32, _ b: UInt32, _ result: UInt32, high: UInt32 = 0, cycle: UInt64) {
        if Tracer.isRecording {
            tracer.pointee.alu(ALUEvent(cycle: cycle, operation: op, a: a, b: b, result: result, high: high))
        }
    }

    /// Writes an ALU result to a register and records the operation.
    @inline(__always)
    mutating func write(_ register: Register, _ op: ALUOperation, _ a: UInt32, _ b: UInt32, _ result: UInt32, high: UInt32 = 0, cycle: UInt64) {
        traceALU(op, a, b, result, high: high, cycle: cycle)
        setRegister(register.index, result)
    }

    // MARK: - The loop

    mutating func run(until cycleLimit: UInt64) -> StopReason {
        var pc = machine.pc
        var next = machine.nextPC
        var cycle = machine.cycles
        defer {
            machine.pc = pc
            machine.nextPC = next
            machine.cycles = cycle
        }
        while cycle < cycleLimit {
            let instruction: Instruction
            do {
                instruction = try memory.fetch(pc)
            } catch {
                if memory.mode == .user, pc < machine.nullGuardEnd {
                    // Nothing was fetched; the cycle still has its row (word 0).
                    if Tracer.isRecording { tracer.pointee.instruction(InstructionEvent(cycle: cycle, pc: pc, nextPC: next, word: 0)) }
                    enterKernel(pc: &pc, next: &next, cycle: cycle)
                    cycle &+= 1
                    continue
                }
                let word = (try? memory.loadWord(pc & ~3)) ?? 0
                return .fault(Fault(kind: .memory(error), pc: pc, word: word, cycle: cycle))
            }
            if Tracer.isRecording {
                // The raw word is in the page the fetch just installed (cheaper than re-encoding).
                let word = memory.readTable[Int(pc >> 12)]?[Int((pc >> 2) & 1023)] ?? instruction.word
                tracer.pointee.instruction(InstructionEvent(cycle: cycle, pc: pc, nextPC: next, word: word))
            }
            do {
                var newNext = next &+ 4
                try execute(instruction, pc: pc, next: &next, newNext: &newNext, cycle: cycle)
                regs[0] = 0
                pc = next
                next = newNext
                cycle &+= 1
            } catch {
                switch error {
                case .systemCall:
                    enterKernel(pc: &pc, next: &next, cycle: cycle)
                    cycle &+= 1
                case let .exception(kind):
                    guard memory.mode == .user else {
                        return .fault(Fault(kind: kind, pc: pc, word: instruction.word, cycle: cycle))
                    }
                    enterKernel(pc: &pc, next: &next, cycle: cycle)
                    cycle &+= 1
                case let .fault(kind):
                    return .fault(Fault(kind: kind, pc: pc, word: instruction.word, cycle: cycle))
                case let .exit(code):
                    cycle &+= 1
                    return .exited(code: code)
                }
            }
        }
        return .cycleLimit
    }

    /// Executes one instruction. `next` is the delay-slot address (changed only by an annulled
    /// branch-likely), `newNext` the address after it (changed by taken branches and jumps).
    @inline(__always)
    mutating func execute(_ instruction: Instruction, pc: UInt32, next: inout UInt32, newNext: inout UInt32, cycle: UInt64) throws(Stop) {
        switch instruction {
        // MARK: Register-register
        case let .addu(rd, rs, rt): write(rd, .add, reg(rs), reg(rt), reg(rs) &+ reg(rt), cycle: cycle)
        case let .subu(rd, rs, rt): write(rd, .sub, reg(rs), reg(rt), reg(rs) &- reg(rt), cycle: cycle)
        case let .add(rd, rs, rt):
            let (sum, overflow) = Int32(bitPattern: reg(rs)).addingReportingOverflow(Int32(bitPattern: reg(rt)))
            if overflow { throw Stop.exception(.integerOverflow) }
            write(rd, .add, reg(rs), reg(rt), UInt32(bitPattern: sum), cycle: cycle)
        case let .sub(rd, rs, rt):
            let (difference, overflow) = Int32(bitPattern: reg(rs)).subtractingReportingOverflow(Int32(bitPattern: reg(rt)))
            if overflow { throw Stop.exception(.integerOverflow) }
            write(rd, .sub, reg(rs), reg(rt), UInt32(bitPattern: difference), cycle: cycle)
        case let .and(rd, rs, rt): write(rd, .and, reg(rs), reg(rt), reg(rs) & reg(rt), cycle: cycle)
        case let .or(rd, rs, rt): write(rd, .or, reg(rs), reg(rt), reg(rs) | reg(rt), cycle: cycle)
        case let .xor(rd, rs, rt): write(rd, .xor, reg(rs), reg(rt), reg(rs) ^ reg(rt), cycle: cycle)
        case let .nor(rd, rs, rt): write(rd, .nor, reg(rs), reg(rt), ~(reg(rs) | reg(rt)), cycle: cycle)
        case let .slt(rd, rs, rt):
            let less: UInt32 = Int32(bitPattern: reg(rs)) < Int32(bitPattern: reg(rt)) ? 1 : 0
            write(rd, .slt, reg(rs), reg(rt), less, cycle: cycle)
        case let .sltu(rd, rs, rt): write(rd, .sltu, reg(rs), reg(rt), reg(rs) < reg(rt) ? 1 : 0, cycle: cycle)
        case let .movz(rd, rs, rt): if reg(rt) == 0 { set(rd, reg(rs)) }
        case let .movn(rd, rs, rt): if reg(rt) != 0 { set(rd, reg(rs)) }
        case let .mul(rd, rs, rt):
            let product = Int64(Int32(bitPattern: reg(rs))) &* Int64(Int32(bitPattern: reg(rt)))
            write(rd, .mul, reg(rs), reg(rt), UInt32(truncatingIfNeeded: product), cycle: cycle)

        // MARK: Immediate
        case let .addiu(rt, rs, imm): write(rt, .add, reg(rs), sext(imm), reg(rs) &+ sext(imm), cycle: cycle)
        case let .addi(rt, rs, imm):
            let (sum, overflow) = Int32(bitPattern: reg(rs)).addingReportingOverflow(Int32(Int16(bitPattern: imm)))
            if overflow { throw Stop.exception(.integerOverflow) }
            write(rt, .add, reg(rs), sext(imm), UInt32(bitPattern: sum), cycle: cycle)
        case let .slti(rt, rs, imm):
            let less: UInt32 = Int32(bitPattern: reg(rs)) < Int32(Int16(bitPattern: imm)) ? 1 : 0
            write(rt, .slt, reg(rs), sext(imm), less, cycle: cycle)
        case let .sltiu(rt, rs, imm): write(rt, .sltu, reg(rs), sext(imm), reg(rs) < sext(imm) ? 1 : 0, cycle: cycle)
        case let .andi(rt, rs, imm): write(rt, .and, reg(rs), UInt32(imm), reg(rs) & UInt32(imm), cycle: cycle)
        case let .ori(rt, rs, imm): write(rt, .or, reg(rs), UInt32(imm), reg(rs) | UInt32(imm), cycle: cycle)
        case let .xori(rt, rs, imm): write(rt, .xor, reg(rs), UInt32(imm), reg(rs) ^ UInt32(imm), cycle: cycle)
        case let .lui(rt, imm): set(rt, UInt32(imm) << 16)

        // MARK: Shifts
        case let .sll(rd, rt, sa): write(rd, .sll, reg(rt), UInt32(sa), reg(rt) &<< UInt32(sa), cycle: cycle)
        case let .srl(rd, rt, sa): write(rd, .srl, reg(rt), UInt32(sa), reg(rt) &>> UInt32(sa), cycle: cycle)
        case let .sra(rd, rt, sa):
            let shifted = UInt32(bitPattern: Int32(bitPattern: reg(rt)) &>> Int32(sa))
            write(rd, .sra, reg(rt), UInt32(sa), shifted, cycle: cycle)
        case let .rotr(rd, rt, sa): write(rd, .rotr, reg(rt), UInt32(sa), rotateRight(reg(rt), UInt32(sa)), cycle: cycle)
        case let .sllv(rd, rt, rs): write(rd, .sll, reg(rt), reg(rs) & 31, reg(rt) &<< (reg(rs) & 31), cycle: cycle)
        case let .srlv(rd, rt, rs): write(rd, .srl, reg(rt), reg(rs) & 31, reg(rt) &>> (reg(rs) & 31), cycle: cycle)
        case let .srav(rd, rt, rs):
            let shifted = UInt32(bitPattern: Int32(bitPattern: reg(rt)) &>> Int32(reg(rs) & 31))
            write(rd, .sra, reg(rt), reg(rs) & 31, shifted, cycle: cycle)
        case let .rotrv(rd, rt, rs): write(rd, .rotr, reg(rt), reg(rs) & 31, rotateRight(reg(rt), reg(rs) & 31), cycle: cycle)

        // MARK: Bit manipulation
        case let .clz(rd, rs): write(rd, .clz, reg(rs), 0, UInt32(reg(rs).leadingZeroBitCount), cycle: cycle)
        case let .clo(rd, rs): write(rd, .clo, reg(rs), 0, UInt32((~reg(rs)).leadingZeroBitCount), cycle: cycle)
        case let .seb(rd, rt):
            write(rd, .seb, reg(rt), 0, UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: reg(rt)))), cycle: cycle)
        case let .seh(rd, rt):
            write(rd, .seh, reg(rt), 0, UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: reg(rt)))), cycle: cycle)
        case let .wsbh(rd, rt):
            let value = reg(rt)
            write(rd, .wsbh, value, 0, ((value & 0x00ff_00ff) &<< 8) | ((value &>> 8) & 0x00ff_00ff), cycle: cycle)
        case let .ext(rt, rs, pos, size):
            let mask: UInt32 = size >= 32 ? ~0 : (1 &<< UInt32(size)) &- 1
            write(rt, .ext, reg(rs), UInt32(pos) | UInt32(size) << 8, (reg(rs) &>> UInt32(pos)) & mask, cycle: cycle)
        case let .ins(rt, rs, pos, size):
            let mask: UInt32 = (size >= 32 ? ~0 : (1 &<< UInt32(size)) &- 1) &<< UInt32(pos)
            let result = (reg(rt) & ~mask) | ((reg(rs) &<< UInt32(pos)) & mask)
            write(rt, .ins, reg(rs), reg(rt), result, high: UInt32(pos) | UInt32(size) << 8, cycle: cycle)

        // MARK: HI/LO
        case let .mult(rs, rt):
            let product = UInt64(bitPattern: Int64(Int32(bitPattern: reg(rs))) &* Int64(Int32(bitPattern: reg(rt))))
            setHiLo(product, .mult, reg(rs), reg(rt), cycle: cycle)
        case let .multu(rs, rt):
            setHiLo(UInt64(reg(rs)) &* UInt64(reg(rt)), .multu, reg(rs), reg(rt), cycle: cycle)
        case let .madd(rs, rt):
            let product = UInt64(bitPattern: Int64(Int32(bitPattern: reg(rs))) &* Int64(Int32(bitPattern: reg(rt))))
            setHiLo(hiLo &+ product, .madd, reg(rs), reg(rt), cycle: cycle)
        case let .maddu(rs, rt):
            setHiLo(hiLo &+ UInt64(reg(rs)) &* UInt64(reg(rt)), .maddu, reg(rs), reg(rt), cycle: cycle)
        case let .msub(rs, rt):
            let product = UInt64(bitPattern: Int64(Int32(bitPattern: reg(rs))) &* Int64(Int32(bitPattern: reg(rt))))
            setHiLo(hiLo &- product, .msub, reg(rs), reg(rt), cycle: cycle)
        case let .msubu(rs, rt):
            setHiLo(hiLo &- UInt64(reg(rs)) &* UInt64(reg(rt)), .msubu, reg(rs), reg(rt), cycle: cycle)
        case let .div(rs, rt):
            let (quotient, remainder) = Self.signedDivide(reg(rs), reg(rt))
            traceALU(.div, reg(rs), reg(rt), quotient, high: remainder, cycle: cycle)
            lo = quotient
            hi = remainder
        case let .divu(rs, rt):
            let (quotient, remainder) = Self.unsignedDivide(reg(rs), reg(rt))
            traceALU(.divu, reg(rs), reg(rt), quotient, high: remainder, cycle: cycle)
            lo = quotient
            hi = remainder
        case let .mfhi(rd): set(rd, hi)
        case let .mflo(rd): set(rd, lo)
        case let .mthi(rs): hi = reg(rs)
        case let .mtlo(rs): lo = reg(rs)

        // MARK: Branches and jumps
        case let .beq(rs, rt, imm): branch(reg(rs) == reg(rt), pc, imm, &newNext, cycle)
        case let .bne(rs, rt, imm): branch(reg(rs) != reg(rt), pc, imm, &newNext, cycle)
        case let .blez(rs, imm): branch(Int32(bitPattern: reg(rs)) <= 0, pc, imm, &newNext, cycle)
        case let .bgtz(rs, imm): branch(Int32(bitPattern: reg(rs)) > 0, pc, imm, &newNext, cycle)
        case let .bltz(rs, imm): branch(Int32(bitPattern: reg(rs)) < 0, pc, imm, &newNext, cycle)
        case let .bgez(rs, imm): branch(Int32(bitPattern: reg(rs)) >= 0, pc, imm, &newNext, cycle)
        case let .bltzal(rs, imm):
            let taken = Int32(bitPattern: reg(rs)) < 0
            set(.ra, pc &+ 8)
            branch(taken, pc, imm, &newNext, cycle)
        case let .bgezal(rs, imm):
            let taken = Int32(bitPattern: reg(rs)) >= 0
            set(.ra, pc &+ 8)
            branch(taken, pc, imm, &newNext, cycle)
        case let .beql(rs, rt, imm): branchLikely(reg(rs) == reg(rt), pc, imm, &next, &newNext, cycle)
        case let .bnel(rs, rt, imm): branchLikely(reg(rs) != reg(rt), pc, imm, &next, &newNext, cycle)
        case let .blezl(rs, imm): branchLikely(Int32(bitPattern: reg(rs)) <= 0, pc, imm, &next, &newNext, cycle)
        case let .bgtzl(rs, imm): branchLikely(Int32(bitPattern: reg(rs)) > 0, pc, imm, &next, &newNext, cycle)
        case let .bltzl(rs, imm): branchLikely(Int32(bitPattern: reg(rs)) < 0, pc, imm, &next, &newNext, cycle)
        case let .bgezl(rs, imm): branchLikely(Int32(bitPattern: reg(rs)) >= 0, pc, imm, &next, &newNext, cycle)
        case let .bltzall(rs, imm):
            let taken = Int32(bitPattern: reg(rs)) < 0
            set(.ra, pc &+ 8)
            branchLikely(taken, pc, imm, &next, &newNext, cycle)
        case let .bgezall(rs, imm):
            let taken = Int32(bitPattern: reg(rs)) >= 0
            set(.ra, pc &+ 8)
            branchLikely(taken, pc, imm, &next, &newNext, cycle)
        case let .j(index):
            newNext = ((pc &+ 4) & 0xf000_0000) | index &<< 2
            traceJump(pc, newNext, cycle)
        case let .jal(index):
            newNext = ((pc &+ 4) & 0xf000_0000) | index &<< 2
            set(.ra, pc &+ 8)
            traceJump(pc, newNext, cycle)
        case let .jr(rs, _):
            let target = reg(rs)
            if target & 3 != 0 { throw Stop.fault(.unalignedJump(target: target)) }
            newNext = target
            traceJump(pc, target, cycle)
        case let .jalr(rd, rs, _):
            let target = reg(rs)
            if target & 3 != 0 { throw Stop.fault(.unalignedJump(target: target)) }
            set(rd, pc &+ 8)
            newNext = target
            traceJump(pc, target, cycle)

        // MARK: Loads
        case let .lw(rt, base, imm):
            let address = reg(base) &+ sext(imm)
            try requireAligned(address, 4)
            let value = try load(address, cycle: cycle)
            set(rt, value)
        case let .lbu(rt, base, imm):
            let address = reg(base) &+ sext(imm)
            let word = try load(address, cycle: cycle)
            set(rt, (word &>> (24 &- 8 &* (address & 3))) & 0xff)
        case let .lb(rt, base, imm):
            let address = reg(base) &+ sext(imm)
            let word = try load(address, cycle: cycle)
            let byte = UInt8(truncatingIfNeeded: word &>> (24 &- 8 &* (address & 3)))
            set(rt, UInt32(bitPattern: Int32(Int8(bitPattern: byte))))
        case let .lhu(rt, base, imm):
            let address = reg(base) &+ sext(imm)
            try requireAligned(address, 2)
            let word = try load(address, cycle: cycle)
            set(rt, (word &>> (16 &- 8 &* (address & 2))) & 0xffff)
        case let .lh(rt, base, imm):
            let address = reg(base) &+ sext(imm)
            try requireAligned(address, 2)
            let word = try load(address, cycle: cycle)
            let half = UInt16(truncatingIfNeeded: word &>> (16 &- 8 &* (address & 2)))
            set(rt, UInt32(bitPattern: Int32(Int16(bitPattern: half))))
        case let .lwl(rt, base, imm):
            // Big-endian: the bytes from `address` to the end of its word go to the top of rt.
            let address = reg(base) &+ sext(imm)
            let shift = 8 &* (address & 3)
            let word = try load(address, cycle: cycle)
            let keep: UInt32 = shift == 0 ? 0 : (1 &<< shift) &- 1
            set(rt, (word &<< shift) | (reg(rt) & keep))
        case let .lwr(rt, base, imm):
            // Big-endian: the bytes from the start of the word to `address` go to the bottom of rt.
            let address = reg(base) &+ sext(imm)
            let shift = 8 &* (3 &- (address & 3))
            let word = try load(address, cycle: cycle)
            let keep: UInt32 = shift == 0 ? 0 : ~(UInt32.max &>> shift)
            set(rt, (word &>> shift) | (reg(rt) & keep))
        case let .ll(rt, base, imm):
            let address = reg(base) &+ sext(imm)
            try requireAligned(address, 4)
            let value = try load(address, cycle: cycle)
            set(rt, value)

        // MARK: Stores
        case let .sw(rt, base, imm):
            let address = reg(base) &+ sext(imm)
            try requireAligned(address, 4)
            try store(address, reg(rt), cycle: cycle)
        case let .sb(rt, base, imm):
            let address = reg(base) &+ sext(imm)
            let shift = 24 &- 8 &* (address & 3)
            try storeMasked(address, reg(rt) &<< shift, mask: 0xff &<< shift, cycle: cycle)
        case let .sh(rt, base, imm):
            let address = reg(base) &+ sext(imm)
            try requireAligned(address, 2)
            let shift = 16 &- 8 &* (address & 2)
            try storeMasked(address, reg(rt) &<< shift, mask: 0xffff &<< shift, cycle: cycle)
        case let .swl(rt, base, imm):
            // Big-endian: the top bytes of rt go from `address` to the end of its word.
            let address = reg(base) &+ sext(imm)
            let shift = 8 &* (address & 3)
            try storeMasked(address, reg(rt) &>> shift, mask: UInt32.max &>> shift, cycle: cycle)
        case let .swr(rt, base, imm):
            // Big-endian: the bottom bytes of rt go from the start of the word to `address`.
            let address = reg(base) &+ sext(imm)
            let shift = 8 &* (3 &- (address & 3))
            try storeMasked(address, reg(rt) &<< shift, mask: UInt32.max &<< shift, cycle: cycle)
        case let .sc(rt, base, imm):
            let address = reg(base) &+ sext(imm)
            try requireAligned(address, 4)
            try store(address, reg(rt), cycle: cycle)
            set(rt, 1)

        // MARK: Floating point (the kernel emulates the FPU)
        case .lwc1, .ldc1, .swc1, .sdc1:
            throw Stop.exception(.illegalInstruction(IllegalInstruction(word: instruction.word, reason: .floatingPoint)))

        // MARK: Traps
        case let .teq(rs, rt, _): if reg(rs) == reg(rt) { throw Stop.exception(.trap) }
        case let .tne(rs, rt, _): if reg(rs) != reg(rt) { throw Stop.exception(.trap) }
        case let .tge(rs, rt, _): if Int32(bitPattern: reg(rs)) >= Int32(bitPattern: reg(rt)) { throw Stop.exception(.trap) }
        case let .tgeu(rs, rt, _): if reg(rs) >= reg(rt) { throw Stop.exception(.trap) }
        case let .tlt(rs, rt, _): if Int32(bitPattern: reg(rs)) < Int32(bitPattern: reg(rt)) { throw Stop.exception(.trap) }
        case let .tltu(rs, rt, _): if reg(rs) < reg(rt) { throw Stop.exception(.trap) }
        case let .teqi(rs, imm): if reg(rs) == sext(imm) { throw Stop.exception(.trap) }
        case let .tnei(rs, imm): if reg(rs) != sext(imm) { throw Stop.exception(.trap) }
        case let .tgei(rs, imm): if Int32(bitPattern: reg(rs)) >= Int32(Int16(bitPattern: imm)) { throw Stop.exception(.trap) }
        case let .tgeiu(rs, imm): if reg(rs) >= sext(imm) { throw Stop.exception(.trap) }
        case let .tlti(rs, imm): if Int32(bitPattern: reg(rs)) < Int32(Int16(bitPattern: imm)) { throw Stop.exception(.trap) }
        case let .tltiu(rs, imm): if reg(rs) < sext(imm) { throw Stop.exception(.trap) }

        // MARK: System
        case .syscall:
            if memory.mode == .user { throw Stop.systemCall }
            try primitive(cycle: cycle)
        case let .break(code): throw Stop.exception(.breakpoint(code: code))
        case .sync, .pref, .synci: break
        case let .rdhwr(rt, hwr):
            guard hwr == 29 else { throw Stop.exception(.unsupportedHardwareRegister(hwr)) }
            set(rt, regs[Machine.userLocalIndex])
        case let .mfc0(rt, rd, sel):
            try requireKernelMode(instruction)
            set(rt, regs[try systemRegisterIndex(rd, sel)])
        case let .mtc0(rt, rd, sel):
            try requireKernelMode(instruction)
            setRegister(try systemRegisterIndex(rd, sel), reg(rt))
        case .eret:
            try requireKernelMode(instruction)
            next = regs[Machine.exceptionPCIndex]
            newNext = regs[Machine.exceptionNextPCIndex]
            memory.switchMode(to: .user)
        case let .illegal(word):
            do { _ = try Instruction.decode(word) } catch { throw Stop.exception(.illegalInstruction(error)) }
            throw Stop.exception(.illegalInstruction(IllegalInstruction(word: word, reason: .unknownEncoding)))
        }
    }

    // MARK: - Pieces

    @inline(__always) func rotateRight(_ value: UInt32, _ amount: UInt32) -> UInt32 {
        (value &>> amount) | (value &<< ((32 &- amount) & 31))
    }

    @inline(__always) var hiLo: UInt64 { UInt64(hi) << 32 | UInt64(lo) }

    @inline(__always)
    mutating func setHiLo(_ value: UInt64, _ op: ALUOperation, _ a: UInt32, _ b: UInt32, cycle: UInt64) {
        if Tracer.isRecording {
            tracer.pointee.alu(ALUEvent(cycle: cycle, operation: op, a: a, b: b, result: UInt32(truncatingIfNeeded: value), high: UInt32(truncatingIfNeeded: value >> 32)))
        }
        hi = UInt32(truncatingIfNeeded: value >> 32)
        lo = UInt32(truncatingIfNeeded: value)
    }

    /// Signed division as `div` defines it; the cases MIPS leaves unpredictable get a fixed
    /// answer: x / 0 = (quotient 0xffffffff, remainder x), and INT_MIN / -1 = (INT_MIN, 0).
    static func signedDivide(_ a: UInt32, _ b: UInt32) -> (quotient: UInt32, remainder: UInt32) {
        if b == 0 { return (0xffff_ffff, a) }
        let dividend = Int32(bitPattern: a), divisor = Int32(bitPattern: b)
        if dividend == .min && divisor == -1 { return (a, 0) }
        return (UInt32(bitPattern: dividend / divisor), UInt32(bitPattern: dividend % divisor))
    }

    /// Unsigned division; x / 0 = (quotient 0xffffffff, remainder x).
    static func unsignedDivide(_ a: UInt32, _ b: UInt32) -> (quotient: UInt32, remainder: UInt32) {
        if b == 0 { return (0xffff_ffff, a) }
        return (a / b, a % b)
    }

    @inline(__always)
    mutating func branch(_ taken: Bool, _ pc: UInt32, _ imm: UInt16, _ newNext: inout UInt32, _ cycle: UInt64) {
        let target = pc &+ 4 &+ (sext(imm) &<< 2)
        if taken { newNext = target }
        if Tracer.isRecording { tracer.pointee.branch(BranchEvent(cycle: cycle, pc: pc, target: target, taken: taken)) }
    }

    /// A branch-likely: when not taken, the delay slot is annulled (skipped without executing).
    @inline(__always)
    mutating func branchLikely(_ taken: Bool, _ pc: UInt32, _ imm: UInt16, _ next: inout UInt32, _ newNext: inout UInt32, _ cycle: UInt64) {
        let target = pc &+ 4 &+ (sext(imm) &<< 2)
        if taken {
            newNext = target
        } else {
            next = next &+ 4
            newNext = next &+ 4
        }
        if Tracer.isRecording { tracer.pointee.branch(BranchEvent(cycle: cycle, pc: pc, target: target, taken: taken)) }
    }

    @inline(__always)
    mutating func traceJump(_ pc: UInt32, _ target: UInt32, _ cycle: UInt64) {
        if Tracer.isRecording { tracer.pointee.branch(BranchEvent(cycle: cycle, pc: pc, target: target, taken: true)) }
    }
}
