/// Roots of unity and cosets of Goldilocks' two-adic subgroups.
///
/// p − 1 = 2^32 · (2^32 − 1), so F_p^* has subgroups of every order 2^k with k ≤ 32. Constants are
/// from plonky2's Goldilocks field (`../shared/vectors/poseidon-goldilocks.md`, "Field facts"):
/// the multiplicative generator is 7 and 7^((p−1)/2^32) = 1753635133440165772.
extension Goldilocks {
    /// A generator of F_p^*; also the shift of the cosets LDEs are evaluated on.
    public static let multiplicativeGenerator: Goldilocks = 7

    /// The largest k with 2^k | p − 1.
    public static let twoAdicity = 32

    /// A primitive 2^32-th root of unity: 7^((p−1)/2^32).
    public static let twoAdicRoot: Goldilocks = 1_753_635_133_440_165_772

    /// A primitive 2^logOrder-th root of unity (0 ≤ logOrder ≤ 32), compatible across orders:
    /// `rootOfUnity(logOrder: k).squared() == rootOfUnity(logOrder: k − 1)`.
    @inlinable
    public static func rootOfUnity(logOrder: Int) -> Goldilocks {
        precondition((0...twoAdicity).contains(logOrder), "two-adic subgroups have order at most 2^32")
        return twoAdicRoot.squared(times: twoAdicity - logOrder)
    }
}

extension FieldElement {
    /// The powers 1, x, x², … of `self`, `count` of them.
    @inlinable
    public func powers(count: Int) -> [Self] {
        var result = [Self]()
        result.reserveCapacity(count)
        var current = Self.one
        for _ in 0..<count {
            result.append(current)
            current *= self
        }
        return result
    }
}

/// A coset `shift · ⟨ω⟩` of the subgroup of order 2^logSize: the evaluation domain of traces
/// (shift 1) and of their low-degree extensions (shift = the multiplicative generator).
public struct TwoAdicCoset: Hashable, Sendable {
    public let logSize: Int
    public let shift: Goldilocks

    public init(logSize: Int, shift: Goldilocks = .one) {
        precondition((0...Goldilocks.twoAdicity).contains(logSize), "coset size must be 2^0 … 2^32")
        self.logSize = logSize
        self.shift = shift
    }

    @inlinable public var size: Int { 1 << logSize }

    /// The subgroup generator ω.
    @inlinable public var generator: Goldilocks { .rootOfUnity(logOrder: logSize) }

    /// The i-th point shift·ωⁱ in natural order.
    @inlinable
    public func element(_ index: Int) -> Goldilocks { shift * generator.power(UInt64(index)) }

    /// All points in natural order.
    public var elements: [Goldilocks] { generator.powers(count: size).map { shift * $0 } }

    /// The vanishing polynomial of the coset, Z(x) = x^n − shift^n, at `x`.
    @inlinable
    public func vanishing<E: FieldElement>(at x: E) -> E {
        x.squared(times: logSize) - E(shift.squared(times: logSize))
    }
}
