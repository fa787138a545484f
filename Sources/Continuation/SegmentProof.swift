import Field
import MIPS
import Stark
import Tables

/// A proof of one segment: the statement it proves (`SegmentStatement`: start and end state, the
/// start contents of the pages it touches, input words, output bytes, exit) and the STARK proof
/// of `CPUMachine.tables` for it. The continuation issue chains these through memory roots; today
/// a statement carries its pages in the clear.
///
/// Format (version 2, integers little-endian): magic "ZKSG", version, the statement, then the
/// STARK proof (`StarkProof.serialized`) with its length. Version 2: proofs of the machine with
/// the code table (17 tables, store counts on the memory bus); a version-1 file is a proof of the
/// earlier 16-table machine, which this build cannot verify, and is refused by its version.
public struct SegmentProof: Sendable {
    public static let magic: [UInt8] = Array("ZKSG".utf8)
    public static let formatVersion: UInt32 = 2
    /// Bounds a reader enforces before allocating (far above what a 2^21-cycle segment makes).
    static let maximumPages = 1 << 20, maximumInputWords = 1 << 24, maximumOutputBytes = 1 << 26

    public var statement: SegmentStatement
    public var stark: StarkProof

    public init(statement: SegmentStatement, stark: StarkProof) {
        self.statement = statement
        self.stark = stark
    }

    public func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(bytes: Self.magic)
        writer.write(Self.formatVersion)
        let s = statement
        for value in [s.startPC, s.startNextPC, s.endPC, s.endNextPC] { writer.write(value) }
        writer.write(UInt8(s.startKernelMode ? 1 : 0))
        writer.write(UInt8(s.endKernelMode ? 1 : 0))
        for registers in [s.startRegisters, s.endRegisters] { for value in registers { writer.write(value) } }
        writer.writeCount(s.pages.count)
        for page in s.pages.keys.sorted() {
            writer.write(page)
            for word in s.pages[page]! { writer.write(word) }
        }
        writer.write(s.startCycle)
        writer.writeCount(s.cycles)
        writer.write(s.inputStart)
        writer.writeCount(s.inputWords.count)
        for word in s.inputWords { writer.write(word) }
        writer.write(s.outputStart)
        writer.writeCount(s.outputBytes.count)
        writer.write(bytes: s.outputBytes)
        writer.write(UInt8(s.exitCode == nil ? 0 : 1))
        writer.write(s.exitCode ?? 0)
        let stark = stark.serialized()
        writer.writeCount(stark.count)
        writer.write(bytes: stark)
        return writer.bytes
    }

    /// Reads a proof written by `serialized()`: the format only (magic, version, counts, flags,
    /// no trailing bytes); `SegmentVerifier` checks the rest.
    public init(bytes: [UInt8]) throws(ByteDecodingError) {
        var reader = ByteReader(bytes)
        try reader.readHeader(magic: Self.magic, version: Self.formatVersion, what: "zkmips segment proof")
        func flag(_ what: String) throws(ByteDecodingError) -> Bool {
            let at = reader.offset
            let byte = try reader.readByte()
            guard byte <= 1 else { throw .invalidValue(offset: at, what: what) }
            return byte == 1
        }
        func words(_ count: Int) throws(ByteDecodingError) -> [UInt32] {
            guard reader.remaining >= 4 * count else { throw .truncated(offset: reader.offset, needed: 4 * count - reader.remaining) }
            var words = [UInt32]()
            words.reserveCapacity(count)
            for _ in 0..<count { words.append(try reader.readUInt32()) }
            return words
        }
        let pcs = try words(4)
        let (startMode, endMode) = (try flag("start mode"), try flag("end mode"))
        let startRegisters = try words(MachineRegister.count), endRegisters = try words(MachineRegister.count)
        let pageCount = try reader.readCount(0...Self.maximumPages, what: "page")
        var pages = [UInt32: [UInt32]]()
        var previous: UInt32?
        for _ in 0..<pageCount {
            let at = reader.offset
            let page = try reader.readUInt32()
            guard page < 1 << 20, previous.map({ page > $0 }) ?? true else { throw .invalidValue(offset: at, what: "page number \(page) (pages are 0 … 2^20 − 1, ascending)") }
            previous = page
            pages[page] = try words(1024)
        }
        let startCycle = try reader.readUInt64()
        let cycles = try reader.readCount(1...(1 << 21), what: "cycle")
        let inputStart = try reader.readUInt32()
        let inputWords = try words(try reader.readCount(0...Self.maximumInputWords, what: "input word"))
        let outputStart = try reader.readUInt32()
        let outputCount = try reader.readCount(0...Self.maximumOutputBytes, what: "output byte")
        guard reader.remaining >= outputCount else { throw .truncated(offset: reader.offset, needed: outputCount - reader.remaining) }
        var outputBytes = [UInt8]()
        for _ in 0..<outputCount { outputBytes.append(try reader.readByte()) }
        let halted = try flag("exit flag")
        let exitCode = try reader.readUInt32()
        statement = SegmentStatement(
            startPC: pcs[0], startNextPC: pcs[1], startKernelMode: startMode, endPC: pcs[2], endNextPC: pcs[3], endKernelMode: endMode,
            startRegisters: startRegisters, endRegisters: endRegisters, pages: pages, startCycle: startCycle, cycles: cycles,
            inputStart: inputStart, inputWords: inputWords, outputStart: outputStart, outputBytes: outputBytes, exitCode: halted ? exitCode : nil)
        let starkCount = try reader.readCount(0...Int(UInt32.max), what: "STARK proof byte")
        guard reader.remaining >= starkCount else { throw .truncated(offset: reader.offset, needed: starkCount - reader.remaining) }
        let starkBytes = Array(reader.bytes[reader.offset..<reader.offset + starkCount])
        stark = try StarkProof(bytes: starkBytes)
        guard reader.offset + starkCount == bytes.count else {
            throw .trailingBytes(offset: reader.offset + starkCount, count: bytes.count - reader.offset - starkCount)
        }
    }
}

/// Why a segment could not be proven.
public enum SegmentProvingError: Error, Sendable, CustomStringConvertible {
    /// The segment ends in a machine fault: a faulted run has no proof.
    case faulted(String)
    /// The tables cannot prove the segment (an instruction they lack, or a VM/tables disagreement).
    case witness(WitnessError)
    case proving(ProvingError)

    public var description: String {
        switch self {
        case let .faulted(reason): "the segment ends in a machine fault (\(reason)); a faulted run cannot be proven"
        case let .witness(error): "\(error)"
        case let .proving(error): "the prover refused the witness: \(error)"
        }
    }
}

/// Proves segments with the MIPS tables (one prover for many segments: the fixed tables are
/// committed once).
public struct SegmentProver: Sendable {
    public let machine: StarkMachine
    public private(set) var prover: StarkProver

    /// `checksWitness`: run the trace and bus checkers before proving (`StarkProver.checksWitness`);
    /// the default is on in debug builds, off in release builds.
    public init(configuration: StarkConfiguration = .fast, checksWitness: Bool? = nil) throws {
        machine = try StarkMachine(tables: CPUMachine.tables)
        prover = StarkProver(machine: machine, configuration: configuration)
        #if DEBUG
        prover.checksWitness = checksWitness ?? true
        #else
        prover.checksWitness = checksWitness ?? false
        #endif
    }

    /// Re-executes `segment` tracing, builds its witness and proves it; `outputStart` is the
    /// run's output position at the segment's start (bytes written before it).
    public func prove(_ segment: Segment, outputStart: UInt32 = 0, progress: ((String) -> Void)? = nil) throws(SegmentProvingError) -> SegmentProof {
        let witness = try Self.witness(segment, outputStart: outputStart)
        progress?("witness built: \(witness.statement.cycles) cycles, \(witness.traces.reduce(0) { $0 + $1.height * $1.width }) main cells")
        do {
            let stark = try prover.prove(traces: witness.traces, publicValues: witness.publicValues,
                                         publicInteractions: witness.publicInteractions, progress: progress)
            return SegmentProof(statement: witness.statement, stark: stark)
        } catch { throw .proving(error) }
    }
}

extension SegmentProver {
    /// Re-executes `segment` tracing and builds its witness for the MIPS tables.
    public static func witness(_ segment: Segment, outputStart: UInt32 = 0) throws(SegmentProvingError) -> SegmentWitness {
        let (events, end) = segment.trace()
        if case let .faulted(fault) = end.status { throw .faulted(fault.reason) }
        let start = SegmentStart(state: segment.start, cycle: segment.startCycle, inputPosition: UInt32(segment.inputPosition),
                                 outputPosition: outputStart, pages: segment.pages)
        do { return try CPUMachine.witness(start: start, trace: events) } catch { throw .witness(error) }
    }

    /// Builds `segment`'s witness and runs the trace and bus checkers on it instead of proving:
    /// what `zkmips check-segments` reports. `limit`: how many failures of each kind to keep.
    public func check(_ segment: Segment, outputStart: UInt32 = 0, limit: Int = 4) throws(SegmentProvingError) -> WitnessReport {
        let witness = try Self.witness(segment, outputStart: outputStart)
        do {
            return try machine.check(traces: witness.traces, publicValues: witness.publicValues,
                                     publicInteractions: witness.publicInteractions, limit: limit)
        } catch {
            throw .proving(.witnessRejected("the checkers could not run: \(error)"))
        }
    }
}

/// Checks segment proofs against the verifying key of the MIPS tables.
public struct SegmentVerifier: Sendable {
    public let verifier: StarkVerifier

    public init(configuration: StarkConfiguration = .fast) throws {
        let machine = try StarkMachine(tables: CPUMachine.tables)
        verifier = StarkVerifier(key: try StarkVerifyingKey(machine: machine, configuration: configuration))
    }

    /// Verifies `proof`: its STARK proof against its statement's public values and bus terms.
    public func verify(_ proof: SegmentProof) throws(VerificationError) {
        try verifier.verify(proof.stark, publicValues: proof.statement.publicValues, publicInteractions: proof.statement.publicInteractions)
    }
}
