/// Why the machine stopped abnormally. In user mode most exceptional events (traps, overflow,
/// reserved instructions, null-pointer accesses) go to the kernel, which turns them into
/// signals; what remains a fault is what `execute`'s debugging checks refuse (an access
/// outside the kernel's mappings, an unaligned access or jump), anything exceptional in the
/// kernel itself, and a kernel panic. A faulted run is not provable.
public struct Fault: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case illegalInstruction(IllegalInstruction)
        case memory(MemoryFault)
        /// Signed overflow in `add`, `addi` or `sub`.
        case integerOverflow
        /// A trap instruction (`teq`, `tne`, …) whose condition held (GCC uses `teq …, 7` for
        /// division by zero).
        case trap
        /// A `break` instruction.
        case breakpoint(code: UInt32)
        /// `jr`/`jalr` to an address that is not a multiple of 4.
        case unalignedJump(target: UInt32)
        /// `rdhwr` of a hardware register the VM does not provide.
        case unsupportedHardwareRegister(UInt8)
        /// The kernel gave up (`panic` primitive), e.g. every thread blocked for ever.
        case kernelPanic(String)
        /// `syscall` in kernel mode with a `$v0` that names no ``Primitive``.
        case unknownPrimitive(UInt32)
        /// A primitive's operand out of range.
        case badPrimitiveOperand(Primitive, detail: String)
        /// `mfc0`/`mtc0` of a coprocessor-0 register the machine does not have.
        case unknownSystemRegister(rd: UInt8, sel: UInt8)
        /// A fault read back from a serialised segment: only its message survives.
        case recorded(String)
    }

    public let kind: Kind
    /// Address of the faulting instruction.
    public let pc: UInt32
    /// The instruction word at `pc`.
    public let word: UInt32
    /// Cycles executed before the fault (the faulting instruction does not count).
    public let cycle: UInt64

    public init(kind: Kind, pc: UInt32, word: UInt32, cycle: UInt64) {
        self.kind = kind
        self.pc = pc
        self.word = word
        self.cycle = cycle
    }

    /// Faults are equal when they happened at the same place and cycle for the same reason, so
    /// a fault read back from a segment file (``Kind/recorded(_:)``, message only) equals the
    /// fault a re-execution produces.
    public static func == (lhs: Fault, rhs: Fault) -> Bool {
        lhs.pc == rhs.pc && lhs.word == rhs.word && lhs.cycle == rhs.cycle && lhs.reason == rhs.reason
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pc)
        hasher.combine(word)
        hasher.combine(cycle)
        hasher.combine(reason)
    }

    /// The faulting instruction, decoded.
    public var instruction: Instruction { Instruction(word: word) }

    /// What went wrong, without the location.
    public var reason: String {
        switch kind {
        case let .illegalInstruction(illegal): return illegal.description
        case let .memory(fault): return fault.description
        case .integerOverflow: return "signed integer overflow"
        case .trap: return "trap condition held"
        case let .breakpoint(code): return "break instruction (code \(code))"
        case let .unalignedJump(target): return "jump to unaligned address \(hex32(target))"
        case let .unsupportedHardwareRegister(number): return "rdhwr of unsupported hardware register $\(number) (only $29, UserLocal, exists)"
        case let .kernelPanic(message): return "kernel panic: \(message)"
        case let .unknownPrimitive(number): return "syscall in kernel mode with unknown primitive \(number)"
        case let .badPrimitiveOperand(primitive, detail): return "primitive \(primitive): \(detail)"
        case let .unknownSystemRegister(rd, sel): return "coprocessor-0 register (\(rd), \(sel)) does not exist"
        case let .recorded(message): return message
        }
    }

    /// `fault at pc 0x…: word 0x… (disassembly): reason` — one line for a user.
    public var description: String {
        "fault at pc \(hex32(pc)) after \(cycle) cycles: \(hex32(word)) `\(instruction.disassembly(at: pc))`: \(reason)"
    }
}
