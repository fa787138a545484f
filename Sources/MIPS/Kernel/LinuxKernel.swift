/// The Linux o32 personality the guest talks to through `syscall`.
///
/// Answers are deterministic (DESIGN.md §6): a virtual clock driven by the cycle count, fixed
/// random bytes, no host files. File descriptors: 0 reads the private input, 1 and 2 are the
/// console, 3 is the public output that the proof's claim binds. A syscall the kernel does not
/// know is a fault that names it; the ABI is documented in `mips-guests/README.md`.
public final class LinuxKernel {
    public var state: KernelState
    /// The private input stream (fd 0).
    public let input: [UInt8]
    /// Everything written to fd 3 so far.
    public private(set) var publicOutput: [UInt8] = []
    /// Console bytes written so far, when ``capturesConsole`` is set.
    public private(set) var standardOutput: [UInt8] = []
    public private(set) var standardError: [UInt8] = []
    /// Keep console output in ``standardOutput``/``standardError``.
    public var capturesConsole = true
    /// Called with (fd, bytes) for every console write (fd 1 or 2).
    public var consoleHandler: ((Int32, [UInt8]) -> Void)?

    /// Position in the whole input stream of `input[0]` (non-zero when a segment replays with
    /// only the bytes it consumes).
    public let inputOffset: Int

    public init(state: KernelState, input: [UInt8] = [], inputOffset: Int = 0) {
        self.state = state
        self.input = input
        self.inputOffset = inputOffset
    }

    /// Consumes up to `count` input bytes.
    func takeInput(upTo count: Int) -> ArraySlice<UInt8> {
        let start = state.inputPosition - inputOffset
        guard start >= 0, start <= input.count else { return [] }
        let taken = input[start..<min(input.count, start + max(0, count))]
        state.inputPosition += taken.count
        return taken
    }

    /// The name of an o32 syscall number (`4004` → `"write"`), if known.
    public static func syscallName(_ number: UInt32) -> String? { SyscallNames.name(of: number) }

    /// The TLS pointer, as `rdhwr $29` reads it.
    public var threadPointer: UInt32 { state.threadPointer }

    /// Virtual time in nanoseconds since the Unix epoch at cycle `cycles`.
    public func clock(atCycle cycles: UInt64) -> UInt64 {
        KernelConstants.epochSeconds &* 1_000_000_000 &+ cycles &* KernelConstants.nanosecondsPerCycle &+ state.sleptNanoseconds
    }

    /// Appends guest console output.
    func console(_ fd: Int32, _ bytes: [UInt8]) {
        if capturesConsole {
            if fd == 1 { standardOutput += bytes } else { standardError += bytes }
        }
        consoleHandler?(fd, bytes)
    }

    func commit(_ bytes: [UInt8]) { publicOutput += bytes }

    /// Handles one syscall. `arguments` are a0–a3; the fifth and sixth o32 arguments live on the
    /// guest stack at sp + 16 and sp + 20 (see ``Syscall/stackArgument(_:)``).
    public func syscall(_ number: UInt32, _ arguments: [UInt32], memory: Memory, machine: Machine) -> SyscallOutcome {
        let call = Syscall(number: number, arguments: arguments, memory: memory, machine: machine, kernel: self)
        do {
            return try call.dispatch()
        } catch {
            switch error {
            case let .errno(errno): return .failed(errno)
            case let .fault(kind): return .fault(kind)
            }
        }
    }
}

/// How a syscall handler bails out.
enum SyscallError: Error {
    case errno(Errno)
    case fault(Fault.Kind)
}
