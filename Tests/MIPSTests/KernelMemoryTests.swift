import XCTest

@testable import MIPS

/// brk, mmap, munmap and mprotect, issued by guest `syscall` instructions; the guest's loads and
/// stores afterwards show what is mapped.
final class KernelMemoryTests: KernelTestCase {
    // MARK: - Memory: brk

    func testBrkGrowsAndShrinks() {
        let machine = makeMachine()
        let start = Layout.breakStart
        XCTAssertEqual(success(machine, 4045, 0), start, "brk(0) reports the break")
        XCTAssertEqual(success(machine, 4045, start + 0x2005), start + 0x2005)
        let heap = machine.memory.map.region(containing: start >> 12)
        XCTAssertEqual(heap?.firstPage, start >> 12)
        XCTAssertEqual(heap?.endPage, (start >> 12) + 3, "rounded up to whole pages")
        XCTAssertEqual(heap?.permissions, [.read, .write])
        XCTAssertTrue(isBreak(guestStore(machine, start + 0x2ffc, 0xfeed_face)))
        XCTAssertEqual(guestLoad(machine, start + 0x2ffc).1, 0xfeed_face)
        assertFault(guestLoad(machine, start + 0x3000).0, .memory(.unmapped(address: start + 0x3000)),
                    pc: Stub.load, word: Stub.loadWord)

        // Shrinking unmaps the pages above the new break.
        XCTAssertEqual(success(machine, 4045, start + 0x1000), start + 0x1000)
        assertFault(guestLoad(machine, start + 0x2ffc).0, .memory(.unmapped(address: start + 0x2ffc)),
                    pc: Stub.load, word: Stub.loadWord)
        XCTAssertTrue(isBreak(guestLoad(machine, start + 0xffc).0))
        // Growing again gives fresh zero pages.
        XCTAssertEqual(success(machine, 4045, start + 0x3000), start + 0x3000)
        let (stop, value) = guestLoad(machine, start + 0x2ffc)
        XCTAssertTrue(isBreak(stop))
        XCTAssertEqual(value, 0)

        // Out of range: the break does not move.
        XCTAssertEqual(success(machine, 4045, Layout.breakLimit + 0x1000), start + 0x3000)
        XCTAssertEqual(success(machine, 4045, start - 0x1000), start + 0x3000)
        XCTAssertEqual(machine.kernel.state.programBreak, start + 0x3000)
        XCTAssertEqual(success(machine, 4045, Layout.breakLimit), Layout.breakLimit, "up to the limit is fine")
    }

    // MARK: - Memory: mmap, munmap, mprotect

    private let protReadWrite: UInt32 = 3
    private let mapPrivateAnonymous: UInt32 = 0x802
    private let mapFixed: UInt32 = 0x10

    /// mmap2(address, length, prot, flags, fd = -1, pgoffset = 0).
    private func mmap2(_ machine: Machine, _ address: UInt32, _ length: UInt32, prot: UInt32 = 3,
                       flags: UInt32 = 0x802) -> Answer {
        try? machine.memory.setWord(0xffff_ffff, at: machine[.sp] + 16)
        try? machine.memory.setWord(0, at: machine[.sp] + 20)
        return call(machine, 4210, address, length, prot, flags)
    }

    func testAnonymousMmapGivesDistinctZeroedPages() {
        let machine = makeMachine()
        let first = mmap2(machine, 0, 0x1800)
        let second = mmap2(machine, 0, 0x1000)
        XCTAssertTrue(isBreak(first.stop) && isBreak(second.stop))
        XCTAssertEqual(first.a3, 0)
        XCTAssertEqual(second.a3, 0)
        let a = first.v0, b = second.v0
        XCTAssertEqual(a & 0xfff, 0, "page-aligned")
        XCTAssertEqual(b & 0xfff, 0, "page-aligned")
        // Placed top-down below mmapTop, without overlapping.
        XCTAssertEqual(a, Layout.mmapTop - 0x2000)
        XCTAssertEqual(b, a - 0x1000)
        XCTAssertEqual(machine.memory.map.region(containing: a >> 12)?.permissions, [.read, .write])
        XCTAssertEqual(machine.memory.map.region(containing: a >> 12)?.name, "mmap")

        for address in [a, a + 0x1ffc, b, b + 0xffc] {
            let (stop, value) = guestLoad(machine, address)
            XCTAssertTrue(isBreak(stop), "\(stop)")
            XCTAssertEqual(value, 0, "fresh mapping at \(hex32(address)) reads zero")
        }
        XCTAssertTrue(isBreak(guestStore(machine, a + 4, 0x1234_5678)))
        XCTAssertEqual(guestLoad(machine, a + 4).1, 0x1234_5678)
        XCTAssertEqual(guestLoad(machine, b + 4).1, 0, "the regions are distinct")

        // The old mmap (4090) takes the offset in bytes; it is anonymous here too.
        try? machine.memory.setWord(0xffff_ffff, at: machine[.sp] + 16)
        try? machine.memory.setWord(0, at: machine[.sp] + 20)
        XCTAssertEqual(success(machine, 4090, 0, 0x1000, protReadWrite, mapPrivateAnonymous), b - 0x1000)
    }

    func testMmapErrors() {
        let machine = makeMachine()
        let file = mmap2(machine, 0, 0x1000, flags: 0x2)  // MAP_PRIVATE without MAP_ANONYMOUS
        XCTAssertEqual([file.v0, file.a3], [Errno.ENODEV.rawValue, 1])
        let empty = mmap2(machine, 0, 0)
        XCTAssertEqual([empty.v0, empty.a3], [Errno.EINVAL.rawValue, 1])
        let unaligned = mmap2(machine, 0x3000_0010, 0x1000, flags: mapPrivateAnonymous | mapFixed)
        XCTAssertEqual([unaligned.v0, unaligned.a3], [Errno.EINVAL.rawValue, 1])
        let kernelHalf = mmap2(machine, 0x8000_0000, 0x1000, flags: mapPrivateAnonymous | mapFixed)
        XCTAssertEqual([kernelHalf.v0, kernelHalf.a3], [Errno.EINVAL.rawValue, 1])
    }

    func testMmapFixedReplacesTheMapping() {
        let machine = makeMachine()
        let address: UInt32 = 0x3000_0000
        let fixed = mmap2(machine, address, 0x2000, flags: mapPrivateAnonymous | mapFixed)
        XCTAssertEqual([fixed.v0, fixed.a3], [address, 0])
        XCTAssertTrue(isBreak(guestStore(machine, address + 0x1000, 0xabcd)))
        XCTAssertEqual(guestLoad(machine, address + 0x1000).1, 0xabcd)

        // MAP_FIXED_NOREPLACE refuses an occupied range …
        let taken = mmap2(machine, address, 0x1000, flags: mapPrivateAnonymous | 0x10_0000)
        XCTAssertEqual([taken.v0, taken.a3], [Errno.EEXIST.rawValue, 1])
        // … MAP_FIXED replaces it: read-only, zero-filled.
        let again = mmap2(machine, address + 0x1000, 0x1000, prot: 1, flags: mapPrivateAnonymous | mapFixed)
        XCTAssertEqual([again.v0, again.a3], [address + 0x1000, 0])
        XCTAssertEqual(guestLoad(machine, address + 0x1000).1, 0)
        assertFault(guestStore(machine, address + 0x1000, 1),
                    .memory(.protection(address: address + 0x1000, needed: .write, has: .read)),
                    pc: Stub.store, word: Stub.storeWord)
        XCTAssertTrue(isBreak(guestStore(machine, address, 1)), "the first page keeps its rights")

        // A free hint is honoured without MAP_FIXED.
        let hinted = mmap2(machine, 0x3100_0000, 0x1000)
        XCTAssertEqual([hinted.v0, hinted.a3], [0x3100_0000, 0])
    }

    func testMunmapThenAccessFaults() {
        let machine = makeMachine()
        let a = mmap2(machine, 0, 0x3000).v0
        for page in UInt32(0)..<3 { XCTAssertTrue(isBreak(guestStore(machine, a + page * 0x1000, page + 1))) }
        XCTAssertEqual(success(machine, 4091, a + 0x1000, 0x1000), 0)
        assertFault(guestLoad(machine, a + 0x1000).0, .memory(.unmapped(address: a + 0x1000)), pc: Stub.load, word: Stub.loadWord)
        assertFault(guestStore(machine, a + 0x1ffc, 0), .memory(.unmapped(address: a + 0x1ffc)),
                    pc: Stub.store, word: Stub.storeWord)
        // The pages on either side survive the split.
        XCTAssertEqual(guestLoad(machine, a).1, 1)
        XCTAssertEqual(guestLoad(machine, a + 0x2000).1, 3)
        failure(machine, 4091, a + 4, 0x1000, errno: .EINVAL)
    }

    func testMprotectReadOnlyThenStoreFaults() {
        let machine = makeMachine()
        let a = mmap2(machine, 0, 0x2000).v0
        XCTAssertTrue(isBreak(guestStore(machine, a, 7)), "writable before")
        XCTAssertEqual(success(machine, 4125, a, 0x1000, 1), 0)  // PROT_READ
        assertFault(guestStore(machine, a + 8, 9), .memory(.protection(address: a + 8, needed: .write, has: .read)),
                    pc: Stub.store, word: Stub.storeWord)
        XCTAssertEqual(guestLoad(machine, a).1, 7, "still readable, unchanged")
        XCTAssertEqual(guestLoad(machine, a + 8).1, 0)
        XCTAssertTrue(isBreak(guestStore(machine, a + 0x1000, 1)), "the second page stays writable")
        // PROT_NONE: even loads fault.
        XCTAssertEqual(success(machine, 4125, a, 0x1000, 0), 0)
        assertFault(guestLoad(machine, a).0, .memory(.protection(address: a, needed: .read, has: [])),
                    pc: Stub.load, word: Stub.loadWord)
        failure(machine, 4125, Layout.unmapped, 0x1000, 1, errno: .ENOMEM)
        failure(machine, 4125, a + 1, 0x1000, 1, errno: .EINVAL)
    }
}
