/// Running unmodified Go programs on a single-threaded VM.
///
/// The Go runtime starts OS threads for its background work (sysmon; the GC's mark workers,
/// which it waits for). The VM has one thread and must stay provable, so — as other MIPS
/// zkVMs do — the loader patches a few named runtime functions to return at once:
///
/// - `runtime.main.func1` starts `sysmon` on a new thread. Without sysmon nothing preempts
///   long-running goroutines and blocked syscalls are not retaken, which is harmless with one
///   processor and no blocking I/O.
/// - `runtime.gcenable` enables the garbage collector. Without it the heap only grows: fine
///   for the bounded runs we prove, but a program that allocates more than the address space
///   holds runs out of memory.
///
/// and zeroes `runtime.MemProfileRate` (heap profiling samples with floating-point work that
/// nobody reads). Together with ``Syscall``'s answers (one CPU in `sched_getaffinity`, so
/// GOMAXPROCS = 1; `clone` is a fault) goroutines, channels and `select` work, scheduled
/// cooperatively on the one thread. Limits are documented in `mips-guests/README.md`.
public enum GoSupport {
    /// `jr $ra; nop`: return immediately.
    static let returnWords: [UInt32] = [0x03e0_0008, 0x0000_0000]

    /// Functions replaced by an immediate return, with the reason.
    public static let returningFunctions: [(symbol: String, reason: String)] = [
        ("runtime.main.func1", "starts sysmon on a new OS thread"),
        ("runtime.gcenable", "the GC needs background worker threads; the heap grows instead"),
    ]

    /// Whether the ELF is a Go program (it has the Go runtime's entry symbols).
    public static func isGoProgram(_ elf: ELFFile) -> Bool {
        elf.symbol(named: "runtime.rt0_go") != nil && elf.symbol(named: "runtime.main") != nil
    }

    /// The patches for a Go program. Symbols that are missing are skipped (the runtime of
    /// another Go version may not have them).
    public static func patches(for elf: ELFFile) -> [RuntimePatch] {
        var patches: [RuntimePatch] = []
        for (name, reason) in returningFunctions {
            guard let symbol = elf.symbol(named: name), symbol.kind == .function, symbol.value & 3 == 0,
                  let segment = elf.segment(containing: symbol.value), segment.flags.contains(.execute),
                  segment.contains(symbol.value &+ 7) else { continue }
            patches.append(RuntimePatch(symbol: name, address: symbol.value, words: returnWords, reason: reason))
        }
        if let rate = elf.symbol(named: "runtime.MemProfileRate"), rate.kind == .object, rate.value & 3 == 0,
           let segment = elf.segment(containing: rate.value), segment.flags.contains(.write) {
            patches.append(RuntimePatch(symbol: "runtime.MemProfileRate", address: rate.value, words: [0],
                                        reason: "heap profiling off"))
        }
        return patches
    }
}
