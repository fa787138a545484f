/// The architectural state of the CPU: general registers, HI/LO, the two program counters that
/// model the branch delay slot, and the small system state the in-guest kernel needs
/// (privilege mode, the exception return pair, the TLS register).
public struct CPUState: Hashable, Sendable {
    /// `registers[0]` is always 0.
    public var registers: [UInt32]
    public var hi: UInt32
    public var lo: UInt32
    /// Address of the next instruction to execute.
    public var pc: UInt32
    /// Address of the instruction after it: `pc + 4`, or a branch target while `pc` is a delay
    /// slot.
    public var nextPC: UInt32
    /// User or kernel mode. Exceptions enter kernel mode; `eret` leaves it.
    public var mode: PrivilegeMode
    /// EPC: where `eret` resumes. An exception stores the excepting instruction's `pc` here …
    public var exceptionPC: UInt32
    /// … and its `nextPC` here, so a thread interrupted in a delay slot resumes exactly there.
    public var exceptionNextPC: UInt32
    /// UserLocal: what `rdhwr $29` reads (the thread pointer; the kernel sets it).
    public var userLocal: UInt32

    public init(registers: [UInt32] = Array(repeating: 0, count: 32), hi: UInt32 = 0, lo: UInt32 = 0,
                pc: UInt32 = 0, nextPC: UInt32 = 4, mode: PrivilegeMode = .user,
                exceptionPC: UInt32 = 0, exceptionNextPC: UInt32 = 0, userLocal: UInt32 = 0) {
        precondition(registers.count == 32, "MIPS has 32 general registers")
        self.registers = registers
        self.registers[0] = 0
        self.hi = hi
        self.lo = lo
        self.pc = pc
        self.nextPC = nextPC
        self.mode = mode
        self.exceptionPC = exceptionPC
        self.exceptionNextPC = exceptionNextPC
        self.userLocal = userLocal
    }

    public subscript(register: Register) -> UInt32 {
        get { registers[register.index] }
        set { if register != .zero { registers[register.index] = newValue } }
    }
}

/// The CPU's privilege mode (MIPS Status.EXL, simplified to two states).
public enum PrivilegeMode: UInt8, Hashable, Sendable {
    /// The program: `syscall` and exceptions enter the kernel.
    case user = 0
    /// The kernel: `syscall` invokes a machine ``Primitive``; an exception is a machine fault.
    case kernel = 1
}

/// The coprocessor-0 registers the machine has, as `mfc0`/`mtc0` name them (rd, sel). Any
/// other (rd, sel) is a fault in kernel mode.
public enum SystemRegister: Hashable, Sendable {
    /// EPC (14, 0): where `eret` resumes.
    case exceptionPC
    /// (14, 1), zkmips-specific: the `nextPC` `eret` resumes with (the MIPS EPC+BD scheme
    /// reduced to the pair the machine already has).
    case exceptionNextPC
    /// UserLocal (4, 2): what `rdhwr $29` returns.
    case userLocal

    public init?(rd: UInt8, sel: UInt8) {
        switch (rd, sel) {
        case (14, 0): self = .exceptionPC
        case (14, 1): self = .exceptionNextPC
        case (4, 2): self = .userLocal
        default: return nil
        }
    }

    /// Where the machine keeps it, after the general registers and HI/LO.
    var index: Int {
        switch self {
        case .exceptionPC: return Machine.exceptionPCIndex
        case .exceptionNextPC: return Machine.exceptionNextPCIndex
        case .userLocal: return Machine.userLocalIndex
        }
    }
}
