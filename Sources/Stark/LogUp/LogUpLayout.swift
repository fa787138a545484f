import Constraints
import Field

/// How one table's bus interactions become LogUp columns and constraints.
///
/// Every interaction k contributes ±m_k / f_k per row, where m_k is its multiplicity (+ for a
/// send, − for a receive) and f_k = γ − (id_bus + Σ_j β^(j+1)·v_kj) its fingerprint: the tuple,
/// prefixed with its bus's id, compressed by β and shifted by γ. Interactions are packed greedily
/// into groups whose helper constraint stays within degree 3 (first fit, in interaction order);
/// group g has a helper column
///
///     h_g = Σ_{k ∈ g} ±m_k / f_k,  constrained by  h_g · Π_{k∈g} f_k − Σ_{k∈g} ±m_k · Π_{j∈g, j≠k} f_j = 0.
///
/// One running sum S per table, exclusive of the current row, ends at the table's total T:
///
///     isFirstRow · S = 0
///     isTransition · (S′ − S − Σ_g h_g) = 0
///     isLastRow · (S + Σ_g h_g − T) = 0
///
/// The verifier checks Σ_tables T = 0. Because the bus id is part of every fingerprint, tuples
/// of different buses never cancel each other, so this one sum checks every bus's balance
/// (up to the Schwartz–Zippel error over the extension, about rows × interactions / p²).
///
/// Columns (extension values stored as two base columns, c0 then c1): h_0 … h_{G−1}, then S.
struct LogUpLayout: Sendable {
    let interactions: [Interaction<SymbolicExpression>]
    /// The LogUp id of each interaction's bus.
    let busIDs: [Goldilocks]
    /// Per interaction: its bus's arity, and whether it receives (its m/f counts negatively).
    /// Kept apart from `interactions` so the per-row loops read plain arrays.
    let arities: [Int]
    let receives: [Bool]
    /// Interaction indices per helper column.
    let groups: [[Int]]

    init(interactions: [Interaction<SymbolicExpression>], busIDs: [String: Goldilocks]) {
        self.interactions = interactions
        self.busIDs = interactions.map { busIDs[$0.bus.name]! }
        arities = interactions.map(\.bus.arity)
        receives = interactions.map { $0.kind == .receive }
        // First fit: each interaction joins the first group it fits in (degree ≤ 3), else opens
        // a new one; a degree-2 fingerprint between degree-1 ones no longer breaks a pair.
        var groups = [[Int]]()
        for k in interactions.indices {
            if let g = groups.firstIndex(where: { Self.degree(of: $0 + [k], in: interactions) <= SymbolicAIR.maximumDegree }) {
                groups[g].append(k)
            } else {
                groups.append([k])
            }
        }
        self.groups = groups
    }

    /// Degree of a group's helper constraint: h·Π f (1 + Σ deg f) and each m_k·Π_{j≠k} f_j.
    static func degree(of group: [Int], in interactions: [Interaction<SymbolicExpression>]) -> Int {
        let fingerprintDegrees = group.map { interactions[$0].values.map(\.degree).max() ?? 0 }
        let product = fingerprintDegrees.reduce(0, +)
        var degree = 1 + product
        for (position, k) in group.enumerated() {
            degree = max(degree, interactions[k].multiplicity.degree + product - fingerprintDegrees[position])
        }
        return degree
    }

    var isEmpty: Bool { interactions.isEmpty }
    var helperCount: Int { groups.count }
    /// Extension column of the running sum.
    var runningSumColumn: Int { groups.count }
    /// Base columns of the LogUp batch (two per extension column); 0 without interactions.
    var width: Int { isEmpty ? 0 : 2 * (groups.count + 1) }
    /// One helper constraint per group and three for the running sum.
    var constraintCount: Int { isEmpty ? 0 : groups.count + 3 }
    /// The highest degree among the LogUp constraints (the running-sum ones have degree 2).
    var maximumDegree: Int {
        isEmpty ? 0 : max(2, groups.map { Self.degree(of: $0, in: interactions) }.max() ?? 0)
    }
    var maximumArity: Int { arities.max() ?? 0 }
}

/// The LogUp challenges β (tuple compression) and γ (shift), drawn after the traces are
/// committed.
struct LogUpChallenges: Sendable {
    let gamma: GoldilocksExtension
    /// β^1 … β^maximumArity.
    let betaPowers: [GoldilocksExtension]

    init(beta: GoldilocksExtension, gamma: GoldilocksExtension, maximumArity: Int) {
        self.gamma = gamma
        var powers = [GoldilocksExtension]()
        var power = beta
        for _ in 0..<maximumArity {
            powers.append(power)
            power *= beta
        }
        betaPowers = powers
    }

    /// f = γ − (busID + Σ_j β^(j+1)·v_j).
    @inline(__always)
    func fingerprint(busID: Goldilocks, arity: Int, value: (Int) -> GoldilocksExtension) -> GoldilocksExtension {
        var compressed = GoldilocksExtension(busID)
        for j in 0..<arity { compressed += betaPowers[j] * value(j) }
        return gamma - compressed
    }

    /// The same for base-field values (the prover's trace rows).
    @inline(__always)
    func fingerprint(busID: Goldilocks, arity: Int, baseValue: (Int) -> Goldilocks) -> GoldilocksExtension {
        var compressed = GoldilocksExtension(busID)
        for j in 0..<arity { compressed += betaPowers[j] * baseValue(j) }
        return gamma - compressed
    }
}

extension LogUpLayout {
    /// The LogUp constraints at one point, in order (helpers, then the three running-sum ones),
    /// each passed to `emit`. Prover (every quotient-domain row) and verifier (at ζ) share it.
    ///
    /// - Parameters:
    ///   - fingerprints: f_k for every interaction.
    ///   - multiplicity: m_k for interaction k (unsigned; the sign comes from send/receive).
    ///   - helper: h_g at this point.
    @inline(__always)
    func evaluateConstraints(
        fingerprints: UnsafeBufferPointer<GoldilocksExtension>,
        multiplicity: (Int) -> GoldilocksExtension,
        helper: (Int) -> GoldilocksExtension,
        runningSum: GoldilocksExtension, nextRunningSum: GoldilocksExtension, total: GoldilocksExtension,
        isFirstRow: GoldilocksExtension, isLastRow: GoldilocksExtension, isTransition: GoldilocksExtension,
        emit: (GoldilocksExtension) -> Void
    ) {
        var helperSum = GoldilocksExtension.zero
        for (g, group) in groups.enumerated() {
            let h = helper(g)
            helperSum += h
            var product = GoldilocksExtension.one
            for k in group { product *= fingerprints[k] }
            var numerator = GoldilocksExtension.zero
            for k in group {
                var term = multiplicity(k)
                if receives[k] { term = -term }
                for j in group where j != k { term *= fingerprints[j] }
                numerator += term
            }
            emit(h * product - numerator)
        }
        emit(isFirstRow * runningSum)
        emit(isTransition * (nextRunningSum - runningSum - helperSum))
        emit(isLastRow * (runningSum + helperSum - total))
    }
}
