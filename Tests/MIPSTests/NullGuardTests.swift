import XCTest

@testable import MIPS

/// The null guard: in user mode, a load, store or fetch below 0x10000 raises an exception and
/// the kernel delivers SIGSEGV with si_addr (what Go's nil checks rely on). Above the guard,
/// an unmapped address stays a machine fault.
final class NullGuardTests: KernelTestCase {
    private typealias S = SignalNumber

    /// Every kind of load and store below 0x10000 becomes SIGSEGV with si_addr = the address.
    func testGuardLoadsAndStoresAreSIGSEGV() throws {
        let cases: [(Instruction, UInt32)] = [
            (.lw(rt: .v0, base: .a0, imm: 0), 0x20), (.lw(rt: .v0, base: .a0, imm: 0xfffc), 0x1c),
            (.lb(rt: .v0, base: .a0, imm: 3), 0x23), (.lbu(rt: .v0, base: .a0, imm: 1), 0x21),
            (.lh(rt: .v0, base: .a0, imm: 2), 0x22), (.lhu(rt: .v0, base: .a0, imm: 6), 0x26),
            (.lwl(rt: .v0, base: .a0, imm: 1), 0x21), (.lwr(rt: .v0, base: .a0, imm: 2), 0x22),
            (.ll(rt: .v0, base: .a0, imm: 4), 0x24),
            (.sw(rt: .v0, base: .a0, imm: 8), 0x28), (.sb(rt: .v0, base: .a0, imm: 5), 0x25),
            (.sh(rt: .v0, base: .a0, imm: 2), 0x22), (.swl(rt: .v0, base: .a0, imm: 3), 0x23),
            (.swr(rt: .v0, base: .a0, imm: 1), 0x21), (.sc(rt: .v0, base: .a0, imm: 0), 0x20),
        ]
        for (instruction, address) in cases {
            var code = GuestCode(at: Layout.program)
            code.li(.a0, 0x20)
            code.emit(instruction)
            code.label("end")
            code.emit(.break(code: 0))
            let machine = try makeMachine(programs: [code])
            assertKilled(machine, run(machine, code), by: S.SIGSEGV, pc: Layout.program + 8, address: address)
        }
        // The guard ends at 0x10000: above it, an unmapped address is a machine fault.
        let machine = try makeMachine()
        assertFault(guestLoad(machine, 0x10000).0, .memory(.unmapped(address: 0x10000)), pc: Stub.load,
                    word: Stub.loadWord)
        let storing = try makeMachine()
        assertKilled(storing, guestStore(storing, 0xfffc, 1), by: S.SIGSEGV, pc: Stub.store, address: 0xfffc)
    }

    /// A jump into the guard (a nil function pointer) faults on the fetch: SIGSEGV at that pc.
    func testGuardFetchIsSIGSEGV() throws {
        for target: UInt32 in [0, 0x100, 0xfffc] {
            var code = GuestCode(at: Layout.program)
            code.li(.t9, target)
            code.emit(.jalr(rd: .ra, rs: .t9, hint: false), GuestCode.nop)
            code.label("end")
            code.emit(.break(code: 0))
            let machine = try makeMachine(programs: [code])
            assertKilled(machine, run(machine, code), by: S.SIGSEGV, pc: target, address: target)
        }
    }

    /// The guard is part of the proven machine: an access below 0x10000 raises the exception
    /// whatever the map says. An image that maps a page there (a hand-built process, or an ELF
    /// with a PT_LOAD below 0x10000, which the loader accepts) must not lose the guard.
    /// The guard is part of what a proof claims, so nothing may be mapped there: the kernel
    /// refuses mmap (EPERM, see KernelMemoryTests), and the loaders refuse images.
    func testNothingCanBeMappedInTheNullGuard() throws {
        var map = Self.userMap
        map.map(firstPage: 8, endPage: 9, permissions: [.read, .write], name: "low")
        let cpu = CPUState(pc: Stub.load, nextPC: Stub.load + 4)
        XCTAssertThrowsError(try ProgramImage.process(pages: [:], map: map, cpu: cpu, breakStart: Layout.breakStart,
                                                      breakLimit: Layout.breakLimit, mmapTop: Layout.mmapTop)) { error in
            XCTAssertEqual(error as? LoadError, .segmentInNullGuard(address: 0x8000))
        }
        // The same through the ELF loader: a data segment at 0x7000 is refused, with a message.
        let text = Assembler.bytes([.lw(rt: .v0, base: .zero, imm: 0x7ffc), .break(code: 0)])
        let elf = ELFBuilder(entry: 0x0040_0000, segments: [
            ELFBuilder.Segment(virtualAddress: 0x0040_0000, contents: text, flags: 5),
            ELFBuilder.Segment(virtualAddress: 0x7000, contents: [1, 2, 3, 4], memorySize: 0x1000, flags: 6),
        ], symbols: nil)
        XCTAssertThrowsError(try ProgramImage.load(elfBytes: elf.build().bytes)) { error in
            XCTAssertEqual(error as? LoadError, .segmentInNullGuard(address: 0x7000))
            XCTAssertTrue("\(error)".contains("null guard"), "\(error)")
        }
    }
}
