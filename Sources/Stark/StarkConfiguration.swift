import Commit

/// How a STARK is proven: the FRI parameters of its polynomial commitments (blowup, queries,
/// proof of work, folding arity, cap height). A proof states its configuration, but the
/// verifier's key decides it: a proof made with any other configuration is refused. Keys refuse
/// configurations below `FRIParameters.minimumSecurityBits` conjectured bits.
public struct StarkConfiguration: Hashable, Sendable, CustomStringConvertible {
    public var fri: FRIParameters

    public init(fri: FRIParameters) {
        self.fri = fri
    }

    /// Blowup 2, 84 queries, 16 proof-of-work bits (100 conjectured bits): fast proving,
    /// larger proofs. For segment proofs (DESIGN.md §5).
    public static let fast = StarkConfiguration(fri: .fast)
    /// Blowup 8, 28 queries, 16 proof-of-work bits (100 conjectured bits): slower proving,
    /// smaller proofs. For recursion layers (DESIGN.md §5).
    public static let compact = StarkConfiguration(fri: .compact)

    /// Conjectured security (FRI queries × log₂ blowup + proof-of-work bits).
    public var conjecturedSecurityBits: Int { fri.conjecturedSecurityBits }

    /// The preset's name if it is one, with its parameters.
    public var description: String {
        let name = self == .fast ? "the fast preset" : self == .compact ? "the compact preset" : "a custom configuration"
        return "\(name) (\(fri))"
    }

    /// Checks the parameters are in range and meet the security floor. The quotient is
    /// evaluated on the first 2n rows of the trace LDE, so the blowup must be at least 2 (it is
    /// for every valid FRI parameter set).
    public func validate() throws(FRIError) {
        try fri.validate()
    }
}
