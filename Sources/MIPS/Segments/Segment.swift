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
        var digests: [UInt32: UInt64] = [:]
        for number in pages { digests[number] = SegmentEnd.digest(ofPage: machine.memory.pageContents(number)) }
        return SegmentEnd(cycle: machine.cycles, state: machine.state, inputPosition: machine.io.inputPosition,
                          status: status, publicOutput: machine.io.publicOutput, memoryMap: machine.memory.map,
                          pageDigests: digests)
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
    /// The mappings at the end: the next segment starts with them.
    public var memoryMap: MemoryMap
    /// For each of the segment's pages, ``digest(ofPage:)`` of its final contents — a
    /// consistency check for re-execution and for ``SegmentChain`` (the next segment that
    /// touches a page must start with these contents), not a commitment (the prover binds
    /// memory with Poseidon).
    public var pageDigests: [UInt32: UInt64]

    public init(cycle: UInt64, state: CPUState, inputPosition: Int, status: Status, publicOutput: [UInt8],
                memoryMap: MemoryMap, pageDigests: [UInt32: UInt64]) {
        self.cycle = cycle
        self.state = state
        self.inputPosition = inputPosition
        self.status = status
        self.publicOutput = publicOutput
        self.memoryMap = memoryMap
        self.pageDigests = pageDigests
    }

    /// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3, from the FNV
    /// reference at www.isthe.com/chongo/tech/comp/fnv), over a page's words as big-endian bytes.
    public static func digest(ofPage words: some Sequence<UInt32>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        // The multiplications are modulo 2^64 by definition, hence `&*`.
        for word in words {
            hash = (hash ^ UInt64(word >> 24)) &* 0x0000_0100_0000_01b3
            hash = (hash ^ UInt64((word >> 16) & 0xff)) &* 0x0000_0100_0000_01b3
            hash = (hash ^ UInt64((word >> 8) & 0xff)) &* 0x0000_0100_0000_01b3
            hash = (hash ^ UInt64(word & 0xff)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
