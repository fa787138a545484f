/// Where the loader puts the stack, heap and anonymous mappings of a Linux process. Chosen to
/// look like Linux/MIPS o32: user space is the low 2 GiB; the stack sits at its top.
public enum ProcessLayout {
    /// One past the highest stack address.
    public static let stackTop: UInt32 = 0x7fff_0000
    /// Mapped stack size (pages are allocated only when touched). Matches RLIMIT_STACK.
    public static let stackSize: UInt32 = 8 << 20
    /// Anonymous mmaps are placed top-down from here (a guard gap below the stack).
    public static let mmapTop: UInt32 = stackTop - stackSize - 0x0100_0000
    /// The heap (brk) may grow at most this far past the end of the program.
    public static let maximumBreakSize: UInt32 = 0x2000_0000
    /// Default `argv` (a fixed name, so runs do not depend on host paths).
    public static let defaultArguments = ["program"]
    /// AT_EXECFN, and what `readlink("/proc/self/exe")` answers (the kernel's copy is in
    /// `mips-guests/kernel/files.c`).
    public static let executablePath = "/program"
}

extension UInt64 {
    /// Rounded up to a multiple of the page size.
    var roundedUpToPage: UInt64 {
        (self + UInt64(Memory.pageSize) - 1) & ~UInt64(Memory.pageSize - 1)
    }
}

/// A change the loader made to the program (Go runtime support, DESIGN.md §6).
public struct RuntimePatch: Hashable, Sendable, CustomStringConvertible {
    /// The patched symbol.
    public var symbol: String
    public var address: UInt32
    /// Words written at `address`.
    public var words: [UInt32]
    /// Why, in a few words.
    public var reason: String

    public var description: String {
        "\(hex32(address)) \(symbol): \(words.map { Instruction(word: $0).description }.joined(separator: "; ")) — \(reason)"
    }
}
