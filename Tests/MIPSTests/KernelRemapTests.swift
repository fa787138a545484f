import XCTest

@testable import MIPS

/// Changing existing mappings (`mips-guests/kernel/memory.c`): mprotect (also of executable
/// mappings), mremap (in place, moved, to a fixed address) and madvise. The guest's loads,
/// stores and fetches afterwards show what the machine was told.
final class KernelRemapTests: KernelTestCase {
    private typealias N = SyscallNumber

    func testMprotectThenWriteFaults() throws {
        let machine = try makeMachine()
        let a = map(machine, 0, 0x2000)
        assertStore(machine, a, 7)
        XCTAssertEqual(success(machine, N.mprotect, a, 0x1000, Self.protRead), 0)
        assertFault(guestStore(machine, a + 8, 9), .memory(.protection(address: a + 8, needed: .write, has: .read)),
                    pc: Stub.store, word: Stub.storeWord)
        assertLoad(machine, a, 7, "still readable, unchanged")
        assertLoad(machine, a + 8, 0)
        assertStore(machine, a + 0x1000, 1)
        XCTAssertEqual(success(machine, N.mprotect, a, 0x1000, 0), 0)  // PROT_NONE: even loads fault
        assertFault(guestLoad(machine, a).0, .memory(.protection(address: a, needed: .read, has: [])),
                    pc: Stub.load, word: Stub.loadWord)
        XCTAssertEqual(success(machine, N.mprotect, a, 0x2000, Self.protReadWrite), 0)
        assertLoad(machine, a, 7, "writable again, contents kept")
        assertStore(machine, a + 8, 9)
        failure(machine, N.mprotect, Layout.unmapped, 0x1000, 1, errno: .ENOMEM)
        failure(machine, N.mprotect, a + 0x1000, 0x2000, 1, errno: .ENOMEM)  // runs past the mapping
        failure(machine, N.mprotect, a + 1, 0x1000, 1, errno: .EINVAL)
        XCTAssertEqual(success(machine, N.mprotect, a, 0, 0), 0, "an empty range")
    }

    /// PROT_EXEC reaches the machine: code stored into an RWX mapping runs; after
    /// mprotect(PROT_READ | PROT_EXEC) it still runs but stores fault; after PROT_READ the fetch
    /// faults.
    func testExecutableMappings() throws {
        var code = GuestCode(at: Layout.program)
        code.emit(.jalr(rd: .ra, rs: .t9, hint: false), GuestCode.nop)
        code.label("end")
        code.emit(.break(code: 0))
        let machine = try makeMachine(programs: [code])
        let a = map(machine, 0, 0x1000, prot: 7)
        let function: [Instruction] = [.addiu(rt: .v0, rs: .v0, imm: 42), .jr(rs: .ra, hint: false), GuestCode.nop]
        for (index, instruction) in function.enumerated() { assertStore(machine, a + UInt32(4 * index), instruction.word) }
        machine[.t9] = a
        machine[.v0] = 0
        assertBreak(run(machine, code))
        XCTAssertEqual(machine[.v0], 42, "ran the stored code")

        XCTAssertEqual(success(machine, N.mprotect, a, 0x1000, 5), 0)  // PROT_READ | PROT_EXEC
        assertFault(guestStore(machine, a, 0), .memory(.protection(address: a, needed: .write, has: [.read, .execute])),
                    pc: Stub.store, word: Stub.storeWord)
        machine[.t9] = a
        machine[.v0] = 0
        assertBreak(run(machine, code))
        XCTAssertEqual(machine[.v0], 42)

        XCTAssertEqual(success(machine, N.mprotect, a, 0x1000, Self.protRead), 0)
        machine[.t9] = a
        assertFault(run(machine, code), .memory(.protection(address: a, needed: .execute, has: .read)), pc: a,
                    word: function[0].word)
    }

    func testMremapGrowsInPlaceThenMovesKeepingTheContents() throws {
        let machine = try makeMachine()
        let a: UInt32 = 0x3000_0000
        XCTAssertEqual(map(machine, a, 0x2000, flags: Self.mapPrivateAnonymous | Self.mapFixed), a)
        assertStore(machine, a, 0xaaaa)
        assertStore(machine, a + 0x1ffc, 0xbbbb)
        XCTAssertEqual(success(machine, N.mremap, a, 0x2000, 0x3000, 0), a, "room after it: in place")
        assertStore(machine, a + 0x2ffc, 0xcccc)
        assertLoad(machine, a + 0x1ffc, 0xbbbb)

        XCTAssertEqual(map(machine, a + 0x4000, 0x1000, flags: Self.mapPrivateAnonymous | Self.mapFixed), a + 0x4000)
        failure(machine, N.mremap, a, 0x3000, 0x5000, 0, errno: .ENOMEM)  // no room, may not move
        let moved = success(machine, N.mremap, a, 0x3000, 0x5000, 1)  // MREMAP_MAYMOVE
        XCTAssertEqual(moved, Layout.mmapTop - 0x5000, "moved to the top-down place")
        for (offset, value) in [(UInt32(0), UInt32(0xaaaa)), (0x1ffc, 0xbbbb), (0x2ffc, 0xcccc), (0x4ffc, 0)] {
            assertLoad(machine, moved + offset, value, "moved contents")
        }
        assertUnmapped(machine, a)
        assertUnmapped(machine, a + 0x2ffc)
        assertLoad(machine, a + 0x4000, 0, "the blocking mapping stays")

        // Shrinking keeps the start and unmaps the tail.
        XCTAssertEqual(success(machine, N.mremap, moved, 0x5000, 0x1000, 0), moved)
        assertUnmapped(machine, moved + 0x1000)
        assertLoad(machine, moved, 0xaaaa)

        // MREMAP_FIXED: to a chosen address (the fifth argument).
        let target: UInt32 = 0x3800_0000
        XCTAssertEqual(success(machine, N.mremap, moved, 0x1000, 0x2000, 3, stack: [target]), target)
        assertLoad(machine, target, 0xaaaa)
        assertLoad(machine, target + 0x1ffc, 0, "the grown part is fresh")
        assertUnmapped(machine, moved)
        failure(machine, N.mremap, target, 0x1000, 0x2000, 2, stack: [0x3900_0000], errno: .EINVAL)  // FIXED without MAYMOVE
        failure(machine, N.mremap, Layout.unmapped, 0x1000, 0x2000, 1, errno: .EFAULT)
        failure(machine, N.mremap, target + 1, 0x1000, 0x2000, 1, errno: .EINVAL)
    }

    func testMadviseDontneedZeroFills() throws {
        let machine = try makeMachine()
        let a = map(machine, 0, 0x2000)
        assertStore(machine, a + 0x10, 0x5555)
        assertStore(machine, a + 0x1010, 0x6666)
        XCTAssertEqual(success(machine, 4218, a, 0x2000, 3), 0, "MADV_WILLNEED: only advice")
        assertLoad(machine, a + 0x10, 0x5555)
        XCTAssertEqual(success(machine, 4218, a, 0x1000, 4), 0)  // MADV_DONTNEED
        assertLoad(machine, a + 0x10, 0, "zero-filled")
        assertLoad(machine, a + 0x1010, 0x6666, "outside the range: kept")
        assertStore(machine, a + 0x10, 0x7777)
        assertLoad(machine, a + 0x10, 0x7777, "still mapped and writable")
        XCTAssertEqual(success(machine, 4218, a, 0x1000, 4), 0)
        assertLoad(machine, a + 0x10, 0, "written again, zero-filled again")
        failure(machine, 4218, Layout.unmapped, 0x1000, 4, errno: .ENOMEM)
        failure(machine, 4218, a + 1, 0x1000, 4, errno: .EINVAL)
    }
}
