/// Why ``Machine/run(until:)`` returned.
public enum StopReason: Hashable, Sendable {
    /// The guest called `exit` or `exit_group`.
    case exited(code: Int32)
    /// The cycle limit was reached; the machine can continue from where it stopped.
    case cycleLimit
    /// The guest faulted; the machine state is as before the faulting instruction.
    case fault(Fault)
}

/// A MIPS32r2 CPU attached to a memory and a Linux-like kernel: the interpreter.
///
/// One cycle is one executed instruction (an annulled branch-likely delay slot does not
/// execute and costs nothing). Delay slots follow the architecture: `pc` is the instruction
/// being executed and `nextPC` the one after it, which a taken branch replaces.
public final class Machine {
    public let memory: Memory
    public let kernel: LinuxKernel
    /// Registers 0…31, then HI (32) and LO (33).
    @usableFromInline let registers: UnsafeMutablePointer<UInt32>
    public var pc: UInt32
    public var nextPC: UInt32
    /// Instructions executed since the program started.
    public internal(set) var cycles: UInt64
    /// Set once the guest has exited.
    public internal(set) var exitCode: Int32?

    static let hiIndex = 32
    static let loIndex = 33

    public init(memory: Memory, state: CPUState, kernel: LinuxKernel, cycles: UInt64 = 0) {
        self.memory = memory
        self.kernel = kernel
        registers = .allocate(capacity: 34)
        registers.initialize(repeating: 0, count: 34)
        pc = state.pc
        nextPC = state.nextPC
        self.cycles = cycles
        self.state = state
    }

    deinit { registers.deallocate() }

    /// Registers, HI/LO and program counters.
    public var state: CPUState {
        get {
            CPUState(registers: Array(UnsafeBufferPointer(start: registers, count: 32)),
                     hi: registers[Self.hiIndex], lo: registers[Self.loIndex], pc: pc, nextPC: nextPC)
        }
        set {
            for index in 0..<32 { registers[index] = newValue.registers[index] }
            registers[0] = 0
            registers[Self.hiIndex] = newValue.hi
            registers[Self.loIndex] = newValue.lo
            pc = newValue.pc
            nextPC = newValue.nextPC
        }
    }

    public subscript(register: Register) -> UInt32 {
        get { registers[register.index] }
        set { if register != .zero { registers[register.index] = newValue } }
    }

    // MARK: - Running

    /// Runs in fast mode until the guest exits, faults, or `cycles` reaches `cycleLimit`.
    public func run(until cycleLimit: UInt64) -> StopReason {
        var tracer = NoTracer()
        return run(until: cycleLimit, tracer: &tracer)
    }

    /// Runs in tracing mode, appending every event to `recorder`, until the guest exits, faults,
    /// or `cycles` reaches `cycleLimit`. (Non-generic, so callers in other modules get the loop
    /// specialised for ``TraceRecorder`` instead of the generic one.)
    public func runTracing(until cycleLimit: UInt64, into recorder: inout TraceRecorder) -> StopReason {
        run(until: cycleLimit, tracer: &recorder)
    }

    /// Runs, reporting events to `tracer`, until the guest exits, faults, or `cycles` reaches
    /// `cycleLimit`.
    public func run<Tracer: ExecutionTracer>(until cycleLimit: UInt64, tracer: inout Tracer) -> StopReason {
        if let exitCode { return .exited(code: exitCode) }
        return withUnsafeMutablePointer(to: &tracer) { pointer in
            var interpreter = Interpreter(machine: self, tracer: pointer)
            return interpreter.run(until: cycleLimit)
        }
    }
}
