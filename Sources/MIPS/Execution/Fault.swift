/// Why execution stopped abnormally: the guest did something a real MIPS Linux process could
/// not survive, or something this VM deliberately refuses (DESIGN.md §6).
public struct Fault: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case illegalInstruction(IllegalInstruction)
        case memory(MemoryFault)
        /// Signed overflow in `add`, `addi` or `sub`.
        case integerOverflow
        /// A trap instruction (`teq`, `tne`, …) whose condition held. Go uses `teq` for
        /// division by zero.
        case trap
        /// A `break` instruction (Go and C use it for panics and `__builtin_trap`).
        case breakpoint(code: UInt32)
        /// `jr`/`jalr` to an address that is not a multiple of 4.
        case unalignedJump(target: UInt32)
        /// `rdhwr` of a hardware register the VM does not provide.
        case unsupportedHardwareRegister(UInt8)
        /// A syscall number the VM does not implement.
        case unsupportedSyscall(number: UInt32, name: String?)
        /// A syscall the VM implements, called in a way it cannot honour deterministically.
        case unsupportedSyscallUse(name: String, detail: String)
        /// The guest waits for something that can never happen (e.g. a futex wait with no other
        /// thread to wake it).
        case deadlock(detail: String)
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
        case let .unsupportedHardwareRegister(number): return "rdhwr of unsupported hardware register $\(number) (only $29, the TLS pointer, exists)"
        case let .unsupportedSyscall(number, name):
            return "unsupported syscall \(number)\(name.map { " (\($0))" } ?? "")"
        case let .unsupportedSyscallUse(name, detail): return "unsupported use of syscall \(name): \(detail)"
        case let .deadlock(detail): return "deadlock: \(detail)"
        case let .recorded(message): return message
        }
    }

    /// `fault at pc 0x…: word 0x… (disassembly): reason` — one line for a user.
    public var description: String {
        "fault at pc \(hex32(pc)) after \(cycle) cycles: \(hex32(word)) `\(instruction.disassembly(at: pc))`: \(reason)"
    }
}
