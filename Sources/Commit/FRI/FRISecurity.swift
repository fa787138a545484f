import Foundation

/// Soundness of a FRI-based STARK with these parameters, in bits (−log₂ of an error probability),
/// for one shape of proof.
///
/// - **Conjectured** security is the usual FRI conjecture (plonky2, Plonky3, ethSTARK §5.10):
///   queries × log₂(blowup) + proof-of-work bits. It is what the presets target (≥ 100) and
///   what keys enforce.
/// - **Proven** security is what published theorems give today, in the Johnson-bound (list
///   decoding) regime, round by round (the largest error of any one round bounds what a
///   Fiat–Shamir attacker gains per hash query). Our own implementation of:
///   - proximity gaps for Reed–Solomon codes up to the Johnson bound, Theorem 4.2 of
///     Ben-Sasson, Carmon, Haböck, Kopparty, Saraf, "On Proximity Gaps for Reed–Solomon Codes"
///     (2025) — the error of one random linear combination, multiplied by (k − 1) when k
///     functions are combined with powers of one challenge (our DEEP batching with α, and each
///     fold with β, ..., β^(arity − 1));
///   - the query phase, (1 − δ)^queries · 2^−PoW with δ = 1 − √ρ − η;
///   - DEEP-ALI (ethSTARK documentation v1.2, §5 and the RISC Zero report §3.4): list size
///     L = 1/(2η√ρ) times the constraint count, and times the degree of the DEEP quotient, over
///     the extension field's size.
///   The gap η below the Johnson bound is chosen to maximise the minimum. Challenges come from
///   the degree-2 extension of Goldilocks (|F| = p² ≈ 2^128).
///
/// The proven figure is far below the conjectured one for every practical STARK (the known
/// theorems are loose); both are reported so nobody mistakes one for the other.
public struct FRISecurityEstimate: Hashable, Sendable {
    public let conjecturedBits: Int
    /// min of the components below.
    public let provenBits: Double
    public let queryPhaseBits: Double
    /// Combining `batchedColumns` polynomials with powers of α.
    public let batchingBits: Double
    /// The weakest folding round.
    public let foldingBits: Double
    public let deepALIBits: Double
    /// The gap η below the Johnson bound 1 − √ρ that maximises `provenBits`.
    public let johnsonGap: Double
}

extension FRIParameters {
    /// The security of a proof whose tallest trace has 2^logTraceHeight rows, committing
    /// `batchedColumns` polynomials in all (trace, LogUp and quotient columns, extension columns
    /// counted twice), with `constraintCount` constraints of degree ≤ `constraintDegree`.
    public func securityEstimate(logTraceHeight: Int, batchedColumns: Int, constraintCount: Int, constraintDegree: Int = 3) -> FRISecurityEstimate {
        let fieldBits = 128.0  // log₂ |F| for F = F_p[X]/(X² − 7), p ≈ 2^64; p² = 2^128 − 2^97 + …
        let rate = pow(2.0, -Double(logBlowup))
        let sqrtRate = rate.squareRoot()
        let logLDE = logTraceHeight + logBlowup
        // Codeword lengths folded at each round (one input height: the tallest).
        let schedule = FRISchedule(inputLogHeights: [logLDE], parameters: self)
        var roundSizes = [(logSize: Int, arity: Int)]()
        var logSize = logLDE
        for logArity in schedule.roundLogArities {
            roundSizes.append((logSize, 1 << logArity))
            logSize -= logArity
        }
        func bits(_ log2Error: Double) -> Double { max(0, -log2Error) }

        var best: FRISecurityEstimate?
        // η from √ρ/2 down to √ρ·2^−24 in steps of 2^−1/8.
        for step in 8...(24 * 8) {
            let gap = sqrtRate * pow(2.0, -Double(step) / 8)
            let delta = 1 - sqrtRate - gap
            let m = max(ceil(sqrtRate / gap), 3) + 0.5
            /// log₂ of Theorem 4.2's error for one linear combination of words of length 2^logN.
            func log2Linear(_ logN: Int) -> Double {
                let n = pow(2.0, Double(logN))
                let first = (2 * pow(m, 5) + 3 * m * delta * rate) * n / (3 * rate * sqrtRate)
                return log2(first + m / sqrtRate) - fieldBits
            }
            let query = bits(Double(queryCount) * log2(1 - delta) - Double(proofOfWorkBits))
            let batching = bits(log2Linear(logLDE) + log2(Double(max(2, batchedColumns)) - 1))
            let folding = roundSizes.map { bits(log2Linear($0.logSize) + log2(Double($0.arity - 1))) }.min() ?? .infinity
            let listSize = 1 / (2 * gap * sqrtRate)
            let traceLength = pow(2.0, Double(logTraceHeight))
            let ali = bits(log2(listSize * Double(max(1, constraintCount))) - fieldBits)
            let deep = bits(log2(listSize * (Double(constraintDegree) * (traceLength + 1) + traceLength - 1)) - fieldBits)
            let proven = min(query, batching, folding, ali, deep)
            if proven > best?.provenBits ?? -1 {
                best = FRISecurityEstimate(
                    conjecturedBits: conjecturedSecurityBits, provenBits: proven, queryPhaseBits: query, batchingBits: batching,
                    foldingBits: folding, deepALIBits: min(ali, deep), johnsonGap: gap)
            }
        }
        return best!
    }
}
