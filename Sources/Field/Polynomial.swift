/// A polynomial over a Goldilocks field, by its coefficients (lowest degree first).
///
/// The coefficient list may end in zeros; they do not change the polynomial: equality and
/// hashing ignore them, and `degree` looks past them. The zero polynomial has no coefficients
/// (or only zeros) and `degree == nil`.
public struct Polynomial<E: FieldElement>: Sendable {
    /// c₀, c₁, …: the polynomial is Σ cⱼ·Xʲ.
    public var coefficients: [E]

    @inlinable
    public init(coefficients: [E]) { self.coefficients = coefficients }

    /// The constant polynomial `value`.
    @inlinable
    public init(constant value: E) { self.coefficients = [value] }

    public static var zero: Polynomial { Polynomial(coefficients: []) }
    public static var one: Polynomial { Polynomial(constant: .one) }
    /// The polynomial X.
    public static var x: Polynomial { Polynomial(coefficients: [.zero, .one]) }

    /// The degree, or `nil` for the zero polynomial (trailing zero coefficients are ignored).
    @inlinable
    public var degree: Int? {
        guard let last = coefficients.lastIndex(where: { !$0.isZero }) else { return nil }
        return last
    }

    @inlinable public var isZero: Bool { degree == nil }

    /// The same polynomial without trailing zero coefficients.
    @inlinable
    public var trimmed: Polynomial { Polynomial(coefficients: Array(coefficients[..<((degree ?? -1) + 1)])) }

    // MARK: - Evaluation

    /// p(point) by Horner's rule: n − 1 multiplications and additions.
    @inlinable
    public func evaluate(at point: E) -> E {
        var accumulator = E.zero
        for coefficient in coefficients.reversed() {
            accumulator = accumulator * point + coefficient
        }
        return accumulator
    }

    /// The evaluations over every point of `domain` (natural order: value i at shift·ωⁱ), by a
    /// zero-padded coset NTT.
    ///
    /// Precondition: `domain.size > degree` (the coefficients, without trailing zeros, fit).
    @inlinable
    public func evaluations(over domain: TwoAdicCoset) -> Evaluations<E> {
        let used = (degree ?? -1) + 1
        precondition(used <= domain.size, "a polynomial with \(used) coefficients does not fit a domain of \(domain.size)")
        var values = [E](repeating: .zero, count: domain.size)
        for j in 0..<used { values[j] = coefficients[j] }
        NTT.forward(&values, shift: domain.shift)
        return Evaluations(values: values, domain: domain)
    }

    // MARK: - Division

    /// p = q·(X − z) + r by synthetic division (r = p(z)): the DEEP quotient's numerator step.
    /// The quotient has one coefficient fewer than `coefficients` (none for a constant).
    @inlinable
    public func divided(byLinear z: E) -> (quotient: Polynomial<E>, remainder: E) {
        let count = coefficients.count
        guard count > 1 else { return (.zero, coefficients.first ?? .zero) }
        var quotient = [E](repeating: .zero, count: count - 1)
        var carry = coefficients[count - 1]
        for k in stride(from: count - 2, through: 0, by: -1) {
            quotient[k] = carry
            carry = coefficients[k] + carry * z
        }
        return (Polynomial(coefficients: quotient), carry)
    }
}

// MARK: - Base polynomials at extension points

extension Polynomial where E == Goldilocks {
    /// p(point) for an extension point, by Horner's rule (one extension multiplication per
    /// coefficient).
    @inlinable
    public func evaluate(at point: GoldilocksExtension) -> GoldilocksExtension {
        var accumulator = GoldilocksExtension.zero
        for coefficient in coefficients.reversed() {
            accumulator = accumulator * point + coefficient
        }
        return accumulator
    }

    /// The polynomial with the same coefficients, embedded in the extension.
    @inlinable
    public var lifted: Polynomial<GoldilocksExtension> {
        Polynomial<GoldilocksExtension>(coefficients: coefficients.map(GoldilocksExtension.init))
    }

    /// Synthetic division by X − z for an extension point z (the quotient lives in the extension).
    @inlinable
    public func divided(
        byLinear z: GoldilocksExtension
    ) -> (quotient: Polynomial<GoldilocksExtension>, remainder: GoldilocksExtension) {
        lifted.divided(byLinear: z)
    }
}

// MARK: - Arithmetic

extension Polynomial {
    @inlinable
    public static func + (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        var result = lhs.coefficients.count >= rhs.coefficients.count ? lhs.coefficients : rhs.coefficients
        let other = lhs.coefficients.count >= rhs.coefficients.count ? rhs.coefficients : lhs.coefficients
        for (j, coefficient) in other.enumerated() { result[j] += coefficient }
        return Polynomial(coefficients: result)
    }

    @inlinable
    public static prefix func - (operand: Polynomial) -> Polynomial {
        Polynomial(coefficients: operand.coefficients.map { -$0 })
    }

    @inlinable
    public static func - (lhs: Polynomial, rhs: Polynomial) -> Polynomial { lhs + (-rhs) }

    @inlinable
    public static func += (lhs: inout Polynomial, rhs: Polynomial) { lhs = lhs + rhs }

    @inlinable
    public static func -= (lhs: inout Polynomial, rhs: Polynomial) { lhs = lhs - rhs }

    /// Every coefficient times `scalar`.
    @inlinable
    public static func * (lhs: Polynomial, scalar: E) -> Polynomial {
        Polynomial(coefficients: lhs.coefficients.map { $0 * scalar })
    }

    @inlinable
    public static func * (scalar: E, rhs: Polynomial) -> Polynomial { rhs * scalar }

    /// The product, schoolbook O(m·n): for small polynomials and tests (large products go
    /// through evaluations on a big enough domain).
    @inlinable
    public static func * (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        let a = lhs.trimmed.coefficients, b = rhs.trimmed.coefficients
        guard !a.isEmpty, !b.isEmpty else { return .zero }
        var result = [E](repeating: .zero, count: a.count + b.count - 1)
        for (i, x) in a.enumerated() {
            for (j, y) in b.enumerated() { result[i + j] += x * y }
        }
        return Polynomial(coefficients: result)
    }
}

// MARK: - Conformances

extension Polynomial: Equatable {
    /// Equal as polynomials: trailing zero coefficients are ignored.
    @inlinable
    public static func == (lhs: Polynomial, rhs: Polynomial) -> Bool {
        lhs.trimmed.coefficients == rhs.trimmed.coefficients
    }
}

extension Polynomial: Hashable {
    @inlinable
    public func hash(into hasher: inout Hasher) { hasher.combine(trimmed.coefficients) }
}

extension Polynomial: CustomStringConvertible {
    public var description: String {
        guard let degree else { return "0" }
        let terms = (0...degree).compactMap { j -> String? in
            let c = coefficients[j]
            if c.isZero { return nil }
            switch j {
            case 0: return "\(c)"
            case 1: return "(\(c))·X"
            default: return "(\(c))·X^\(j)"
            }
        }
        return terms.joined(separator: " + ")
    }
}
