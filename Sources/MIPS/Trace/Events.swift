/// Typed events that a tracing run records for one segment: the raw material of the future
/// tables (DESIGN.md §1 step 4). Each event carries the global cycle at which it happened.

/// An operation of the arithmetic/logic tables.
public enum ALUOperation: UInt8, Hashable, Sendable, CaseIterable {
    case add, sub, and, or, xor, nor, slt, sltu
    case sll, srl, sra, rotr
    case mul, mult, multu, div, divu, madd, maddu, msub, msubu
    case clz, clo, seb, seh, wsbh, ext, ins
}

/// One executed instruction (a CPU-table row).
public struct InstructionEvent: Hashable, Sendable {
    public var cycle: UInt64
    public var pc: UInt32
    /// The delay-slot address when the instruction was fetched.
    public var nextPC: UInt32
    public var word: UInt32

    public init(cycle: UInt64, pc: UInt32, nextPC: UInt32, word: UInt32) {
        self.cycle = cycle
        self.pc = pc
        self.nextPC = nextPC
        self.word = word
    }

    /// Whether the instruction lies in kernel space (the kernel's signal-return trampolines,
    /// on its user page below, count as the program's: two instructions per handled signal).
    public var isKernel: Bool { pc >= KernelLayout.base }
}

/// A write to a machine register (1–31, HI 32, LO 33, the system registers 34–36; `Machine`'s
/// indices) in cycle `cycle`, with the value written — every write, also of the value the
/// register already held; writes to `$zero` (discarded) are not reported. With the register
/// file at the segment's start, these give every register before and after every cycle.
public struct RegisterWriteEvent: Hashable, Sendable {
    public var cycle: UInt64
    public var index: UInt8
    public var value: UInt32
}

/// An exception: the instruction at `pc` (with `nextPC`) entered the kernel instead of
/// completing. Its cycle also has an ``InstructionEvent`` (word 0 when the fetch itself hit the
/// null guard).
public struct ExceptionEvent: Hashable, Sendable {
    public var cycle: UInt64
    public var pc: UInt32
    public var nextPC: UInt32
}

/// A primitive the proof covers (``Primitive/halt``, ``Primitive/readInput``,
/// ``Primitive/writeOutput``, ``Primitive/cycleCounter``) with the values it moved: its
/// operands `$a0`, `$a1` and `$v0`, `$v1` after the cycle (the word read, the counter).
public struct PrimitiveEvent: Hashable, Sendable {
    public var cycle: UInt64
    public var primitive: Primitive
    public var a0: UInt32
    public var a1: UInt32
    public var v0: UInt32
    public var v1: UInt32
}

/// One ALU operation: `result` (and `high` for HI/LO operations) from `a` and `b`.
/// For `madd`/`msub` the accumulator is in `accumulator` (HI:LO before).
public struct ALUEvent: Hashable, Sendable {
    public var cycle: UInt64
    public var operation: ALUOperation
    public var a: UInt32
    public var b: UInt32
    /// The low/only result word (LO for HI/LO operations).
    public var result: UInt32
    /// HI for HI/LO operations, 0 otherwise.
    public var high: UInt32
}

/// One word-level memory access (loads and stores of bytes and halfwords touch their
/// containing word, DESIGN.md §6). Instruction fetches are not listed here: they come from
/// ``InstructionEvent``.
public struct MemoryEvent: Hashable, Sendable {
    public enum Kind: UInt8, Hashable, Sendable { case read, write }
    public var cycle: UInt64
    public var address: UInt32
    public var kind: Kind
    /// The word's value before the access.
    public var previous: UInt32
    /// The word's value after the access (equal to `previous` for reads).
    public var value: UInt32
}

/// A branch or jump: where it went (`target`) and whether it was taken.
public struct BranchEvent: Hashable, Sendable {
    public var cycle: UInt64
    public var pc: UInt32
    public var target: UInt32
    public var taken: Bool
}

/// A system call with its arguments and the kernel's answer, as the kernel reports it through
/// ``Primitive/traceSyscall`` for `--trace-syscalls`. A host hint whose operands the kernel
/// chooses: the proof covers the kernel's instructions, never these values.
public struct SyscallEvent: Hashable, Sendable {
    public var cycle: UInt64
    public var number: UInt32
    public var arguments: [UInt32]
    /// v0 after the call.
    public var result: UInt32
    /// a3 after the call (non-zero: `result` is an errno).
    public var errorFlag: UInt32
}
