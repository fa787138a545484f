/// Runs a program in fast mode, optionally cut into segments.
public enum Executor {
    /// How a run ended.
    public enum Outcome: Hashable, Sendable {
        case exited(code: Int32)
        case faulted(Fault)
        /// `maxCycles` ran out before the program exited.
        case cycleLimitReached
    }

    public struct Result: Sendable {
        public var outcome: Outcome
        public var cycles: UInt64
        /// The segments, when a segment length was given and no segment handler took them.
        public var segments: [Segment]
        /// How many segments the run was cut into (0 without a segment length).
        public var segmentCount: Int
        /// Everything written to fd 3.
        public var publicOutput: [UInt8]
        /// How the kernel ended the run (the exit code, or the signal that killed the program).
        public var halt: Halt?
        /// Console output, when captured.
        public var standardOutput: [UInt8]
        public var standardError: [UInt8]
    }

    /// Runs `machine` until it exits, faults or reaches `maxCycles`.
    ///
    /// - Parameters:
    ///   - segmentCycles: cut the run every this many cycles (a power of two) and record
    ///     each segment's snapshot; nil runs without segmenting.
    ///   - onSegment: receives each segment as soon as it is complete, instead of collecting
    ///     them all in ``Result/segments`` (a long run's snapshots need not all fit in memory).
    ///   - progress: called after each slice of work with the cycle count so far.
    public static func run(_ machine: Machine, maxCycles: UInt64 = .max, segmentCycles: UInt64? = nil,
                           onSegment: ((Segment) -> Void)? = nil, progress: ((UInt64) -> Void)? = nil) -> Result {
        var tracer = NoTracer()
        return run(machine, maxCycles: maxCycles, segmentCycles: segmentCycles, tracer: &tracer,
                   onSegment: onSegment, progress: progress)
    }

    /// ``run(_:maxCycles:segmentCycles:onSegment:progress:)`` reporting every event to `tracer`.
    public static func run<Tracer: ExecutionTracer>(_ machine: Machine, maxCycles: UInt64 = .max, segmentCycles: UInt64? = nil,
                                                    tracer: inout Tracer, onSegment: ((Segment) -> Void)? = nil,
                                                    progress: ((UInt64) -> Void)? = nil) -> Result {
        precondition(segmentCycles.map { $0 > 0 && $0 & ($0 - 1) == 0 } ?? true, "segment length must be a power of two")
        let slice = segmentCycles ?? (1 << 24)
        var segments: [Segment] = []
        var segmentCount = 0
        var reason = StopReason.cycleLimit
        while machine.exitCode == nil, machine.cycles < maxCycles {
            let limit = min(maxCycles, machine.cycles + slice)
            if segmentCycles != nil {
                let (segment, stop) = runSegment(machine, index: segmentCount, until: limit, tracer: &tracer)
                segmentCount += 1
                if let onSegment { onSegment(segment) } else { segments.append(segment) }
                reason = stop
            } else {
                reason = machine.run(until: limit, tracer: &tracer)
            }
            progress?(machine.cycles)
            if case .cycleLimit = reason { continue }
            break
        }
        let outcome: Outcome
        switch reason {
        case let .exited(code): outcome = .exited(code: code)
        case let .fault(fault): outcome = .faulted(fault)
        case .cycleLimit: outcome = machine.exitCode.map { .exited(code: $0) } ?? .cycleLimitReached
        }
        return Result(outcome: outcome, cycles: machine.cycles, segments: segments, segmentCount: segmentCount,
                      publicOutput: machine.io.publicOutput, halt: machine.halt,
                      standardOutput: machine.io.standardOutput, standardError: machine.io.standardError)
    }

    /// Runs one segment from the machine's current state and records its snapshot.
    static func runSegment<Tracer: ExecutionTracer>(_ machine: Machine, index: Int, until limit: UInt64,
                                                    tracer: inout Tracer) -> (Segment, StopReason) {
        let startCycle = machine.cycles
        let start = machine.state
        let inputStart = machine.io.inputPosition
        let map = machine.memory.map
        let outputStart = machine.io.publicOutput.count
        machine.memory.beginTouchTracking()
        let reason = machine.run(until: limit, tracer: &tracer)
        let pages = machine.memory.endTouchTracking()
        var end = Segment.finish(machine, reason: reason, pages: Array(pages.keys))
        end.publicOutput = Array(machine.io.publicOutput[outputStart...])
        let segment = Segment(index: index, startCycle: startCycle, cycleCount: machine.cycles - startCycle,
                              start: start, nullGuardEnd: machine.nullGuardEnd, memoryMap: map, pages: pages,
                              inputPosition: inputStart, input: machine.io.inputWordsRead(since: inputStart), end: end)
        return (segment, reason)
    }
}
