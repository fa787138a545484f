import Field

/// The row selectors of a trace domain H = ⟨ω_n⟩ (n = 2^logHeight), as polynomials:
///
///     Z_H(x) = xⁿ − 1
///     isFirstRow(x)   = L_0(x)     = Z_H(x) / (n·(x − 1))
///     isLastRow(x)    = L_{n−1}(x) = ω⁻¹·Z_H(x) / (n·(x − ω⁻¹))
///     isTransition(x) = 1 − L_{n−1}(x)
///
/// On H they are exactly 1/0 (what the trace checker uses); each has degree n − 1, the "1" the
/// symbolic degree counts. The prover evaluates them on its quotient coset, the verifier at ζ.
struct RowSelectors<E: FieldElement> {
    let isFirstRow: E
    let isLastRow: E
    let isTransition: E
    /// Z_H at the point.
    let vanishing: E

    /// The selectors at `x`, or nil if x ∈ H (or x is 1 or ω⁻¹) where they are undefined here.
    init?(at x: E, logHeight: Int) {
        let n = Goldilocks(1 << logHeight)
        let lastPoint = Goldilocks.rootOfUnity(logOrder: logHeight).inverse()
        let vanishing = TwoAdicCoset(logSize: logHeight).vanishing(at: x)
        guard !vanishing.isZero,
              let firstInverse = ((x - E.one) * n).inverseIfNonzero(),
              let lastInverse = ((x - E(lastPoint)) * n).inverseIfNonzero()
        else { return nil }
        isFirstRow = vanishing * firstInverse
        isLastRow = vanishing * lastInverse * lastPoint
        isTransition = E.one - isLastRow
        self.vanishing = vanishing
    }
}
