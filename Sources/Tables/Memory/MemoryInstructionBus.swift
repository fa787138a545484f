import Constraints

/// The `memory-instruction` bus: (operation, clk, byte address, rt's value, result, mode, fault)
/// — a load or store the CPU row hands to `memory-instructions`.
///
///     cpu ──(op, clk, rs + offset, rt, result, mode, fault)──▶ memory-instructions ──(word, t, value)──▶ memory bus
///
/// Soundness: the CPU sends on rows whose kind has the `memory` flag, with the kind's operation
/// code, its own clk, the address as the field sum rs + sign-extended offset, rt's value and the
/// result it writes to rt (loads, `sc`) or ignores (other stores). The receiving table takes the
/// operation from its one-hot flags and, on every real row that does not fault, accesses the
/// containing word on `memoryBus` at timestamp 8·clk + `CPUTable.Slot.data` — unique, since the
/// CPU sends once per clk and no other access uses that slot — and constrains the result and the
/// word written from the word read, the byte lane and rt's bytes; in user mode (the CPU's mode,
/// 0) it proves the address in user space, 0x10000 ≤ address < 0x80000000 (above is the kernel's
/// memory, a machine fault, which cannot be proven). With `fault` (a user access in the null
/// guard: an exception, which the CPU row takes) it makes no access and proves instead the
/// address below 0x10000 and aligned as the operation needs (an unaligned access is a machine
/// fault), with result 0 (the CPU sends its result times 1 − fault). So a received tuple is a
/// true load or store of that cycle against the memory the bus argument proves, or a true
/// null-guard fault.
public let memoryInstructionBus = Bus(name: "memory-instruction", arity: 7)

/// Operation codes on `memoryInstructionBus`: the loads and stores of MIPS32 (`ll` is a word
/// load; `sc` a word store whose result is 1, since the machine is single-threaded).
public enum MemoryOp: UInt32, CaseIterable, Sendable {
    case loadByte = 1, loadByteUnsigned, loadHalf, loadHalfUnsigned, loadWord, loadWordLeft, loadWordRight
    case storeByte, storeHalf, storeWord, storeWordLeft, storeWordRight, storeConditional

    public var isLoad: Bool { rawValue <= MemoryOp.loadWordRight.rawValue }

    /// The alignment the address must have (1, 2 or 4 bytes).
    public var alignment: UInt32 {
        switch self {
        case .loadHalf, .loadHalfUnsigned, .storeHalf: 2
        case .loadWord, .storeWord, .storeConditional: 4
        default: 1
        }
    }
}
