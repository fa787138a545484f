import XCTest

@testable import MIPS

/// Paged memory: permissions, touch tracking, decoded-code invalidation, and the memory map.
final class MemoryTests: XCTestCase {
    // MARK: - Permissions

    /// Pages 0x10 r--, 0x11 rw-, 0x12 r-x, 0x13 ---; everything else unmapped.
    private func makeMemory() -> Memory {
        var map = MemoryMap()
        map.map(firstPage: 0x10, endPage: 0x11, permissions: .read, name: "rodata")
        map.map(firstPage: 0x11, endPage: 0x12, permissions: [.read, .write], name: "data")
        map.map(firstPage: 0x12, endPage: 0x13, permissions: [.read, .execute], name: "text")
        map.map(firstPage: 0x13, endPage: 0x14, permissions: [], name: "guard")
        let memory = Memory(map: map)
        for page: UInt32 in 0x10...0x13 {
            memory.setPageContents(page, (0..<UInt32(Memory.wordsPerPage)).map { page << 16 | $0 })
        }
        return memory
    }

    private func assertMemoryFault(_ expected: MemoryFault, file: StaticString = #filePath, line: UInt = #line,
                                   _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual(error as? MemoryFault, expected, file: file, line: line)
        }
    }

    func testPermissions() throws {
        let memory = makeMemory()
        XCTAssertEqual(try memory.word(at: 0x10004), 0x10_0001)
        assertMemoryFault(.protection(address: 0x10004, needed: .write, has: .read)) { try memory.setWord(1, at: 0x10004) }
        try memory.setWord(0xabcd, at: 0x11008)
        XCTAssertEqual(try memory.word(at: 0x11008), 0xabcd)
        XCTAssertEqual(try memory.word(at: 0x12000), 0x12_0000)
        assertMemoryFault(.protection(address: 0x12000, needed: .write, has: [.read, .execute])) { try memory.setWord(1, at: 0x12000) }
        assertMemoryFault(.protection(address: 0x13000, needed: .read, has: [])) { _ = try memory.word(at: 0x13000) }
        assertMemoryFault(.unmapped(address: 0x14000)) { _ = try memory.word(at: 0x14000) }
        assertMemoryFault(.unmapped(address: 0xffc)) { try memory.setWord(1, at: 0xffc) }
        assertMemoryFault(.unaligned(address: 0x11002, size: 4)) { _ = try memory.word(at: 0x11002) }
        assertMemoryFault(.protection(address: 0x10000, needed: .write, has: .read)) { try memory.writeBytes([1], at: 0x10000) }
        XCTAssertEqual(try memory.readBytes(at: 0x11009, count: 3), [0x00, 0xab, 0xcd])
        XCTAssertEqual(try memory.word(at: 0x10004), 0x10_0001, "the failed store changed nothing")
    }

    /// Fetching from a page without execute permission faults, even when it is readable, and
    /// the fault reports the word there.
    func testNoExecute() {
        var image = FlatProgram([.jr(rs: .a0, hint: false), .sll(rd: .zero, rt: .zero, sa: 0)], at: 0x12000,
                                registers: [.a0: 0x11000]).image
        image.map = makeMemory().map
        image.pages[0x11] = Array(repeating: Instruction.addiu(rt: .v0, rs: .zero, imm: 1).word, count: Memory.wordsPerPage)
        let machine = image.makeMachine()
        let stop = machine.run(until: 10)
        assertFault(stop, .memory(.protection(address: 0x11000, needed: .execute, has: [.read, .write])),
                    pc: 0x11000, word: Instruction.addiu(rt: .v0, rs: .zero, imm: 1).word)
        XCTAssertEqual(machine.cycles, 2)
        XCTAssertEqual(machine[.v0], 0)
    }

    func testStoreIntoReadOnlyCodeFaults() {
        var image = FlatProgram([.sw(rt: .a1, base: .a0, imm: 0)], at: 0x12000, registers: [.a0: 0x12000, .a1: 7]).image
        image.map = makeMemory().map
        let machine = image.makeMachine()
        assertFault(machine.run(until: 10), .memory(.protection(address: 0x12000, needed: .write, has: [.read, .execute])),
                    pc: 0x12000, word: Instruction.sw(rt: .a1, base: .a0, imm: 0).word)
        XCTAssertEqual(machine.word(at: 0x12000), Instruction.sw(rt: .a1, base: .a0, imm: 0).word)
    }

    // MARK: - Touch tracking

    func testTouchTrackingRecordsContentsBeforeTheFirstAccess() throws {
        let memory = Memory(map: .flat)
        let p5: UInt32 = 5 << 12, p6: UInt32 = 6 << 12, p7: UInt32 = 7 << 12
        try memory.setWord(0x11, at: p5)
        try memory.setWord(0x22, at: p6)
        _ = try memory.word(at: p5)  // both pages are now in the fast tables
        XCTAssertNil(memory.touchedPages)

        memory.beginTouchTracking()
        XCTAssertEqual(memory.touchedPages?.isEmpty, true)
        try memory.setWord(0x33, at: p5)  // first touch is a write: records 0x11
        try memory.setWord(0x44, at: p5)
        _ = try memory.word(at: p6 + 4)  // first touch is a read: records 0x22
        try memory.setWord(0x55, at: p6)
        _ = try memory.word(at: p7)  // never written: recorded as zeros
        _ = memory.pageContents(8)  // host inspection is not a touch
        let touched = memory.endTouchTracking()
        XCTAssertNil(memory.touchedPages)

        XCTAssertEqual(Set(touched.keys), [5, 6, 7])
        XCTAssertEqual(touched[5]?[0], 0x11)
        XCTAssertEqual(touched[6]?[0], 0x22)
        XCTAssertEqual(touched[7], Array(repeating: 0, count: Memory.wordsPerPage))
        XCTAssertEqual(touched[5]?.count, Memory.wordsPerPage)
        XCTAssertEqual(try memory.word(at: p5), 0x44, "tracking does not change memory")

        // A second tracking period starts from the current contents.
        memory.beginTouchTracking()
        try memory.setWord(0x66, at: p5)
        XCTAssertEqual(memory.endTouchTracking()[5]?[0], 0x44)
    }

    func testTouchTrackingRecordsFetchesAndUnmappedPages() throws {
        let program = FlatProgram([.addiu(rt: .v0, rs: .zero, imm: 1), .addiu(rt: .v1, rs: .zero, imm: 2)])
        let machine = program.makeMachine()
        XCTAssertEqual(machine.run(until: 1), .cycleLimit)
        try machine.memory.setWord(0x77, at: 0x0900_0000)
        machine.memory.beginTouchTracking()
        XCTAssertEqual(machine.run(until: 2), .cycleLimit)
        // Unmapping changes no contents, so a page the period has not touched stays unrecorded.
        machine.memory.unmapRange(start: 0x0900_0000, size: 0x1000)
        let touched = machine.memory.endTouchTracking()
        XCTAssertEqual(Set(touched.keys), [program.origin >> 12])
        XCTAssertEqual(touched[program.origin >> 12]?[0], program.instructions[0].word)
        XCTAssertEqual(machine.memory.pageContents(0x0900_0000 >> 12)[0], 0x77)
    }

    // MARK: - Self-modifying code

    /// Runs slot 0 (v0 = 1), overwrites it with `addiu v0, $zero, 2`, runs it again, then `end`
    /// (at index 11).
    private static func selfModifying(end: [Instruction]) -> FlatProgram {
        let newWord = Instruction.addiu(rt: .v0, rs: .zero, imm: 2).word
        let code: [Instruction] = [
            .addiu(rt: .v0, rs: .zero, imm: 1),  // 0: rewritten
            .bne(rs: .v1, rt: .zero, imm: Assembler.branchOffset(from: 1, to: 11)),  // 1: second pass → done
            .sll(rd: .zero, rt: .zero, sa: 0),  // 2
        ] + Assembler.load(.t0, FlatProgram.defaultOrigin)  // 3, 4
            + Assembler.load(.t1, newWord) + [  // 5, 6
            .sw(rt: .t1, base: .t0, imm: 0),  // 7
            .addiu(rt: .v1, rs: .zero, imm: 1),  // 8
            .beq(rs: .zero, rt: .zero, imm: Assembler.branchOffset(from: 9, to: 0)),  // 9
            .sll(rd: .zero, rt: .zero, sa: 0),  // 10
        ] + end  // 11
        return FlatProgram(code)
    }

    func testStoreIntoExecutedCodeTakesEffect() {
        let program = Self.selfModifying(end: [.break(code: 0)])
        let machine = program.makeMachine()
        assertBreak(machine.run(toUserAddress: program.address(11), cycles: 100))
        XCTAssertEqual(machine[.v0], 2, "the rewritten instruction ran")
        XCTAssertEqual(machine.cycles, 11 + 3)
    }

    /// The same across segment boundaries, where touch tracking flushes the fast tables but
    /// keeps decoded pages; the program exits with the v0 the rewritten instruction set.
    func testStoreIntoExecutedCodeTakesEffectAcrossSegments() {
        let program = Self.selfModifying(end: [.addu(rd: .a0, rs: .v0, rt: .zero)] + Assembler.load(.v0, 4246)
                                            + [.syscall(code: 0)])
        let machine = program.makeMachine()
        let result = Executor.run(machine, maxCycles: 100_000, segmentCycles: 4)
        XCTAssertEqual(result.outcome, .exited(code: 2), "the rewritten instruction ran")
        XCTAssertGreaterThan(result.segments.count, 2)
        for segment in result.segments {
            XCTAssertEqual(segment.replay(), segment.end, "segment \(segment.index)")
        }
    }

    /// A syscall writing into code (read from fd 0) also drops the stale decoding.
    func testKernelWriteIntoExecutedCodeTakesEffect() {
        let newWord = Instruction.addiu(rt: .v0, rs: .zero, imm: 7).word
        let target = FlatProgram.defaultOrigin + 4 * 13
        var code: [Instruction] = [.sll(rd: .zero, rt: .zero, sa: 0)]
        code += Assembler.syscall(4003, 0, target, 4)  // 1…9: read(0, target, 4)
        code += [
            .addiu(rt: .v0, rs: .zero, imm: 0),  // 10
            .beq(rs: .zero, rt: .zero, imm: Assembler.branchOffset(from: 11, to: 13)),  // 11
            .sll(rd: .zero, rt: .zero, sa: 0),  // 12
            .addiu(rt: .v0, rs: .zero, imm: 1),  // 13: replaced before it runs, but its page was decoded
            .break(code: 0),  // 14
        ]
        let program = FlatProgram(code)
        let machine = program.makeMachine(input: Assembler.bytes(of: newWord))
        assertBreak(machine.run(toUserAddress: program.address(14), cycles: 20_000))
        XCTAssertEqual(machine[.v0], 7)
    }

    /// Host writes (loader, snapshot restore) into a decoded page also take effect.
    func testHostWriteIntoExecutedCodeTakesEffect() {
        let program = FlatProgram([.addiu(rt: .v0, rs: .zero, imm: 1), .addiu(rt: .v0, rs: .zero, imm: 2)])
        let machine = program.makeMachine()
        XCTAssertEqual(machine.run(until: 1), .cycleLimit)
        machine.memory.initialize(bytes: Assembler.bytes(of: Instruction.addiu(rt: .v0, rs: .zero, imm: 3).word),
                                  at: program.address(1))
        XCTAssertEqual(machine.run(until: 2), .cycleLimit)
        XCTAssertEqual(machine[.v0], 3)

        var words = machine.memory.pageContents(program.origin >> 12)
        words[2] = Instruction.addiu(rt: .v0, rs: .zero, imm: 4).word
        machine.memory.setPageContents(program.origin >> 12, words)
        XCTAssertEqual(machine.run(until: 3), .cycleLimit)
        XCTAssertEqual(machine[.v0], 4)
    }

    // MARK: - Mapping through Memory

    /// Memory is flat: mapping, unmapping and protecting change only what `execute` allows, never
    /// the contents (the kernel zeroes what it hands out).
    func testMappingChangesPermissionsNotContents() throws {
        let memory = Memory(map: MemoryMap())
        memory.mapRange(start: 0x2000_0000, size: 0x3000, permissions: [.read, .write], name: "heap")
        try memory.setWord(1, at: 0x2000_0000)
        try memory.setWord(2, at: 0x2000_2000)
        XCTAssertEqual(memory.residentPages.count, 2)
        memory.mapRange(start: 0x2000_2000, size: 1, permissions: .read, name: "ro")
        XCTAssertEqual(try memory.word(at: 0x2000_2000), 2, "remapping keeps the contents")
        XCTAssertThrowsError(try memory.setWord(3, at: 0x2000_2000))
        XCTAssertEqual(try memory.word(at: 0x2000_0000), 1)
        memory.unmapRange(start: 0x2000_0000, size: 0x1000)
        XCTAssertThrowsError(try memory.word(at: 0x2000_0000))
        XCTAssertEqual(memory.pageContents(0x2_0000)[0], 1, "unmapping keeps the contents")
        memory.mapRange(start: 0x2000_0000, size: 0x1000, permissions: .read, name: "again")
        XCTAssertEqual(try memory.word(at: 0x2000_0000), 1, "mapped again: the old word is still there")
        XCTAssertTrue(memory.protectRange(start: 0x2000_1000, size: 0x2000, permissions: []))
        XCTAssertThrowsError(try memory.word(at: 0x2000_1000))
        XCTAssertFalse(memory.protectRange(start: 0x2000_3000, size: 0x2000, permissions: .read), "part unmapped")
        XCTAssertEqual(memory.map.region(containing: 0x2000_1)?.permissions, [])
        XCTAssertEqual(memory.pageContents(0x2_0002)[0], 2)
    }

    /// Kernel-only memory is reachable in kernel mode only; the mode selects the fast tables.
    func testKernelMemoryIsReachableInKernelModeOnly() throws {
        var map = MemoryMap()
        map.map(firstPage: 0x10, endPage: 0x11, permissions: [.read, .write], name: "data")
        map.map(firstPage: 0x80000, endPage: 0x80001, permissions: [.read, .write, .execute, .kernel], name: "kernel")
        let memory = Memory(map: map)
        XCTAssertEqual(memory.mode, .user)
        XCTAssertThrowsError(try memory.setWord(1, at: 0x8000_0000)) { error in
            XCTAssertEqual(error as? MemoryFault, .kernelMemory(address: 0x8000_0000))
        }
        memory.switchMode(to: .kernel)
        try memory.setWord(0x1234, at: 0x8000_0000)
        try memory.setWord(0x5678, at: 0x10000)
        XCTAssertEqual(try memory.word(at: 0x8000_0000), 0x1234)
        XCTAssertThrowsError(try memory.word(at: 0x2000_0000), "kernel mode still needs a mapping") { error in
            XCTAssertEqual(error as? MemoryFault, .unmapped(address: 0x2000_0000))
        }
        memory.switchMode(to: .user)
        XCTAssertThrowsError(try memory.word(at: 0x8000_0000), "the kernel's installed page is not in the user tables") { error in
            XCTAssertEqual(error as? MemoryFault, .kernelMemory(address: 0x8000_0000))
        }
        XCTAssertEqual(try memory.word(at: 0x10000), 0x5678)
    }

    func testPageRange() {
        XCTAssertTrue(Memory.pageRange(start: 0x1000, size: 0x1000) == (1, 2))
        XCTAssertTrue(Memory.pageRange(start: 0x1001, size: 0x1000) == (1, 3))
        XCTAssertTrue(Memory.pageRange(start: 0x1fff, size: 1) == (1, 2))
        XCTAssertTrue(Memory.pageRange(start: 0xffff_f000, size: 0x2000) == (0xfffff, 0x100000), "clamped at 4 GiB")
    }

    // MARK: - MemoryMap

    private func describe(_ map: MemoryMap) -> [String] {
        map.regions.map { "\($0.firstPage)-\($0.endPage) \($0.permissions) \($0.name)" }
    }

    func testMapUnmapProtectSplitRegions() {
        var map = MemoryMap()
        map.map(firstPage: 30, endPage: 40, permissions: [.read, .execute], name: "b")
        map.map(firstPage: 10, endPage: 20, permissions: [.read, .write], name: "a")
        XCTAssertEqual(describe(map), ["10-20 rw- a", "30-40 r-x b"])
        XCTAssertNil(map.region(containing: 9))
        XCTAssertEqual(map.region(containing: 10)?.name, "a")
        XCTAssertEqual(map.region(containing: 19)?.name, "a")
        XCTAssertNil(map.region(containing: 20))
        XCTAssertEqual(map.region(containing: 39)?.name, "b")
        XCTAssertNil(map.region(containing: 40))

        map.unmap(firstPage: 12, endPage: 14)
        XCTAssertEqual(describe(map), ["10-12 rw- a", "14-20 rw- a", "30-40 r-x b"])

        XCTAssertFalse(map.protect(firstPage: 15, endPage: 35, permissions: .read), "pages 20…29 are unmapped")
        XCTAssertEqual(describe(map), ["10-12 rw- a", "14-20 rw- a", "30-40 r-x b"], "a failed protect changes nothing")

        XCTAssertTrue(map.protect(firstPage: 16, endPage: 18, permissions: .read))
        XCTAssertEqual(describe(map), ["10-12 rw- a", "14-16 rw- a", "16-18 r-- a", "18-20 rw- a", "30-40 r-x b"])
        XCTAssertTrue(map.protect(firstPage: 17, endPage: 20, permissions: []))
        XCTAssertEqual(describe(map), ["10-12 rw- a", "14-16 rw- a", "16-17 r-- a", "17-18 --- a", "18-20 --- a", "30-40 r-x b"])

        // Mapping over existing regions replaces them.
        map.map(firstPage: 11, endPage: 31, permissions: .all, name: "c")
        XCTAssertEqual(describe(map), ["10-11 rw- a", "11-31 rwx c", "31-40 r-x b"])
        XCTAssertTrue(map.isFree(firstPage: 0, endPage: 10))
        XCTAssertFalse(map.isFree(firstPage: 5, endPage: 11))
        XCTAssertTrue(map.isFree(firstPage: 40, endPage: 50))

        map.unmap(firstPage: 0, endPage: Memory.pageCount)
        XCTAssertEqual(map.regions, [])
        XCTAssertEqual(MemoryMap.flat.regions.count, 1)
        XCTAssertEqual(MemoryMap.flat.region(containing: Memory.pageCount - 1)?.permissions, .all)
    }

    // (Placing anonymous mappings — the highest free range below the mmap top — is the
    // kernel's job now: KernelMemoryTests.testMmapPlacementMatchesTheHighestFreeGap.)
}
