import Commit
import Constraints

/// Everything a verifier decides before it sees a proof: the machine (tables, constraints,
/// buses) and the one configuration its proofs must use. Nothing here is read from a proof; a
/// proof stating another configuration is refused (`VerificationError.configurationMismatch`),
/// so a prover cannot trade queries for blowup or drop its proof of work.
///
/// The key also holds the commitments (Merkle caps) of the tables' preprocessed columns, which
/// the verifier checks their openings against, and which start the transcript. Zero-knowledge
/// mode (hiding commitments, salted leaves) will be a property of the key; until then every key
/// refuses salted openings.
public struct StarkVerifyingKey: Sendable {
    public let machine: StarkMachine
    public let configuration: StarkConfiguration
    /// The cap of the one round committing every table in `machine.preprocessedTables` (empty
    /// if no table has preprocessed columns).
    public let preprocessedCaps: [MerkleCap]

    /// Throws if `configuration` is out of range or below the security floor. Commits the
    /// preprocessed columns (their LDEs, in one mixed-height Merkle tree).
    public init(machine: StarkMachine, configuration: StarkConfiguration) throws(FRIError) {
        try configuration.validate()
        self.machine = machine
        self.configuration = configuration
        preprocessedCaps = machine.commitPreprocessed(FRIPCS(parameters: configuration.fri)).map { [$0.cap] } ?? []
    }

    /// Salt elements per committed leaf: 0, the key is not zero-knowledge.
    public var saltLength: Int { 0 }

    /// Conjectured and proven security of this key's proofs when the tallest table has
    /// 2^logHeight rows (see `FRISecurityEstimate`): every committed column of every table
    /// is batched, and every constraint (LogUp's included) counts.
    public func securityEstimate(logHeight: Int) -> FRISecurityEstimate {
        let tables = 0..<machine.tableCount
        return configuration.fri.securityEstimate(
            logTraceHeight: logHeight,
            batchedColumns: machine.batches.reduce(0) { $0 + $1.width },
            constraintCount: tables.reduce(0) { $0 + machine.constraintCount(ofTable: $1) },
            constraintDegree: tables.map(machine.maximumDegree(ofTable:)).max() ?? 1)
    }
}
