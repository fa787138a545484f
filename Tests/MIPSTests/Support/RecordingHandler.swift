// The signal handler the kernel tests install: it records what the kernel handed it.

@testable import MIPS

/// A handler at `KernelTestCase.Layout.handler` that records its arguments, the siginfo and the
/// saved pc in the data pages (``Seen``), counts its runs, clobbers registers the interrupted
/// code uses, and returns through `$ra` (the kernel's sigreturn trampoline).
enum RecordingHandler {
    /// Offsets in the rt frame's ucontext (a2): uc_stack at 8, uc_mcontext (struct sigcontext) at
    /// 24, whose 64-bit sc_pc is at 8 and sc_regs[32] at 16.
    static let ucPCLow: Int16 = 24 + 8 + 4
    static func ucRegisterLow(_ register: Register) -> Int16 { 24 + 16 + 8 * Int16(register.rawValue) + 4 }

    /// Where the handler records what it saw.
    enum Seen {
        static let signal = KernelTestCase.Layout.data + 0x100
        static let signo = KernelTestCase.Layout.data + 0x104
        static let code = KernelTestCase.Layout.data + 0x108
        static let address = KernelTestCase.Layout.data + 0x10c
        static let sp = KernelTestCase.Layout.data + 0x110
        static let ra = KernelTestCase.Layout.data + 0x114
        static let pc = KernelTestCase.Layout.data + 0x118
        static let count = KernelTestCase.Layout.data + 0x11c
        static let mask = KernelTestCase.Layout.data + 0x120  // 16 bytes
        static let altstack = KernelTestCase.Layout.data + 0x130  // 12 bytes
        static let result = KernelTestCase.Layout.data + 0x140
        static let a1 = KernelTestCase.Layout.data + 0x144
    }

    /// The handler's code; `extra` runs before it returns. With `skip`, it also moves the saved pc
    /// past the faulting instruction (for SIGSEGV), as a real handler would.
    static func make(skip: Bool = false, extra: (inout GuestCode) -> Void = { _ in }) -> GuestCode {
        var code = GuestCode(at: KernelTestCase.Layout.handler)
        code.store(.a0, at: Seen.signal)
        code.store(.a1, at: Seen.a1)
        code.store(.sp, at: Seen.sp)
        code.store(.ra, at: Seen.ra)
        code.load(.t0, from: Seen.count)
        code.emit(.addiu(rt: .t0, rs: .t0, imm: 1))
        code.store(.t0, at: Seen.count)
        code.branch(to: "nosiginfo") { .beq(rs: .a1, rt: .zero, imm: $0) }
        code.emit(GuestCode.nop)
        code.emit(.lw(rt: .t0, base: .a1, imm: 0))
        code.store(.t0, at: Seen.signo)
        code.emit(.lw(rt: .t0, base: .a1, imm: 4))
        code.store(.t0, at: Seen.code)
        code.emit(.lw(rt: .t0, base: .a1, imm: 12))
        code.store(.t0, at: Seen.address)
        code.emit(.lw(rt: .t0, base: .a2, imm: UInt16(bitPattern: ucPCLow)))
        code.store(.t0, at: Seen.pc)
        if skip {
            code.emit(.addiu(rt: .t0, rs: .t0, imm: 4), .sw(rt: .t0, base: .a2, imm: UInt16(bitPattern: ucPCLow)))
        }
        code.label("nosiginfo")
        extra(&code)
        // Clobber what the interrupted code may hold.
        code.li(.s0, 0xdead_0000)
        code.li(.s1, 0xdead_0001)
        code.li(.t5, 0xdead_0002)
        code.emit(.mthi(rs: .s0), .mtlo(rs: .s1))
        code.emit(.jr(rs: .ra, hint: false), GuestCode.nop)
        return code
    }
}
