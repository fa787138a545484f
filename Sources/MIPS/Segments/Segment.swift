/// A self-contained slice of a run (DESIGN.md §1 step 3): everything needed to re-execute its
/// cycles anywhere — the start state, the pages it touches with their contents at the start
/// (the kernel's state lives in them too), and the input words it reads — plus the end state
/// it must reach, to check a re-execution.
public struct Segment: Hashable, Sendable {
    /// Position in the run, from 0.
    public var index: Int
    /// Global cycle at which the segment starts.
    public var startCycle: UInt64
    /// Cycles the segment executes (the segment length, or fewer for the last one).
    public var cycleCount: UInt64
    /// Registers, HI/LO, pc, nextPC and the system registers at the start.
    public var start: CPUState
    /// The null guard of the machine (see ``Machine/nullGuardEnd``).
    public var nullGuardEnd: UInt32
    /// The mappings `execute` checks, at the start.
    public var memoryMap: MemoryMap
    /// Every page the segment reads, writes or executes, with its contents at the start.
    public var pages: [UInt32: [UInt32]]
    /// Index in the input stream of the first word the segment reads.
    public var inputPosition: Int
    /// The input words the segment reads (``Primitive/readInput``).
    public var input: [UInt32]
    /// Where the segment must end.
    public var end: SegmentEnd

    public init(index: Int, startCycle: UInt64, cycleCount: UInt64, start: CPUState, nullGuardEnd: UInt32,
                memoryMap: MemoryMap, pages: [UInt32: [UInt32]], inputPosition: Int, input: [UInt32], end: SegmentEnd) {
        self.index = index
        self.startCycle = startCycle
        self.cycleCount = cycleCount
        self.start = start
        self.nullGuardEnd = nullGuardEnd
        self.memoryMap = memoryMap
        self.pages = pages
        self.inputPosition = inputPosition
        self.input = input
        self.end = end
    }

    /// A machine positioned at the segment's start, holding only the segment's pages.
    public func makeMachine() -> Machine {
        let memory = Memory(map: memoryMap)
        for (number, words) in pages { memory.setPageContents(number, words) }
        let io = MachineIO(inputWords: input, inputOffset: inputPosition)
        return Machine(memory: memory, state: start, io: io, cycles: startCycle, nullGuardEnd: nullGuardEnd)
    }

    /// Re-executes the segment from its snapshot in fast mode and returns where it ended.
    public func replay() -> SegmentEnd {
        let machine = makeMachine()
        return Segment.finish(machine, reason: machine.run(until: replayLimit), pages: Array(pages.keys))
    }

    /// Re-executes the segment in tracing mode, returning its events and where it ended.
    public func trace() -> (events: TraceRecorder, end: SegmentEnd) {
        let machine = makeMachine()
        var recorder = TraceRecorder(expectedCycles: Int(cycleCount))
        let reason = machine.run(until: replayLimit, tracer: &recorder)
        return (recorder, Segment.finish(machine, reason: reason, pages: Array(pages.keys)))
    }

    /// Where a re-execution stops: after the segment's cycles, or — when the segment ended in a
    /// fault, which costs no cycle — one cycle later, so the faulting instruction is reached.
    var replayLimit: UInt64 {
        if case .faulted = end.status { return startCycle + cycleCount + 1 }
        return startCycle + cycleCount
    }

    /// The end record of a machine that has just run a segment.
    static func finish(_ machine: Machine, reason: StopReason, pages: [UInt32]) -> SegmentEnd {
        let status: SegmentEnd.Status
        switch reason {
        case .cycleLimit: status = .running
        case let .exited(code): status = .exited(code: code)
        case let .fault(fault): status = .faulted(fault)
        }
        return SegmentEnd(cycle: machine.cycles, state: machine.state, inputPosition: machine.io.inputPosition,
                          status: status, publicOutput: machine.io.publicOutput,
                          pagesDigest: SegmentEnd.digest(of: machine.memory, pages: pages))
    }
}

/// How a segment ended.
public struct SegmentEnd: Hashable, Sendable {
    public enum Status: Hashable, Sendable {
        /// The run continues in the next segment.
        case running
        /// The kernel halted the machine with this exit code (128 + signal when a signal killed
        /// the program).
        case exited(code: Int32)
        case faulted(Fault)
    }

    /// Global cycle after the segment.
    public var cycle: UInt64
    public var state: CPUState
    /// Index of the next input word.
    public var inputPosition: Int
    public var status: Status
    /// Bytes the segment wrote to fd 3.
    public var publicOutput: [UInt8]
    /// FNV-1a (64-bit) over the final contents of the segment's pages, ascending by page
    /// number — a consistency check for re-execution, not a commitment (the prover binds
    /// memory with Poseidon).
    public var pagesDigest: UInt64

    public init(cycle: UInt64, state: CPUState, inputPosition: Int, status: Status, publicOutput: [UInt8], pagesDigest: UInt64) {
        self.cycle = cycle
        self.state = state
        self.inputPosition = inputPosition
        self.status = status
        self.publicOutput = publicOutput
        self.pagesDigest = pagesDigest
    }

    static func digest(of memory: Memory, pages: [UInt32]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt32) {
            for shift in stride(from: 24, through: 0, by: -8) {
                hash = (hash ^ UInt64((word >> UInt32(shift)) & 0xff)) &* 0x0000_0100_0000_01b3
            }
        }
        for number in pages.sorted() {
            mix(number)
            for word in memory.pageContents(number) { mix(word) }
        }
        return hash
    }
}
