import Commit
import Field

/// A multi-table STARK proof. It states its configuration and every table's height; the
/// verifier supplies the key (machine, configuration, preprocessed commitments) and the public
/// values (the claim).
///
/// Rounds in `opening`, in order (each one mixed-height Merkle tree): the key's preprocessed
/// columns (if any), every table's trace, the LogUp columns of every table that has
/// interactions, every table's quotient chunks.
public struct StarkProof: Hashable, Sendable {
    /// Bytes 0–3 of a serialised proof.
    public static let magic: [UInt8] = Array("ZKSP".utf8)
    /// Bumped whenever the layout or the protocol changes; readers refuse other versions.
    /// v2: verifying keys (preprocessed commitments start the transcript), every Merkle cap
    /// enters the transcript with its length, one public-value vector for the machine, a trace
    /// is opened at ω·ζ only if its table reads the next row.
    /// v3: one commitment (mixed-height Merkle tree) per round instead of one per table: one
    /// cap each for the traces, the LogUp columns and the quotients, one opening per round.
    public static let formatVersion: UInt32 = 3

    public var configuration: StarkConfiguration
    /// log₂ of each table's height, in machine order.
    public var logHeights: [Int]
    /// The cap of the round committing every table's trace.
    public var traceCap: MerkleCap
    /// The cap of the round committing the LogUp columns (nil when no table has interactions),
    /// and the total of each table with interactions (machine order).
    public var logUpCap: MerkleCap?
    public var logUpTotals: [GoldilocksExtension]
    /// The cap of the round committing every table's quotient chunks.
    public var quotientCap: MerkleCap
    /// Every batch opened at ζ (and ω·ζ for LogUp columns and traces whose table reads the next
    /// row), with one FRI proof.
    public var opening: PCSProof

    public init(configuration: StarkConfiguration, logHeights: [Int], traceCap: MerkleCap, logUpCap: MerkleCap?,
                logUpTotals: [GoldilocksExtension], quotientCap: MerkleCap, opening: PCSProof) {
        self.configuration = configuration
        self.logHeights = logHeights
        self.traceCap = traceCap
        self.logUpCap = logUpCap
        self.logUpTotals = logUpTotals
        self.quotientCap = quotientCap
        self.opening = opening
    }

    // MARK: - Bytes

    /// The versioned binary form: magic, version, configuration, heights, caps, LogUp totals,
    /// opening proof. Integers little-endian, field elements as canonical 64-bit words.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(bytes: Self.magic)
        writer.write(Self.formatVersion)
        configuration.fri.write(to: &writer)
        writer.writeCount(logHeights.count)
        for logHeight in logHeights { writer.writeCount(logHeight) }
        traceCap.write(to: &writer)
        writer.write(UInt8(logUpCap == nil ? 0 : 1))
        logUpCap?.write(to: &writer)
        quotientCap.write(to: &writer)
        writer.write(elements: logUpTotals)
        opening.write(to: &writer)
        return writer.bytes
    }

    /// Reads a proof written by `serialized()`. Checks the format only (magic, version, counts,
    /// canonical elements, no trailing bytes); the verifier checks everything else.
    public init(bytes: [UInt8]) throws(ByteDecodingError) {
        var reader = ByteReader(bytes)
        try reader.readHeader(magic: Self.magic, version: Self.formatVersion, what: "zkmips STARK proof")
        configuration = StarkConfiguration(fri: try FRIParameters.read(from: &reader))
        let tableCount = try reader.readCount(1...Self.maximumTableCount, what: "table")
        var logHeights = [Int]()
        for _ in 0..<tableCount { logHeights.append(try reader.readCount(0...32, what: "log height")) }
        self.logHeights = logHeights
        traceCap = try MerkleCap.read(from: &reader)
        let flagOffset = reader.offset
        switch try reader.readByte() {
        case 0: logUpCap = nil
        case 1: logUpCap = try MerkleCap.read(from: &reader)
        case let flag: throw .invalidValue(offset: flagOffset, what: "LogUp cap flag \(flag)")
        }
        quotientCap = try MerkleCap.read(from: &reader)
        logUpTotals = try reader.readElements(GoldilocksExtension.self, count: 0...tableCount, what: "LogUp total")
        opening = try PCSProof.read(from: &reader)
        try reader.finish()
    }

    /// The most tables a proof may have (a bound for readers, far above any machine).
    public static let maximumTableCount = 256
}
