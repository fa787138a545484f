import XCTest

@testable import MIPS

/// ``SegmentChain``: segments given in order must continue one another. `zkmips replay` used to
/// replay whatever files it was given, in any order and repeated; it now checks this first.
final class SegmentChainTests: XCTestCase {
    private var segments: [Segment] { SegmentTests.segmentedRun.segments }

    private func assertChainError(_ chain: [Segment], _ expected: SegmentChainError,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try SegmentChain.validate(chain), file: file, line: line) { error in
            XCTAssertEqual(error as? SegmentChainError, expected, file: file, line: line)
        }
    }

    /// The segment after `segments[0]`, changed by `change`: the chain must name `expected`.
    private func assertBrokenLink(_ expected: [SegmentChainError.Mismatch], _ change: (inout Segment) -> Void,
                                  file: StaticString = #filePath, line: UInt = #line) {
        var next = segments[1]
        change(&next)
        assertChainError([segments[0], next], .discontinuity(position: 1, mismatches: expected), file: file, line: line)
    }

    // MARK: - Chains that hold

    func testARunsSegmentsFormAChain() throws {
        XCTAssertGreaterThan(segments.count, 40)
        try SegmentChain.validate(segments)
        // Any consecutive stretch is a chain too, and so is one segment or none.
        try SegmentChain.validate(segments[5...9])
        try SegmentChain.validate([segments[7]])
        try SegmentChain.validate([Segment]())
        var chain = SegmentChain()
        for segment in segments.prefix(3) { try chain.append(segment) }
        XCTAssertEqual(chain.count, 3)
    }

    /// A run the kernel ends with a signal: every segment after the first starts inside the kernel.
    func testAKilledRunsSegmentsFormAChain() throws {
        let program = FlatProgram([.addiu(rt: .v0, rs: .zero, imm: 1), .break(code: 0)])
        let result = Executor.run(program.makeMachine(), segmentCycles: 256)
        XCTAssertGreaterThan(result.segments.count, 2)
        try SegmentChain.validate(result.segments)
    }

    // MARK: - Order, gaps, duplicates

    func testSegmentsOutOfOrderAreRefused() {
        assertChainError([segments[0], segments[2], segments[1]],
                         .discontinuity(position: 1, mismatches: [.index(expected: 1, found: 2)]))
        assertChainError([segments[1], segments[0]], .discontinuity(position: 1, mismatches: [.index(expected: 2, found: 0)]))
    }

    func testAMissingSegmentIsRefused() {
        assertChainError([segments[0], segments[1], segments[3]],
                         .discontinuity(position: 2, mismatches: [.index(expected: 2, found: 3)]))
    }

    func testDuplicatedSegmentsAreRefused() {
        assertChainError([segments[0], segments[1], segments[1]], .duplicate(index: 1, first: 1, position: 2))
        assertChainError([segments[0], segments[0]], .duplicate(index: 0, first: 0, position: 1))
        assertChainError([segments[0], segments[1], segments[0]], .duplicate(index: 0, first: 0, position: 2))
    }

    // MARK: - Each part of the start state

    func testEachPartOfTheStartStateIsChecked() throws {
        let end = segments[0].end
        assertBrokenLink([.startCycle(expected: end.cycle, found: end.cycle + 1)]) { $0.startCycle += 1 }
        assertBrokenLink([.inputPosition(expected: end.inputPosition, found: end.inputPosition + 1)]) { $0.inputPosition += 1 }
        assertBrokenLink([.nullGuard(expected: segments[0].nullGuardEnd, found: segments[0].nullGuardEnd + 0x1000)]) {
            $0.nullGuardEnd += 0x1000
        }
        assertBrokenLink([.memoryMap]) { $0.memoryMap.map(firstPage: 0x50000, endPage: 0x50001, permissions: [.read], name: "extra") }
        assertBrokenLink([.cpuState(["pc \(hex32(end.state.pc ^ 8)) (expected \(hex32(end.state.pc)))"])]) { $0.start.pc ^= 8 }
        assertBrokenLink([.cpuState(["$t0 \(hex32(end.state[.t0] &+ 1)) (expected \(hex32(end.state[.t0])))"])]) {
            $0.start[.t0] &+= 1
        }
        // A page both segments touch must start as the previous one left it.
        let shared = try XCTUnwrap(segments[1].pages.keys.filter { end.pageDigests[$0] != nil }.min())
        assertBrokenLink([.pages([shared])]) { $0.pages[shared]![5] ^= 0x10 }
    }

    /// Memory is checked against the last segment that touched a page, however far back.
    func testPagesAreCheckedAgainstTheLastSegmentThatTouchedThem() throws {
        // A page of some segment that the segment before it did not touch but an earlier one did
        // (the program writes its four data pages in turn).
        var lastTouch: [UInt32: Int] = [:]
        var found: (segment: Int, page: UInt32)?
        for segment in segments {
            if found == nil, let page = segment.pages.keys.filter({ lastTouch[$0].map { $0 < segment.index - 1 } ?? false }).min() {
                found = (segment.index, page)
            }
            for page in segment.pages.keys { lastTouch[page] = segment.index }
        }
        let (index, page) = try XCTUnwrap(found, "a page skips a segment")
        var changed = segments[index]
        changed.pages[page]![0] ^= 1
        assertChainError(Array(segments.prefix(index)) + [changed], .discontinuity(position: index, mismatches: [.pages([page])]))
        try SegmentChain.validate(segments.prefix(index + 1))
    }

    /// Nothing follows a segment that ended the run.
    func testNothingFollowsTheLastSegment() throws {
        let last = try XCTUnwrap(segments.last)
        XCTAssertEqual(last.end.status, .exited(code: 0))
        var next = last
        next.index += 1
        next.startCycle = last.end.cycle
        next.start = last.end.state
        next.inputPosition = last.end.inputPosition
        next.memoryMap = last.end.memoryMap
        next.pages = [:]
        assertChainError([last, next], .discontinuity(position: 1, mismatches: [.previousEnded(.exited(code: 0))]))
    }

    /// A refused segment leaves the chain as it was, so the right one can still follow.
    func testARefusedAppendChangesNothing() throws {
        var chain = SegmentChain()
        try chain.append(segments[0])
        XCTAssertThrowsError(try chain.append(segments[2]))
        XCTAssertThrowsError(try chain.append(segments[0]))
        XCTAssertEqual(chain.count, 1)
        try chain.append(segments[1])
        XCTAssertEqual(chain.count, 2)
    }

    // MARK: - Messages

    func testMessagesNameTheOffendingFiles() {
        let files = ["a.bin", "b.bin", "c.bin"]
        let duplicate = SegmentChainError.duplicate(index: 1, first: 1, position: 2)
        XCTAssertEqual(duplicate.description { files[$0] }, "c.bin repeats segment 1, already given as b.bin")
        let gap = SegmentChainError.discontinuity(position: 1, mismatches: [.index(expected: 1, found: 2)])
        XCTAssertEqual(gap.description { files[$0] }, "b.bin does not continue a.bin: index 2, expected 1")
        XCTAssertEqual(gap.position, 1)
        let broken = SegmentChainError.discontinuity(position: 2, mismatches: [.startCycle(expected: 5, found: 6), .memoryMap])
        XCTAssertEqual(broken.description { files[$0] },
                       "c.bin does not continue b.bin: starts at cycle 6, expected 5; memory map differs")
        XCTAssertEqual(gap.description, "segment at position 1 does not continue segment at position 0: index 2, expected 1")
    }
}
