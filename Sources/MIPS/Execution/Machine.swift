/// Why ``Machine/run(until:)`` returned.
public enum StopReason: Hashable, Sendable {
    /// The kernel halted the machine (the program exited, or a signal killed it); see
    /// ``Machine/halt``.
    case exited(code: Int32)
    /// The cycle limit was reached; the machine can continue from where it stopped.
    case cycleLimit
    /// The machine faulted; its state is as before the faulting instruction.
    case fault(Fault)
}

/// A MIPS32r2 CPU attached to a memory and the host's I/O: the interpreter.
///
/// The machine knows nothing of Linux. In user mode a `syscall`, a trap, a reserved or
/// floating-point instruction, signed overflow or an access to the null guard pages raises an
/// exception: the machine saves `pc`/`nextPC` in the exception registers, switches to kernel
/// mode and continues at ``KernelLayout/exceptionVector``, where the in-guest kernel answers
/// it with ordinary instructions. In kernel mode `syscall` invokes a ``Primitive`` and `eret`
/// returns to user mode. See `mips-guests/README.md` for the whole contract.
///
/// One cycle is one executed instruction (an annulled branch-likely delay slot does not
/// execute and costs nothing; an instruction that raises an exception costs one cycle). Delay
/// slots follow the architecture: `pc` is the instruction being executed and `nextPC` the one
/// after it, which a taken branch replaces.
public final class Machine {
    public let memory: Memory
    /// Input, public output and console.
    public let io: MachineIO
    /// Registers 0…31, then HI, LO and the system registers (EPC, the exception next pc,
    /// UserLocal): see the index constants below.
    @usableFromInline let registers: UnsafeMutablePointer<UInt32>
    public var pc: UInt32
    public var nextPC: UInt32
    /// Instructions executed since the program started.
    public internal(set) var cycles: UInt64
    /// Accesses below this address raise an exception in user mode (0: no guard).
    public let nullGuardEnd: UInt32
    /// Set once the kernel has halted the machine.
    public internal(set) var halt: Halt?

    static let hiIndex = 32
    static let loIndex = 33
    static let exceptionPCIndex = 34
    static let exceptionNextPCIndex = 35
    static let userLocalIndex = 36
    static let registerCount = 37

    public init(memory: Memory, state: CPUState, io: MachineIO, cycles: UInt64 = 0,
                nullGuardEnd: UInt32 = KernelLayout.nullGuardEnd) {
        self.memory = memory
        self.io = io
        registers = .allocate(capacity: Self.registerCount)
        registers.initialize(repeating: 0, count: Self.registerCount)
        pc = state.pc
        nextPC = state.nextPC
        self.cycles = cycles
        self.nullGuardEnd = nullGuardEnd
        self.state = state
    }

    deinit { registers.deallocate() }

    /// The exit code, once the kernel has halted the machine.
    public var exitCode: Int32? { halt?.exitCode }

    /// Registers, HI/LO, program counters and system state.
    public var state: CPUState {
        get {
            CPUState(registers: Array(UnsafeBufferPointer(start: registers, count: 32)),
                     hi: registers[Self.hiIndex], lo: registers[Self.loIndex], pc: pc, nextPC: nextPC,
                     mode: memory.mode, exceptionPC: registers[Self.exceptionPCIndex],
                     exceptionNextPC: registers[Self.exceptionNextPCIndex], userLocal: registers[Self.userLocalIndex])
        }
        set {
            for index in 0..<32 { registers[index] = newValue.registers[index] }
            registers[0] = 0
            registers[Self.hiIndex] = newValue.hi
            registers[Self.loIndex] = newValue.lo
            registers[Self.exceptionPCIndex] = newValue.exceptionPC
            registers[Self.exceptionNextPCIndex] = newValue.exceptionNextPC
            registers[Self.userLocalIndex] = newValue.userLocal
            memory.switchMode(to: newValue.mode)
            pc = newValue.pc
            nextPC = newValue.nextPC
        }
    }

    public subscript(register: Register) -> UInt32 {
        get { registers[register.index] }
        set { if register != .zero { registers[register.index] = newValue } }
    }

    // MARK: - Running

    /// Runs in fast mode until the kernel halts, the machine faults, or `cycles` reaches
    /// `cycleLimit`.
    public func run(until cycleLimit: UInt64) -> StopReason {
        var tracer = NoTracer()
        return run(until: cycleLimit, tracer: &tracer)
    }

    /// Runs in tracing mode, appending every event to `recorder`, until the kernel halts, the
    /// machine faults, or `cycles` reaches `cycleLimit`. (Non-generic, so callers in other
    /// modules get the loop specialised for ``TraceRecorder`` instead of the generic one.)
    public func runTracing(until cycleLimit: UInt64, into recorder: inout TraceRecorder) -> StopReason {
        run(until: cycleLimit, tracer: &recorder)
    }

    /// Runs, reporting events to `tracer`, until the kernel halts, the machine faults, or
    /// `cycles` reaches `cycleLimit`.
    public func run<Tracer: ExecutionTracer>(until cycleLimit: UInt64, tracer: inout Tracer) -> StopReason {
        if let halt { return .exited(code: halt.exitCode) }
        return withUnsafeMutablePointer(to: &tracer) { pointer in
            var interpreter = Interpreter(machine: self, tracer: pointer)
            return interpreter.run(until: cycleLimit)
        }
    }
}
