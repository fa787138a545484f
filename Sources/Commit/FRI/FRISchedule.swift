import Field

/// How FRI folds a set of input codewords of different heights, computed identically by prover
/// and verifier from the parameters and the heights alone.
///
/// Folding starts at the tallest codeword. A smaller input is *rolled in* (added with a fresh
/// power of the round's challenge) when the running codeword reaches its height, so rounds are
/// cut short to land exactly on every input height: round arity = min(configured arity, distance
/// to the next input height or the final size). Folding stops at the final size
/// 2^(logFinalPolynomialLength + logBlowup), or at the smallest input height if that is lower.
public struct FRISchedule: Hashable, Sendable {
    /// Distinct input log heights (of LDE codewords), tallest first.
    public let inputLogHeights: [Int]
    /// log₂ of each commit round's folding arity.
    public let roundLogArities: [Int]
    /// log₂ of the codeword size when folding stops.
    public let finalLogSize: Int
    /// log₂ of the number of final-polynomial coefficients (finalLogSize − logBlowup).
    public let logFinalPolynomialLength: Int

    /// Precondition: heights are ≥ logBlowup and ≤ 32, and there is at least one.
    public init(inputLogHeights heights: some Sequence<Int>, parameters: FRIParameters) {
        let distinct = Array(Set(heights)).sorted(by: >)
        precondition(!distinct.isEmpty, "FRI needs at least one input")
        inputLogHeights = distinct
        let smallest = distinct.last!
        let finalLogSize = min(parameters.logFinalPolynomialLength + parameters.logBlowup, smallest)
        var rounds = [Int]()
        var logSize = distinct[0]
        while logSize > finalLogSize {
            let nextInput = distinct.first { $0 < logSize } ?? finalLogSize
            let target = max(finalLogSize, nextInput)
            let arity = min(parameters.logFoldingArity, logSize - target)
            rounds.append(arity)
            logSize -= arity
        }
        roundLogArities = rounds
        self.finalLogSize = finalLogSize
        logFinalPolynomialLength = finalLogSize - parameters.logBlowup
    }

    public var maximumLogHeight: Int { inputLogHeights[0] }
}
