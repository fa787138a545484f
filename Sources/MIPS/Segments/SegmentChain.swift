/// Checks that segments, in the order given, continue one another: consecutive indices, and
/// each segment starting where the one before it ended — same cycle, CPU state, input position,
/// null guard and memory map, after a segment that is still running, and with the start
/// contents of every page it shares with an earlier segment equal to the contents that segment
/// recorded at its end (``SegmentEnd/pageDigests``). A page no earlier segment of the chain
/// touched is not checked (its contents come from the program image or an earlier run).
///
/// Each segment's own re-execution is ``Segment/replay()``'s business; this only links them.
/// `append` keeps the previous end and one digest per page seen, not the segments, so a long
/// chain can be checked as its files stream past.
public struct SegmentChain: Sendable {
    /// Segments accepted so far.
    public private(set) var count = 0
    private var previous: (index: Int, nullGuardEnd: UInt32, end: SegmentEnd)?
    /// Position (in the order given) of each index seen, to name a duplicate's twin.
    private var positions: [Int: Int] = [:]
    /// The last recorded contents (``SegmentEnd/digest(ofPage:)``) of every page seen so far.
    private var pageDigests: [UInt32: UInt64] = [:]

    public init() {}

    /// Checks `segments` in order; the first break is thrown.
    public static func validate(_ segments: some Sequence<Segment>) throws(SegmentChainError) {
        var chain = SegmentChain()
        for segment in segments { try chain.append(segment) }
    }

    /// Adds the next segment, or throws (and stays unchanged) if it does not continue the chain.
    public mutating func append(_ segment: Segment) throws(SegmentChainError) {
        let position = count
        if let first = positions[segment.index] {
            throw .duplicate(index: segment.index, first: first, position: position)
        }
        if let previous {
            let mismatches = Self.mismatches(after: previous, next: segment, pageDigests: pageDigests)
            if !mismatches.isEmpty { throw .discontinuity(position: position, mismatches: mismatches) }
        }
        positions[segment.index] = position
        pageDigests.merge(segment.end.pageDigests) { $1 }
        previous = (segment.index, segment.nullGuardEnd, segment.end)
        count += 1
    }

    private static func mismatches(after previous: (index: Int, nullGuardEnd: UInt32, end: SegmentEnd), next: Segment,
                                   pageDigests: [UInt32: UInt64]) -> [SegmentChainError.Mismatch] {
        // A wrong index says it all (a gap, or the order is wrong): the rest would differ too.
        guard next.index == previous.index + 1 else { return [.index(expected: previous.index + 1, found: next.index)] }
        let end = previous.end
        var result: [SegmentChainError.Mismatch] = []
        if end.status != .running { result.append(.previousEnded(end.status)) }
        if next.startCycle != end.cycle { result.append(.startCycle(expected: end.cycle, found: next.startCycle)) }
        if next.start != end.state { result.append(.cpuState(next.start.differences(from: end.state))) }
        if next.inputPosition != end.inputPosition {
            result.append(.inputPosition(expected: end.inputPosition, found: next.inputPosition))
        }
        if next.nullGuardEnd != previous.nullGuardEnd {
            result.append(.nullGuard(expected: previous.nullGuardEnd, found: next.nullGuardEnd))
        }
        if next.memoryMap != end.memoryMap { result.append(.memoryMap) }
        let pages = next.pages.compactMap { number, words -> UInt32? in
            guard let recorded = pageDigests[number] else { return nil }
            return SegmentEnd.digest(ofPage: words) == recorded ? nil : number
        }
        if !pages.isEmpty { result.append(.pages(pages.sorted())) }
        return result
    }
}

/// Why segments do not form a chain. Positions count the segments in the order given, from 0.
public enum SegmentChainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The segment at `position` has the same index as the one at `first`.
    case duplicate(index: Int, first: Int, position: Int)
    /// The segment at `position` does not continue the one at `position - 1`.
    case discontinuity(position: Int, mismatches: [Mismatch])

    public enum Mismatch: Hashable, Sendable, CustomStringConvertible {
        /// Not the next index: a segment is missing, or the order is wrong.
        case index(expected: Int, found: Int)
        /// The previous segment ended the run (exit or fault); nothing follows it.
        case previousEnded(SegmentEnd.Status)
        case startCycle(expected: UInt64, found: UInt64)
        /// The start CPU state differs from the previous end state, in these fields.
        case cpuState([String])
        case inputPosition(expected: Int, found: Int)
        case nullGuard(expected: UInt32, found: UInt32)
        /// The start memory map differs from the previous end map.
        case memoryMap
        /// Pages whose start contents differ from the contents an earlier segment recorded.
        case pages([UInt32])

        public var description: String {
            switch self {
            case let .index(expected, found): return "index \(found), expected \(expected)"
            case let .previousEnded(status): return "the previous segment ended the run (\(status))"
            case let .startCycle(expected, found): return "starts at cycle \(found), expected \(expected)"
            case let .cpuState(fields): return "CPU state differs: " + fields.joined(separator: ", ")
            case let .inputPosition(expected, found): return "input position \(found), expected \(expected)"
            case let .nullGuard(expected, found): return "null guard ends at \(hex32(found)), expected \(hex32(expected))"
            case .memoryMap: return "memory map differs"
            case let .pages(numbers):
                let shown = numbers.prefix(8).map { hex32($0 << 12) }.joined(separator: ", ")
                return "start contents of \(numbers.count) page(s) differ (\(shown)\(numbers.count > 8 ? ", …" : ""))"
            }
        }
    }

    /// The position of the offending segment.
    public var position: Int {
        switch self {
        case let .duplicate(_, _, position), let .discontinuity(position, _): return position
        }
    }

    /// The message, with `name` turning a position into what the user knows (a file name).
    public func description(naming name: (Int) -> String) -> String {
        switch self {
        case let .duplicate(index, first, position):
            return "\(name(position)) repeats segment \(index), already given as \(name(first))"
        case let .discontinuity(position, mismatches):
            return "\(name(position)) does not continue \(name(position - 1)): "
                + mismatches.map(\.description).joined(separator: "; ")
        }
    }

    public var description: String { description { "segment at position \($0)" } }
}

extension CPUState {
    /// The fields that differ from `other`, as "field value (other value)".
    public func differences(from other: CPUState) -> [String] {
        var result: [String] = []
        func compare(_ name: String, _ mine: UInt32, _ theirs: UInt32) {
            if mine != theirs { result.append("\(name) \(hex32(mine)) (expected \(hex32(theirs)))") }
        }
        for index in 0..<32 { compare(Register(UInt32(index)).description, registers[index], other.registers[index]) }
        compare("hi", hi, other.hi)
        compare("lo", lo, other.lo)
        compare("pc", pc, other.pc)
        compare("nextPC", nextPC, other.nextPC)
        compare("EPC", exceptionPC, other.exceptionPC)
        compare("exception nextPC", exceptionNextPC, other.exceptionNextPC)
        compare("UserLocal", userLocal, other.userLocal)
        if mode != other.mode { result.append("mode \(mode) (expected \(other.mode))") }
        return result
    }
}
