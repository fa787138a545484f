import Commit
import Constraints

/// Everything a verifier decides before it sees a proof: the machine (tables, constraints,
/// buses) and the one configuration its proofs must use. Nothing here is read from a proof; a
/// proof stating another configuration is refused (`VerificationError.configurationMismatch`),
/// so a prover cannot trade queries for blowup or drop its proof of work.
///
/// Preprocessed (verifier-known) columns will add their commitments here; zero-knowledge mode
/// (hiding commitments, salted leaves) will be a property of the key, and until then every key
/// refuses salted openings.
public struct StarkVerifyingKey: Sendable {
    public let machine: StarkMachine
    public let configuration: StarkConfiguration

    /// Throws if `configuration` is out of range or below the security floor.
    public init(machine: StarkMachine, configuration: StarkConfiguration) throws(FRIError) {
        try configuration.validate()
        self.machine = machine
        self.configuration = configuration
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
