import XCTest

@testable import MIPS

/// The address space (`mips-guests/kernel/memory.c`): brk, mmap and munmap issued by guest
/// `syscall`s (mprotect, mremap and madvise are in `KernelRemapTests`). The kernel tells the machine every change (the map hint),
/// so the guest's loads and stores afterwards show what is mapped: outside the mappings they are
/// machine faults. Memory itself is flat, so what the kernel hands out must read zero even where
/// older contents lay.
final class KernelMemoryTests: KernelTestCase {
    private typealias N = SyscallNumber

    // MARK: - brk

    func testBrkGrowsAndShrinks() throws {
        let machine = try makeMachine()
        let start = Layout.breakStart
        XCTAssertEqual(success(machine, N.brk, 0), start, "brk(0) reports the break")
        assertUnmapped(machine, start)
        XCTAssertEqual(success(machine, N.brk, start + 0x2005), start + 0x2005)
        let heap = machine.memory.map.region(containing: start >> 12)
        XCTAssertEqual(heap?.firstPage, start >> 12)
        XCTAssertEqual(heap?.endPage, (start >> 12) + 3, "rounded up to whole pages")
        XCTAssertEqual(heap?.permissions, [.read, .write])
        XCTAssertEqual(heap?.name, "heap")
        assertStore(machine, start + 0x2ffc, 0xfeed_face)
        assertLoad(machine, start + 0x2ffc, 0xfeed_face)
        assertUnmapped(machine, start + 0x3000)

        // Shrinking unmaps the pages above the new break …
        XCTAssertEqual(success(machine, N.brk, start + 0x1000), start + 0x1000)
        assertUnmapped(machine, start + 0x2ffc)
        assertLoad(machine, start + 0xffc, 0)
        // … and growing again gives zero pages, though the old word is still in flat memory.
        XCTAssertEqual(success(machine, N.brk, start + 0x3000), start + 0x3000)
        assertLoad(machine, start + 0x2ffc, 0, "a re-used heap page reads zero")

        // Out of range: the break does not move.
        XCTAssertEqual(success(machine, N.brk, Layout.breakLimit + 0x1000), start + 0x3000)
        XCTAssertEqual(success(machine, N.brk, start - 0x1000), start + 0x3000)
        XCTAssertEqual(success(machine, N.brk, 0), start + 0x3000)
        XCTAssertEqual(success(machine, N.brk, Layout.breakLimit), Layout.breakLimit, "up to the limit is fine")
    }

    /// brk does not grow over another mapping.
    func testBrkStopsAtAMapping() throws {
        let machine = try makeMachine()
        let start = Layout.breakStart
        XCTAssertEqual(map(machine, start + 0x4000, 0x1000, flags: Self.mapPrivateAnonymous | Self.mapFixed), start + 0x4000)
        XCTAssertEqual(success(machine, N.brk, start + 0x8000), start, "refused: the break stays")
        XCTAssertEqual(success(machine, N.brk, start + 0x4000), start + 0x4000, "up to the mapping is fine")
    }

    // MARK: - mmap

    func testAnonymousMmapPlacesTopDownWithZeroedPages() throws {
        let machine = try makeMachine()
        let a = map(machine, 0, 0x1800), b = map(machine, 0, 0x1000)
        XCTAssertEqual(a, Layout.mmapTop - 0x2000, "below the top, rounded to whole pages")
        XCTAssertEqual(b, a - 0x1000, "the next one below")
        XCTAssertEqual(machine.memory.map.region(containing: a >> 12)?.permissions, [.read, .write])
        XCTAssertEqual(machine.memory.map.region(containing: a >> 12)?.name, "mmap")
        for address in [a, a + 0x1ffc, b, b + 0xffc] { assertLoad(machine, address, 0, "fresh mapping") }
        assertStore(machine, a + 4, 0x1234_5678)
        assertLoad(machine, a + 4, 0x1234_5678)
        assertLoad(machine, b + 4, 0, "the regions are distinct")

        // The old mmap (4090) takes the offset in bytes; anonymous here too.
        XCTAssertEqual(success(machine, N.mmap, 0, 0x1000, Self.protReadWrite, Self.mapPrivateAnonymous, stack: [0xffff_ffff, 0]),
                       b - 0x1000)
        failure(machine, N.mmap, 0, 0x1000, Self.protReadWrite, Self.mapPrivateAnonymous, stack: [0xffff_ffff, 0x10], errno: .EINVAL)
        // A free hint is honoured without MAP_FIXED; an occupied one is not.
        XCTAssertEqual(map(machine, 0x3100_0000, 0x1000), 0x3100_0000)
        XCTAssertEqual(map(machine, 0x3100_0000, 0x1000), b - 0x2000)
    }

    func testMmapErrors() throws {
        let machine = try makeMachine()
        assertErrno(mmap2(machine, 0, 0x1000, flags: 0x2), .ENODEV)  // MAP_PRIVATE without MAP_ANONYMOUS: a file
        assertErrno(mmap2(machine, 0, 0), .EINVAL)
        assertErrno(mmap2(machine, 0x3000_0010, 0x1000, flags: Self.mapPrivateAnonymous | Self.mapFixed), .EINVAL)
        assertErrno(mmap2(machine, 0x8000_0000, 0x1000, flags: Self.mapPrivateAnonymous | Self.mapFixed), .ENOMEM)
        assertErrno(mmap2(machine, 0x7fff_f000, 0x2000, flags: Self.mapPrivateAnonymous | Self.mapFixed), .ENOMEM)
        assertErrno(mmap2(machine, 0, 0xffff_f001), .ENOMEM)
        // Below 0x10000 (mmap_min_addr, the null guard): EPERM with MAP_FIXED or MAP_FIXED_NOREPLACE;
        // a mere hint there is ignored.
        assertErrno(mmap2(machine, 0x1000, 0x1000, flags: Self.mapPrivateAnonymous | Self.mapFixed), .EPERM)
        assertErrno(mmap2(machine, 0, 0x1000, flags: Self.mapPrivateAnonymous | Self.mapFixed), .EPERM)
        assertErrno(mmap2(machine, 0xf000, 0x1000, flags: Self.mapPrivateAnonymous | Self.mapFixedNoReplace), .EPERM)
        XCTAssertEqual(map(machine, 0x1000, 0x1000), Layout.mmapTop - 0x1000)
        XCTAssertNil(machine.memory.map.region(containing: 1), "nothing was mapped in the guard")
    }

    func testMmapFixedReplacesAndNoReplaceRefuses() throws {
        let machine = try makeMachine()
        let address: UInt32 = 0x3000_0000
        XCTAssertEqual(map(machine, address, 0x2000, flags: Self.mapPrivateAnonymous | Self.mapFixed), address)
        assertStore(machine, address, 0x1111)
        assertStore(machine, address + 0x1000, 0xabcd)

        // MAP_FIXED_NOREPLACE refuses an occupied range, even partly occupied …
        assertErrno(mmap2(machine, address + 0x1000, 0x1000, flags: Self.mapPrivateAnonymous | Self.mapFixedNoReplace), .EEXIST)
        assertErrno(mmap2(machine, address - 0x1000, 0x2000, flags: Self.mapPrivateAnonymous | Self.mapFixedNoReplace), .EEXIST)
        XCTAssertEqual(map(machine, address - 0x1000, 0x1000, flags: Self.mapPrivateAnonymous | Self.mapFixedNoReplace),
                       address - 0x1000, "a free range is fine")
        // … MAP_FIXED replaces: read-only and zero-filled.
        XCTAssertEqual(map(machine, address + 0x1000, 0x1000, prot: Self.protRead, flags: Self.mapPrivateAnonymous | Self.mapFixed),
                       address + 0x1000)
        assertLoad(machine, address + 0x1000, 0, "the replaced page reads zero")
        assertFault(guestStore(machine, address + 0x1000, 1),
                    .memory(.protection(address: address + 0x1000, needed: .write, has: .read)),
                    pc: Stub.store, word: Stub.storeWord)
        assertLoad(machine, address, 0x1111, "the first page keeps its contents and rights")
        assertStore(machine, address, 1)
    }

    /// An anonymous mapping that re-uses pages which held data reads zero, whether it lands
    /// there by MAP_FIXED or by the top-down search.
    func testMunmapThenMmapReadsZero() throws {
        let machine = try makeMachine()
        let a = map(machine, 0, 0x3000)
        for page in UInt32(0)..<3 { assertStore(machine, a + page * 0x1000 + 8, 0xdead_0000 + page) }
        XCTAssertEqual(success(machine, N.munmap, a + 0x1000, 0x1000), 0)
        assertUnmapped(machine, a + 0x1000)
        assertFault(guestStore(machine, a + 0x1ffc, 0), .memory(.unmapped(address: a + 0x1ffc)),
                    pc: Stub.store, word: Stub.storeWord)
        assertLoad(machine, a + 8, 0xdead_0000, "the pages on either side survive the split")
        assertLoad(machine, a + 0x2008, 0xdead_0002)
        XCTAssertEqual(peek(machine, a + 0x1008), 0xdead_0001, "flat memory still holds the old word")

        XCTAssertEqual(map(machine, a + 0x1000, 0x1000, flags: Self.mapPrivateAnonymous | Self.mapFixed), a + 0x1000)
        assertLoad(machine, a + 0x1008, 0, "MAP_FIXED over a hole that held data")
        XCTAssertEqual(success(machine, N.munmap, a, 0x3000), 0)
        XCTAssertEqual(map(machine, 0, 0x3000), a, "the same place again, top-down")
        for page in UInt32(0)..<3 { assertLoad(machine, a + page * 0x1000 + 8, 0, "page \(page)") }

        failure(machine, N.munmap, a + 4, 0x1000, errno: .EINVAL)
        failure(machine, N.munmap, a, 0, errno: .EINVAL)
        XCTAssertEqual(success(machine, N.munmap, 0x4000_0000, 0x1000), 0, "unmapping nothing is fine")
    }

    /// When nothing fits between the heap limit (the floor) and the top, ENOMEM; freeing makes
    /// room again.
    func testMmapENOMEMWhenExhausted() throws {
        let machine = try makeMachine()
        let room = Layout.mmapTop - Layout.breakLimit
        assertErrno(mmap2(machine, 0, room + 0x1000), .ENOMEM)
        XCTAssertEqual(map(machine, 0, room, prot: 0), Layout.breakLimit, "exactly everything")
        assertErrno(mmap2(machine, 0, 0x1000), .ENOMEM)
        XCTAssertEqual(success(machine, N.munmap, Layout.breakLimit + 0x5000, 0x2000), 0)
        XCTAssertEqual(map(machine, 0, 0x2000), Layout.breakLimit + 0x5000, "the hole")
        assertErrno(mmap2(machine, 0, 0x1000), .ENOMEM)
    }

    /// Placement against a model: the highest free range of the size below the mmap top and at or
    /// above the floor, computed from the machine's map (which mirrors the kernel's through map
    /// hints), after random fixed mappings and unmappings near the top.
    func testMmapPlacementMatchesTheHighestFreeGap() throws {
        let machine = try makeMachine()
        var generator = SeededGenerator(seed: 0x6A9_0001)
        let topPage = Layout.mmapTop >> 12, floorPage = Layout.breakLimit >> 12
        // Brute force: the highest window of `pages` free pages (the area in use is small, so the
        // search ends quickly).
        func expected(pages: UInt32) -> UInt32? {
            var page = topPage - pages
            while page >= floorPage {
                if machine.memory.map.isFree(firstPage: page, endPage: page + pages) { return page << 12 }
                page -= 1
            }
            return nil
        }
        for round in 0..<80 {
            let page = topPage - UInt32.random(in: 1...48, using: &generator)
            let pages = UInt32.random(in: 1...6, using: &generator)
            switch UInt32.random(in: 0..<3, using: &generator) {
            case 0:
                _ = map(machine, page << 12, pages << 12, flags: Self.mapPrivateAnonymous | Self.mapFixed)
            case 1:
                XCTAssertEqual(success(machine, N.munmap, page << 12, pages << 12), 0)
            default:
                let want = expected(pages: pages)
                XCTAssertEqual(map(machine, 0, pages << 12), want, "round \(round): \(pages) pages")
            }
        }
        let want = expected(pages: 0x100)
        XCTAssertEqual(map(machine, 0, 0x10_0000), want, "a large one ends below the area in use")
        XCTAssertLessThan(want ?? 0, Layout.mmapTop - 48 * 0x1000)
    }

}
