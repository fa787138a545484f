/// Receives events while the interpreter runs. The interpreter is generic over its tracer, so
/// with ``NoTracer`` every hook compiles away and the fast mode pays nothing for tracing.
public protocol ExecutionTracer {
    /// Whether the tracer records anything. `false` lets the interpreter skip work that exists
    /// only to feed hooks (e.g. reading the previous value of a stored word).
    static var isRecording: Bool { get }
    mutating func instruction(_ event: InstructionEvent)
    mutating func alu(_ event: ALUEvent)
    mutating func memory(_ event: MemoryEvent)
    mutating func branch(_ event: BranchEvent)
    mutating func syscall(_ event: SyscallEvent)
    mutating func exception(_ event: ExceptionEvent)
    mutating func primitive(_ event: PrimitiveEvent)
    /// Register `index` (1–36) was written with `value` in the current cycle (the one of the
    /// last `instruction` event).
    mutating func registerWrite(index: Int, value: UInt32)
}

extension ExecutionTracer {
    /// Tracers that do not care about the system events need not implement them.
    @inline(__always) public mutating func exception(_ event: ExceptionEvent) {}
    @inline(__always) public mutating func primitive(_ event: PrimitiveEvent) {}
    @inline(__always) public mutating func registerWrite(index: Int, value: UInt32) {}
}

/// The tracer of fast mode: records nothing.
public struct NoTracer: ExecutionTracer {
    public init() {}
    public static var isRecording: Bool { false }
    @inline(__always) public mutating func instruction(_ event: InstructionEvent) {}
    @inline(__always) public mutating func alu(_ event: ALUEvent) {}
    @inline(__always) public mutating func memory(_ event: MemoryEvent) {}
    @inline(__always) public mutating func branch(_ event: BranchEvent) {}
    @inline(__always) public mutating func syscall(_ event: SyscallEvent) {}
}

/// Records every event in arrays, for one segment.
public struct TraceRecorder: ExecutionTracer {
    public var instructions: [InstructionEvent] = []
    public var aluOperations: [ALUEvent] = []
    public var memoryAccesses: [MemoryEvent] = []
    public var branches: [BranchEvent] = []
    public var syscalls: [SyscallEvent] = []
    public var exceptions: [ExceptionEvent] = []
    public var primitives: [PrimitiveEvent] = []
    public var registerWrites: [RegisterWriteEvent] = []

    /// - Parameter expectedCycles: capacity to reserve for instruction events.
    public init(expectedCycles: Int = 0) {
        instructions.reserveCapacity(expectedCycles)
        aluOperations.reserveCapacity(expectedCycles)
        memoryAccesses.reserveCapacity(expectedCycles / 2)
        branches.reserveCapacity(expectedCycles / 4)
        registerWrites.reserveCapacity(expectedCycles)
    }

    public static var isRecording: Bool { true }
    @inline(__always) public mutating func instruction(_ event: InstructionEvent) { instructions.append(event) }
    @inline(__always) public mutating func alu(_ event: ALUEvent) { aluOperations.append(event) }
    @inline(__always) public mutating func memory(_ event: MemoryEvent) { memoryAccesses.append(event) }
    @inline(__always) public mutating func branch(_ event: BranchEvent) { branches.append(event) }
    @inline(__always) public mutating func syscall(_ event: SyscallEvent) { syscalls.append(event) }
    @inline(__always) public mutating func exception(_ event: ExceptionEvent) { exceptions.append(event) }
    @inline(__always) public mutating func primitive(_ event: PrimitiveEvent) { primitives.append(event) }
    @inline(__always) public mutating func registerWrite(index: Int, value: UInt32) {
        registerWrites.append(RegisterWriteEvent(cycle: instructions.last?.cycle ?? 0, index: UInt8(index), value: value))
    }
}
