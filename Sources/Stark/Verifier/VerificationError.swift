import Commit
import Constraints
import Field

/// Why a STARK proof was rejected. Shape errors come first (before any arithmetic), then the
/// protocol's checks in the order the verifier makes them.
public enum VerificationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The proof states another configuration than the verifying key's.
    case configurationMismatch(expected: StarkConfiguration, got: StarkConfiguration)
    /// The proof does not have the machine's shape (table count, heights, caps, opened values).
    case shapeMismatch(String)
    /// Table `table` has preprocessed columns of height 2^expected; the proof states 2^got.
    case preprocessedHeightMismatch(table: String, expectedLog: Int, gotLog: Int)
    /// A commitment round (trace, LogUp or quotient) does not have the number of roots the key's
    /// cap height implies for its shortest batch.
    case capSizeMismatch(round: String, expected: Int, got: Int)
    /// The public values given are not as many as the machine reads.
    case publicValueCount(expected: Int, got: Int)
    /// The LogUp totals of all tables, with the public interactions' terms, do not add up to
    /// zero: some bus does not balance.
    case busImbalance(total: GoldilocksExtension)
    /// A public interaction names a bus the machine does not have (or with another arity).
    case unknownBus(String)
    /// Public interaction `index` has a zero fingerprint (probability about 2^-120).
    case publicInteractionFingerprintZero(index: Int)
    /// ζ fell where the selectors are undefined (in table `table`'s trace domain); probability
    /// about 2^-100, so in practice a forged transcript.
    case degenerateOutOfDomainPoint(table: String)
    /// Table `table`'s constraints, combined with α and evaluated at ζ from the opened values,
    /// are not Z_H(ζ) times its opened quotient: a constraint does not hold on the trace, or an
    /// opened value or something observed before ζ differs from the prover's.
    case constraintMismatch(table: String)
    /// The opening proof (Merkle paths, DEEP quotients, FRI) failed.
    case opening(PCSError)

    public var description: String {
        switch self {
        case let .configurationMismatch(expected, got): "the proof was made with \(got); this verifier accepts only \(expected)"
        case let .shapeMismatch(what): "proof does not fit the machine: \(what)"
        case let .preprocessedHeightMismatch(table, expectedLog, gotLog): "table \(table): the proof states 2^\(gotLog) rows, its preprocessed columns have 2^\(expectedLog)"
        case let .capSizeMismatch(round, expected, got): "the \(round) commitment has \(got) Merkle roots, expected \(expected)"
        case let .publicValueCount(expected, got): "\(got) public values given, the machine reads \(expected)"
        case let .busImbalance(total): "the buses do not balance: the LogUp totals add up to \(total), not 0"
        case let .unknownBus(bus): "a public interaction uses bus \(bus), which the machine does not have"
        case let .publicInteractionFingerprintZero(index): "public interaction \(index) has a zero fingerprint"
        case let .degenerateOutOfDomainPoint(table): "table \(table): the out-of-domain point ζ lies where the selectors are undefined"
        case let .constraintMismatch(table): "table \(table): the constraints at ζ do not match the quotient (a constraint fails, or the proof was altered)"
        case let .opening(error): "opening proof rejected: \(error)"
        }
    }
}

/// Why the prover could not start (bad witness for the machine) or hit a dead end.
public enum ProvingError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidConfiguration(FRIError)
    /// The number of traces differs from the number of tables.
    case tableCount(expected: Int, got: Int)
    case traceWidth(table: String, expected: Int, got: Int)
    /// Heights must be powers of two, at least 1 and at most 2^maximumLog.
    case traceHeight(table: String, height: Int, maximumLog: Int)
    case publicValueCount(expected: Int, got: Int)
    /// A LogUp fingerprint was zero (the tuple hit the random challenge; probability ~2^-120).
    case fingerprintZero(table: String, row: Int)
    /// A table with preprocessed columns must have their height.
    case preprocessedHeight(table: String, expected: Int, got: Int)
    /// A public interaction names a bus the machine does not have (or with another arity).
    case unknownBus(String)
    /// The self-check (`StarkProver.checksWitness`) found constraints that fail or buses that do
    /// not balance; the report names them.
    case witnessRejected(String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(error): "configuration refused: \(error)"
        case let .tableCount(expected, got): "\(got) traces for a machine of \(expected) tables"
        case let .traceWidth(table, expected, got): "table \(table): trace has \(got) columns, the AIR has \(expected)"
        case let .traceHeight(table, height, maximumLog): "table \(table): height \(height) is not a power of two in 1…2^\(maximumLog)"
        case let .publicValueCount(expected, got): "\(got) public values, the machine reads \(expected)"
        case let .fingerprintZero(table, row): "table \(table) row \(row): a LogUp fingerprint is zero; retry with another transcript label"
        case let .preprocessedHeight(table, expected, got): "table \(table): \(got) rows, its preprocessed columns have \(expected)"
        case let .unknownBus(bus): "a public interaction uses bus \(bus), which the machine does not have"
        case let .witnessRejected(report): "the witness does not satisfy the tables (no proof was made):\n\(report)"
        }
    }
}
