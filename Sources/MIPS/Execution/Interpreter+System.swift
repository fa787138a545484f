/// Exceptions, kernel mode and the primitives.
extension Interpreter {
    /// Exception entry: EPC = the excepting instruction, the exception next pc = its `nextPC`,
    /// kernel mode, continue at the exception vector. The kernel reads the instruction at EPC
    /// to learn why (DESIGN.md §1 step 2: the machine records no cause).
    @inline(never)
    mutating func enterKernel(pc: inout UInt32, next: inout UInt32, cycle: UInt64) {
        if Tracer.isRecording { tracer.pointee.exception(ExceptionEvent(cycle: cycle, pc: pc, nextPC: next)) }
        setRegister(Machine.exceptionPCIndex, pc)
        setRegister(Machine.exceptionNextPCIndex, next)
        memory.switchMode(to: .kernel)
        pc = KernelLayout.exceptionVector
        next = KernelLayout.exceptionVector &+ 4
    }

    /// `mfc0`, `mtc0` and `eret` are privileged: in user mode they raise a coprocessor-unusable
    /// exception (the kernel delivers SIGILL).
    @inline(__always)
    func requireKernelMode(_ instruction: Instruction) throws(Stop) {
        if memory.mode == .user {
            throw Stop.exception(.illegalInstruction(IllegalInstruction(word: instruction.word, reason: .privileged)))
        }
    }

    /// Where CP0 register (rd, sel) lives in the register file.
    @inline(__always)
    func systemRegisterIndex(_ rd: UInt8, _ sel: UInt8) throws(Stop) -> Int {
        guard let register = SystemRegister(rd: rd, sel: sel) else { throw Stop.fault(.unknownSystemRegister(rd: rd, sel: sel)) }
        return register.index
    }

    /// A `syscall` in kernel mode: the primitive numbered `$v0` (see ``Primitive``).
    @inline(never)
    mutating func primitive(cycle: UInt64) throws(Stop) {
        let a0 = regs[4], a1 = regs[5], a2 = regs[6], a3 = regs[7]
        guard let primitive = Primitive(rawValue: regs[Register.v0.index]) else {
            throw Stop.fault(.unknownPrimitive(regs[Register.v0.index]))
        }
        defer {
            if Tracer.isRecording, primitive.isProven {
                tracer.pointee.primitive(PrimitiveEvent(cycle: cycle, primitive: primitive, a0: a0, a1: a1,
                                                        v0: regs[Register.v0.index], v1: regs[Register.v1.index]))
            }
        }
        switch primitive {
        case .halt:
            machine.halt = Halt(exitCode: Int32(bitPattern: a0), signal: a1, faultPC: a2, faultAddress: a3)
            throw Stop.exit(code: Int32(bitPattern: a0))
        case .readInput:
            setRegister(Register.v0.index, machine.io.nextInputWord())
        case .writeOutput:
            guard (1...4).contains(a1) else { throw Stop.fault(.badPrimitiveOperand(primitive, detail: "byte count \(a1) is not 1…4")) }
            machine.io.appendOutput(a0, byteCount: Int(a1))
        case .console:
            guard a0 == 1 || a0 == 2 else { throw Stop.fault(.badPrimitiveOperand(primitive, detail: "fd \(a0) is not 1 or 2")) }
            machine.io.console(Int32(a0), memory.peekBytes(at: a1, count: Int(min(a2, 1 << 24))))
        case .cycleCounter:
            setRegister(Register.v0.index, UInt32(truncatingIfNeeded: cycle))
            setRegister(Register.v1.index, UInt32(truncatingIfNeeded: cycle >> 32))
        case .mapHint:
            try applyMapHint(start: a0, length: a1, permissions: a2, kind: a3)
        case .panic:
            let message = String(decoding: memory.peekBytes(at: a0, count: Int(min(a1, 4096))), as: UTF8.self)
            throw Stop.fault(.kernelPanic(message))
        case .traceSyscall:
            if Tracer.isRecording {
                let bytes = memory.peekBytes(at: a1, count: 16)
                let arguments = (0..<4).map { index in
                    bytes[4 * index..<4 * index + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                }
                tracer.pointee.syscall(SyscallEvent(cycle: cycle, number: a0, arguments: arguments, result: a2, errorFlag: a3))
            }
        }
    }

    /// Mirrors one of the kernel's mapping changes in the memory map `execute` checks. Nothing
    /// may be mapped in the null guard (the guard is proven semantics; the map must agree).
    private func applyMapHint(start: UInt32, length: UInt32, permissions bits: UInt32, kind: UInt32) throws(Stop) {
        if bits & 0x100 == 0, start < machine.nullGuardEnd {
            throw Stop.fault(.badPrimitiveOperand(.mapHint, detail: "a mapping at \(hex32(start)), inside the null guard"))
        }
        let size = UInt64(length)
        if bits & 0x100 != 0 {
            memory.unmapRange(start: start, size: size)
            return
        }
        var permissions: Permissions = []
        if bits & 1 != 0 { permissions.insert(.read) }
        if bits & 2 != 0 { permissions.insert(.write) }
        if bits & 4 != 0 { permissions.insert([.execute, .read]) }
        let names = ["mmap", "heap", "stack"]
        memory.mapRange(start: start, size: size, permissions: permissions, name: names[Int(min(kind, 2))])
    }
}
