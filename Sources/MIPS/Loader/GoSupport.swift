/// Running unmodified Go programs.
///
/// The kernel gives Go real threads (cooperative, scheduled deterministically when a thread
/// blocks or yields), so the runtime's extra Ms — the garbage collector's included — work.
/// The loader still patches two things, for determinism and cost rather than correctness:
///
/// - `runtime.main.func1` starts `sysmon` on its own thread. sysmon wakes every 20 µs–10 ms of
///   (virtual) time to retake processors and preempt long-running goroutines; with one CPU and
///   no preemption it would only add wake-ups whose timing depends on the clock. Without it a
///   goroutine runs until it blocks or yields (as with GOMAXPROCS = 1 on a machine without
///   preemption).
/// - `runtime.MemProfileRate` is set to 0: heap profiling samples with floating-point work
///   that nobody reads.
///
/// With the kernel's one CPU (sched_getaffinity), GOMAXPROCS = 1. Limits are documented in
/// `mips-guests/README.md`.
public enum GoSupport {
    /// `jr $ra; nop`: return immediately.
    static let returnWords: [UInt32] = [0x03e0_0008, 0x0000_0000]

    /// Functions replaced by an immediate return, with the reason.
    public static let returningFunctions: [(symbol: String, reason: String)] = [
        ("runtime.main.func1", "starts sysmon on a new OS thread"),
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
