import Constraints
import Field

/// The public values of a segment proof (one vector for the whole machine; every table reads
/// them by these indices).
public enum SegmentPublicValue: Int, CaseIterable, Sendable {
    /// pc, nextPC and mode (1: kernel) before the first cycle and after the last.
    case startPC, startNextPC, startMode, endPC, endNextPC, endMode
    /// The number of cycles the segment proves.
    case cycles
    /// The run's cycle count before the segment (what the cycle-counter primitive adds `clk`
    /// to), as two 32-bit words.
    case startCycleLow, startCycleHigh
    /// Words of the private input stream consumed before and after the segment.
    case inputStart, inputEnd
    /// Bytes of public output written before and after the segment.
    case outputStart, outputEnd
}

/// What a segment proof claims (issue 11's public form; the continuation issue replaces the
/// snapshot and the I/O lists by Merkle roots and digests).
///
/// The segment starts with `startRegisters` (the 37 machine registers: general 0–31, HI, LO,
/// EPC, the exception next pc, UserLocal; `MachineRegister`), pc/nextPC/mode and the words of
/// `pages` (4 KiB page number → its 1024 words), runs `cycles` cycles, consumes
/// `inputWords` from input position `inputStart`, writes `outputBytes` at output position
/// `outputStart`, and ends in the end state; `exitCode` is set when its last cycle halted.
public struct SegmentStatement: Hashable, Sendable {
    public var startPC: UInt32, startNextPC: UInt32, startKernelMode: Bool
    public var endPC: UInt32, endNextPC: UInt32, endKernelMode: Bool
    public var startRegisters: [UInt32], endRegisters: [UInt32]
    public var pages: [UInt32: [UInt32]]
    public var startCycle: UInt64
    public var cycles: Int
    public var inputStart: UInt32, inputWords: [UInt32]
    public var outputStart: UInt32, outputBytes: [UInt8]
    public var exitCode: UInt32?

    public init(startPC: UInt32, startNextPC: UInt32, startKernelMode: Bool, endPC: UInt32, endNextPC: UInt32, endKernelMode: Bool,
                startRegisters: [UInt32], endRegisters: [UInt32], pages: [UInt32: [UInt32]], startCycle: UInt64, cycles: Int,
                inputStart: UInt32, inputWords: [UInt32], outputStart: UInt32, outputBytes: [UInt8], exitCode: UInt32?) {
        (self.startPC, self.startNextPC, self.startKernelMode) = (startPC, startNextPC, startKernelMode)
        (self.endPC, self.endNextPC, self.endKernelMode) = (endPC, endNextPC, endKernelMode)
        (self.startRegisters, self.endRegisters, self.pages) = (startRegisters, endRegisters, pages)
        (self.startCycle, self.cycles) = (startCycle, cycles)
        (self.inputStart, self.inputWords, self.outputStart, self.outputBytes) = (inputStart, inputWords, outputStart, outputBytes)
        self.exitCode = exitCode
    }

    /// The public values, in `SegmentPublicValue` order.
    public var publicValues: [Goldilocks] {
        let values: [UInt64] = [
            UInt64(startPC), UInt64(startNextPC), startKernelMode ? 1 : 0, UInt64(endPC), UInt64(endNextPC), endKernelMode ? 1 : 0,
            UInt64(cycles), startCycle & 0xffff_ffff, startCycle >> 32,
            UInt64(inputStart), UInt64(inputStart) + UInt64(inputWords.count),
            UInt64(outputStart), UInt64(outputStart) + UInt64(outputBytes.count),
        ]
        return values.map { Goldilocks(reducing: $0) }
    }

    /// The verifier's own bus terms: it sends every start word (address, 0, value) and start
    /// register (index, 0, value), receives every end register (index, value), each input word
    /// (position, word), each output byte (position, byte), and the halt (last clk, exit code).
    public var publicInteractions: [PublicInteraction] {
        var interactions = [PublicInteraction]()
        for page in pages.keys.sorted() {
            for (offset, value) in pages[page]!.enumerated() {
                interactions.append(PublicInteraction(.send, memoryBus, [Goldilocks(page << 10 | UInt32(offset)), .zero, Goldilocks(value), .zero]))
            }
        }
        for (index, value) in startRegisters.enumerated() {
            interactions.append(PublicInteraction(.send, registersBus, [Goldilocks(index), .zero, Goldilocks(value)]))
        }
        for (index, value) in endRegisters.enumerated() {
            interactions.append(PublicInteraction(.receive, registerClaimBus, [Goldilocks(index), Goldilocks(value)]))
        }
        for (offset, word) in inputWords.enumerated() {
            interactions.append(PublicInteraction(.receive, inputBus, [Goldilocks(reducing: UInt64(inputStart) + UInt64(offset)), Goldilocks(word)]))
        }
        for (offset, byte) in outputBytes.enumerated() {
            interactions.append(PublicInteraction(.receive, outputBus, [Goldilocks(reducing: UInt64(outputStart) + UInt64(offset)), Goldilocks(UInt32(byte))]))
        }
        if let exitCode {
            interactions.append(PublicInteraction(.receive, haltBus, [Goldilocks(cycles - 1), Goldilocks(exitCode)]))
        }
        return interactions
    }
}
