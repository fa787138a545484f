/// The kernel's side of the process state. Part of every segment's start snapshot, so that
/// re-executing a segment answers its syscalls exactly as the original run did.
public struct KernelState: Hashable, Sendable {
    /// Start of the heap (page-aligned end of the highest ELF segment).
    public var breakStart: UInt32
    /// Current program break.
    public var programBreak: UInt32
    /// The break can grow up to here.
    public var breakLimit: UInt32
    /// Anonymous mappings are placed top-down below this address.
    public var mmapTop: UInt32
    /// The TLS pointer (`set_thread_area`, read by `rdhwr $29`).
    public var threadPointer: UInt32
    /// Nanoseconds the guest has slept (nanosleep, futex timeouts); added to the clock.
    public var sleptNanoseconds: UInt64
    /// Bytes of the private input already read through fd 0.
    public var inputPosition: Int
    /// Counter of the deterministic random stream (`getrandom`).
    public var randomCounter: UInt64
    /// Open descriptors above 3 (pipes, epoll instances).
    public var descriptors: [UInt32: OpenDescriptor] = [:]
    /// Bytes buffered in each pipe, by pipe number.
    public var pipes: [UInt32: [UInt8]] = [:]
    /// The number the next pipe gets.
    public var nextPipe: UInt32 = 0

    public init(breakStart: UInt32, breakLimit: UInt32, mmapTop: UInt32) {
        self.breakStart = breakStart
        programBreak = breakStart
        self.breakLimit = breakLimit
        self.mmapTop = mmapTop
        threadPointer = 0
        sleptNanoseconds = 0
        inputPosition = 0
        randomCounter = 0
    }
}

/// Fixed answers the kernel gives. Deterministic by design: no host clock, randomness or files.
public enum KernelConstants {
    /// The clock starts at 2024-01-01T00:00:00Z …
    public static let epochSeconds: UInt64 = 1_704_067_200
    /// … and advances 10 ns per executed instruction (a 100 MHz machine), plus slept time.
    public static let nanosecondsPerCycle: UInt64 = 10
    public static let processID: UInt32 = 1
    /// `uname` answers.
    public static let systemName = "Linux"
    public static let nodeName = "zkmips"
    public static let release = "6.1.0-zkmips"
    public static let version = "#1 SMP"
    public static let machine = "mips"
    /// What `readlink("/proc/self/exe")` answers.
    public static let executablePath = "/program"
    /// Size reported by `sysinfo` for total and free RAM.
    public static let reportedRAM: UInt32 = 1 << 30
}
