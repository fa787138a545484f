/// A polynomial of degree < n by its values over a coset D = shift·⟨ω_n⟩ of size n, in natural
/// order: `values[i]` is the value at `domain.element(i)` = shift·ωⁱ.
public struct Evaluations<E: FieldElement>: Hashable, Sendable {
    public let domain: TwoAdicCoset
    /// n = `domain.size` values, natural order.
    public let values: [E]

    /// Precondition: `values.count == domain.size`.
    @inlinable
    public init(values: [E], domain: TwoAdicCoset) {
        precondition(values.count == domain.size, "\(values.count) values for a domain of \(domain.size)")
        self.values = values
        self.domain = domain
    }

    /// The unique polynomial of degree < n through these values (an inverse coset NTT).
    @inlinable
    public func interpolate() -> Polynomial<E> {
        var coefficients = values
        NTT.inverse(&coefficients, shift: domain.shift)
        return Polynomial(coefficients: coefficients)
    }

    /// The interpolant at `point` by the barycentric formula (see `Barycentric`): O(n) with one
    /// batch inversion. Exact for any point; a point of the domain returns its stored value.
    @inlinable
    public func evaluate(at point: E) -> E {
        Barycentric.evaluate(values, over: domain, at: point)
    }
}

extension Evaluations where E == Goldilocks {
    /// The interpolant at an extension point (barycentric; see `evaluate(at:)`).
    @inlinable
    public func evaluate(at point: GoldilocksExtension) -> GoldilocksExtension {
        RowMajorMatrix(values: values, width: 1).evaluateColumns(at: point, over: domain)[0]
    }
}
