/// The host side of the primitives: the private input stream, the public output, the console.
///
/// Part of a segment's snapshot is the input position and the input words the segment
/// consumes; the rest (console, output so far) is what the host observed.
public final class MachineIO {
    /// The input stream's words from ``inputOffset`` on (a segment holds only what it reads).
    public let inputWords: [UInt32]
    /// Index in the whole stream of `inputWords[0]`.
    public let inputOffset: Int
    /// Index of the next word ``Primitive/readInput`` returns.
    public internal(set) var inputPosition: Int
    /// Every byte written with ``Primitive/writeOutput``.
    public internal(set) var publicOutput: [UInt8] = []
    /// Console bytes, when ``capturesConsole`` is set.
    public private(set) var standardOutput: [UInt8] = []
    public private(set) var standardError: [UInt8] = []
    /// Keep console output in ``standardOutput``/``standardError``.
    public var capturesConsole = true
    /// Called with (fd, bytes) for every console write.
    public var consoleHandler: ((Int32, [UInt8]) -> Void)?

    /// A run reading `input` (the whole private input) from its start.
    public convenience init(input: [UInt8]) {
        self.init(inputWords: MachineIO.inputStream(input), inputOffset: 0)
    }

    /// A run (or segment) reading `inputWords`, which start at word `inputOffset` of the stream.
    public init(inputWords: [UInt32], inputOffset: Int) {
        self.inputWords = inputWords
        self.inputOffset = inputOffset
        inputPosition = inputOffset
    }

    /// The input stream ``Primitive/readInput`` hands out for `bytes`: the length, then the
    /// bytes four to a word, big-endian, zero-padded.
    public static func inputStream(_ bytes: [UInt8]) -> [UInt32] {
        var words: [UInt32] = [UInt32(truncatingIfNeeded: bytes.count)]
        words.reserveCapacity(1 + (bytes.count + 3) / 4)
        var index = 0
        while index < bytes.count {
            var word: UInt32 = 0
            for offset in 0..<4 {
                word <<= 8
                if index + offset < bytes.count { word |= UInt32(bytes[index + offset]) }
            }
            words.append(word)
            index += 4
        }
        return words
    }

    /// The next input word (0 past the end, or past what a segment holds).
    func nextInputWord() -> UInt32 {
        let index = inputPosition - inputOffset
        inputPosition += 1
        guard index >= 0, index < inputWords.count else { return 0 }
        return inputWords[index]
    }

    /// The words read since word `start` of the stream.
    func inputWordsRead(since start: Int) -> [UInt32] {
        let from = max(0, start - inputOffset), to = max(from, min(inputWords.count, inputPosition - inputOffset))
        return Array(inputWords[from..<to])
    }

    func appendOutput(_ word: UInt32, byteCount: Int) {
        for index in 0..<min(max(byteCount, 0), 4) {
            publicOutput.append(UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * index)))
        }
    }

    func console(_ fd: Int32, _ bytes: [UInt8]) {
        if capturesConsole {
            if fd == 2 { standardError += bytes } else { standardOutput += bytes }
        }
        consoleHandler?(fd, bytes)
    }
}

/// How the kernel ended the run (the ``Primitive/halt`` operands).
public struct Halt: Hashable, Sendable {
    /// The process's exit status: the `exit_group` argument, or 128 + signal when a signal
    /// killed it (what a shell reports).
    public var exitCode: Int32
    /// The signal that killed the process, or 0.
    public var signal: UInt32
    /// For a fatal signal raised by an instruction: its address and the faulting data address.
    public var faultPC: UInt32
    public var faultAddress: UInt32

    public init(exitCode: Int32, signal: UInt32 = 0, faultPC: UInt32 = 0, faultAddress: UInt32 = 0) {
        self.exitCode = exitCode
        self.signal = signal
        self.faultPC = faultPC
        self.faultAddress = faultAddress
    }

    /// "killed by SIGSEGV (signal 11) at pc 0x…, address 0x…", or nil for a normal exit.
    public var signalDescription: String? {
        guard signal != 0 else { return nil }
        var text = "killed by \(Signal.name(signal)) (signal \(signal))"
        if faultPC != 0 || faultAddress != 0 { text += " at pc \(hex32(faultPC)), address \(hex32(faultAddress))" }
        return text
    }
}

/// Linux signal names (MIPS numbering: arch/mips/include/uapi/asm/signal.h).
public enum Signal {
    static let names: [UInt32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGEMT",
        8: "SIGFPE", 9: "SIGKILL", 10: "SIGBUS", 11: "SIGSEGV", 12: "SIGSYS", 13: "SIGPIPE",
        14: "SIGALRM", 15: "SIGTERM", 16: "SIGUSR1", 17: "SIGUSR2", 18: "SIGCHLD", 19: "SIGPWR",
        20: "SIGWINCH", 21: "SIGURG", 22: "SIGIO", 23: "SIGSTOP", 24: "SIGTSTP", 25: "SIGCONT",
        26: "SIGTTIN", 27: "SIGTTOU", 28: "SIGVTALRM", 29: "SIGPROF", 30: "SIGXCPU", 31: "SIGXFSZ",
    ]

    public static func name(_ number: UInt32) -> String { names[number] ?? "signal \(number)" }
}
