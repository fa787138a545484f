/// The machine's only channel to the outside world (DESIGN.md §1 step 2). The Linux layer is
/// guest code — the kernel in `mips-guests/kernel` — and it reaches the host through these: a
/// `syscall` instruction executed in kernel mode, with the primitive's number in `$v0` and its
/// operands in `$a0`–`$a3`. Each one is a single cycle, so each is one row of the CPU table.
///
/// What a proof covers is instructions plus ``halt``, ``readInput``, ``writeOutput`` and
/// ``cycleCounter``. The others change no machine state: they show the host something
/// (console bytes, the kernel's mappings for `execute`'s protection checks, a syscall for
/// `--trace-syscalls`, a kernel panic message) and are no-ops in the proof.
public enum Primitive: UInt32, Hashable, Sendable, CaseIterable {
    /// Ends the run with exit code `$a0`. `$a1` is the signal that killed the process (0 for a
    /// normal exit), `$a2` the faulting pc and `$a3` the faulting address — the host prints
    /// them; only the exit code is part of the claim.
    case halt = 0
    /// `$v0` = the next word of the private input stream: word 0 is the input's length in
    /// bytes, then its bytes, four per word (big-endian), the last word zero-padded; past the
    /// end, 0.
    case readInput = 1
    /// Appends the first `$a1` bytes (1…4, most significant first) of `$a0` to the public
    /// output.
    case writeOutput = 2
    /// Shows `$a2` bytes at address `$a1` on the host's console, fd `$a0` (1 or 2). Not part
    /// of the claim.
    case console = 3
    /// `$v0`, `$v1` = the low and high words of the number of cycles executed before this one.
    case cycleCounter = 4
    /// Tells the host the kernel mapped (`$a2` = permissions: bit 0 read, 1 write, 2
    /// execute), changed, or unmapped (`$a2` = 0x100) `$a1` bytes at `$a0`; `execute` faults on
    /// accesses outside the mappings. Not part of the claim: memory is flat for the proof.
    case mapHint = 5
    /// Stops the run with a machine fault that carries the kernel's message (`$a1` bytes at
    /// `$a0`): the kernel cannot go on (every thread is blocked for ever, an unsupported
    /// request). A faulted run is not provable.
    case panic = 6
    /// Reports a finished syscall for `--trace-syscalls`: number `$a0`, its four register
    /// arguments at address `$a1`, result `$a2`, error flag `$a3`. Not part of the claim.
    case traceSyscall = 7

    /// Whether the proof covers it: it changes machine state or the claim. The others only show
    /// the host something.
    public var isProven: Bool {
        switch self {
        case .halt, .readInput, .writeOutput, .cycleCounter: return true
        case .console, .mapHint, .panic, .traceSyscall: return false
        }
    }
}

/// Where the kernel sits and the fixed addresses of the machine.
public enum KernelLayout {
    /// The kernel's image is linked here; everything from here up is kernel address space.
    public static let base: UInt32 = 0x8000_0000
    /// Exceptions (syscalls included) continue at this address, in kernel mode.
    public static let exceptionVector: UInt32 = 0x8000_0000
    /// Accesses below this address (the null guard pages) raise an exception in user mode, so
    /// the kernel can deliver SIGSEGV (Go's nil checks rely on it). Flat images (the raw
    /// conformance tests, whose code sits at address 0) run without the guard.
    public static let nullGuardEnd: UInt32 = 0x1_0000
    /// The kernel's one user page (the signal-return trampolines, `.vdso` in
    /// `mips-guests/kernel/kernel.ld`): the last page of user space, which ends here for the
    /// program (`user_end`: mmap never hands it out).
    public static let vdso: UInt32 = 0x7fff_f000
}
