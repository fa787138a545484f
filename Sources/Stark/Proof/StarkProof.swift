import Commit
import Field

/// A multi-table STARK proof. It states its configuration and every table's height; the
/// verifier supplies the key (machine, configuration, preprocessed commitments) and the public
/// values (the claim).
///
/// Batches in `opening`, in order: every table's trace, then the LogUp columns of every table
/// that has interactions, then every table's quotient chunks.
public struct StarkProof: Hashable, Sendable {
    /// Bytes 0–3 of a serialised proof.
    public static let magic: [UInt8] = Array("ZKSP".utf8)
    /// Bumped whenever the layout or the protocol changes; readers refuse other versions.
    /// v2: verifying keys (preprocessed commitments start the transcript), every Merkle cap
    /// enters the transcript with its length, one public-value vector for the machine, a trace
    /// is opened at ω·ζ only if its table reads the next row.
    public static let formatVersion: UInt32 = 2

    public var configuration: StarkConfiguration
    /// log₂ of each table's height, in machine order.
    public var logHeights: [Int]
    public var traceCaps: [MerkleCap]
    /// For each table with interactions (machine order): its LogUp columns' cap and total.
    public var logUpCaps: [MerkleCap]
    public var logUpTotals: [GoldilocksExtension]
    public var quotientCaps: [MerkleCap]
    /// Every batch opened at ζ (and ω·ζ for LogUp columns and traces whose table reads the next
    /// row), with one FRI proof.
    public var opening: PCSProof

    public init(configuration: StarkConfiguration, logHeights: [Int], traceCaps: [MerkleCap], logUpCaps: [MerkleCap],
                logUpTotals: [GoldilocksExtension], quotientCaps: [MerkleCap], opening: PCSProof) {
        self.configuration = configuration
        self.logHeights = logHeights
        self.traceCaps = traceCaps
        self.logUpCaps = logUpCaps
        self.logUpTotals = logUpTotals
        self.quotientCaps = quotientCaps
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
        for caps in [traceCaps, logUpCaps, quotientCaps] {
            writer.writeCount(caps.count)
            for cap in caps { cap.write(to: &writer) }
        }
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
        var capLists = [[MerkleCap]]()
        for _ in 0..<3 {
            let count = try reader.readCount(0...tableCount, what: "cap")
            var caps = [MerkleCap]()
            for _ in 0..<count { caps.append(try MerkleCap.read(from: &reader)) }
            capLists.append(caps)
        }
        (traceCaps, logUpCaps, quotientCaps) = (capLists[0], capLists[1], capLists[2])
        logUpTotals = try reader.readElements(GoldilocksExtension.self, count: 0...tableCount, what: "LogUp total")
        opening = try PCSProof.read(from: &reader)
        try reader.finish()
    }

    /// The most tables a proof may have (a bound for readers, far above any machine).
    public static let maximumTableCount = 256
}
