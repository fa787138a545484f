import Commit
import Constraints
import Field

/// Verifies STARK proofs against a verifying key, mirroring `StarkProver`'s numbered steps:
/// 0. Check the proof's configuration is the key's, then the proof's shape against the machine
///    and the public values (table count, heights, every cap's size, opened values) — before
///    any arithmetic. Bind the statement.
/// 1. Observe the trace cap.
/// 2. Draw β, γ. Observe the LogUp cap and totals; the totals must add up to zero (every bus
///    balances).
/// 3. Draw α. Observe the quotient cap.
/// 4. Draw ζ. For every table, evaluate its constraints (its own `eval`, via the symbolic DAG)
///    and the LogUp constraints at ζ from the opened values, combine them with α, and compare
///    with Z_H(ζ)·Q(ζ) from the opened quotient chunks. Then verify the opening proof (Merkle
///    paths, DEEP quotients, FRI), which authenticates every opened value used above.
public struct StarkVerifier: Sendable {
    public let key: StarkVerifyingKey
    public var machine: StarkMachine { key.machine }

    public init(key: StarkVerifyingKey) {
        self.key = key
    }

    /// Verifies `proof` of the claim `publicValues` (the machine's public values) and
    /// `publicInteractions` (the verifier's own bus terms, see `PublicInteraction`).
    public func verify(_ proof: StarkProof, publicValues: [Goldilocks], publicInteractions: [PublicInteraction] = []) throws(VerificationError) {
        // Step 0.
        let configuration = key.configuration
        guard proof.configuration == configuration else {
            throw .configurationMismatch(expected: configuration, got: proof.configuration)
        }
        try checkShape(proof, publicValues: publicValues)
        for interaction in publicInteractions where machine.busID(interaction.bus) == nil {
            throw .unknownBus(interaction.bus.description)
        }
        var challenger = StarkTranscript.start(
            configuration: configuration, machine: machine, preprocessedCaps: key.preprocessedCaps,
            logHeights: proof.logHeights, publicValues: publicValues, publicInteractions: publicInteractions)

        // Step 1.
        challenger.observe(proof.traceCap)

        // Step 2.
        let challenges = StarkTranscript.drawLogUpChallenges(&challenger, machine: machine)
        if let cap = proof.logUpCap { challenger.observe(cap) }
        for total in proof.logUpTotals { challenger.observe(total) }
        let publicSum: GoldilocksExtension
        switch StarkTranscript.publicSum(publicInteractions, machine: machine, challenges: challenges) {
        case let .success(sum): publicSum = sum
        case let .failure(zero): throw .publicInteractionFingerprintZero(index: zero.index)
        }
        let busTotal = proof.logUpTotals.reduce(publicSum, +)
        guard busTotal.isZero else { throw .busImbalance(total: busTotal) }

        // Step 3.
        let alpha = challenger.sampleExtension()
        challenger.observe(proof.quotientCap)

        // Step 4.
        let zeta = challenger.sampleExtension()
        let values = proof.opening.openedValues
        for t in 0..<machine.tableCount {
            let logUp = machine.batchIndex(.logUp, table: t)
            let logUpPosition = machine.logUpTables.firstIndex(of: t)
            try checkConstraints(
                table: t, logHeight: proof.logHeights[t], zeta: zeta, alpha: alpha, challenges: challenges,
                trace: values[machine.batchIndex(.trace, table: t)!],
                preprocessed: machine.batchIndex(.preprocessed, table: t).map { values[$0] },
                logUp: logUp.map { values[$0] },
                total: logUpPosition.map { proof.logUpTotals[$0] } ?? .zero,
                quotient: values[machine.batchIndex(.quotient, table: t)!][0], publicValues: publicValues)
        }
        let caps = key.preprocessedCaps + [proof.traceCap] + (proof.logUpCap.map { [$0] } ?? []) + [proof.quotientCap]
        var descriptors = machine.batches[...]
        let rounds = zip(caps, machine.roundSizes).map { cap, size in
            let shapes = descriptors.prefix(size).map { batch in
                let logHeight = proof.logHeights[batch.table]
                return BatchShape(logHeight: logHeight, width: batch.width, points: batch.points(zeta: zeta, logHeight: logHeight))
            }
            descriptors = descriptors.dropFirst(size)
            return RoundShape(cap: cap, batches: shapes)
        }
        do {
            try FRIPCS(parameters: configuration.fri, saltLength: key.saltLength).verify(rounds, proof: proof.opening, challenger: &challenger)
        } catch { throw .opening(error) }
    }

    /// Step 4 for one table: Σ_i α^i·C_i(ζ) = Z_H(ζ)·Σ_k ζ^(k·n)·Q_k(ζ). (Internal for tests.)
    func checkConstraints(
        table t: Int, logHeight: Int, zeta: GoldilocksExtension, alpha: GoldilocksExtension, challenges: LogUpChallenges,
        trace: [[GoldilocksExtension]], preprocessed: [[GoldilocksExtension]]? = nil, logUp: [[GoldilocksExtension]]?, total: GoldilocksExtension,
        quotient: [GoldilocksExtension], publicValues: [Goldilocks]
    ) throws(VerificationError) {
        let name = machine.tables[t].name
        guard let selectors = RowSelectors(at: zeta, logHeight: logHeight) else { throw .degenerateOutOfDomainPoint(table: name) }
        // A batch opened at ζ only has no constraint reading its next row.
        let (local, next) = (trace[0], trace.count > 1 ? trace[1] : [])
        let (fixed, fixedNext) = (preprocessed?[0] ?? [], (preprocessed?.count ?? 0) > 1 ? preprocessed![1] : [])
        func value(of variable: SymbolicVariable) -> GoldilocksExtension {
            switch variable {
            case let .current(column): local[column.index]
            case let .next(column): next[column.index]
            case let .preprocessed(column): fixed[column.index]
            case let .preprocessedNext(column): fixedNext[column.index]
            case let .publicValue(index): GoldilocksExtension(publicValues[index])
            case .isFirstRow: selectors.isFirstRow
            case .isLastRow: selectors.isLastRow
            case .isTransition: selectors.isTransition
            }
        }
        var combined = GoldilocksExtension.zero
        var alphaPower = GoldilocksExtension.one
        for constraint in machine.symbolic[t].constraints {
            combined += alphaPower * constraint.expression.evaluate(value(of:))
            alphaPower *= alpha
        }
        let layout = machine.logUp[t]
        if let logUp {
            let fingerprints = layout.interactions.indices.map { k in
                let values = layout.interactions[k].values.map { $0.evaluate(value(of:)) }
                return challenges.fingerprint(busID: layout.busIDs[k], arity: values.count, value: { values[$0] })
            }
            let multiplicities = layout.interactions.map { $0.multiplicity.evaluate(value(of:)) }
            func extensionColumn(_ row: [GoldilocksExtension], _ column: Int) -> GoldilocksExtension {
                .fromCoordinates(row[2 * column], row[2 * column + 1])
            }
            fingerprints.withUnsafeBufferPointer { fingerprints in
                layout.evaluateConstraints(
                    fingerprints: fingerprints,
                    multiplicity: { multiplicities[$0] },
                    helper: { extensionColumn(logUp[0], $0) },
                    runningSum: extensionColumn(logUp[0], layout.runningSumColumn),
                    nextRunningSum: extensionColumn(logUp[1], layout.runningSumColumn),
                    total: total,
                    isFirstRow: selectors.isFirstRow, isLastRow: selectors.isLastRow, isTransition: selectors.isTransition,
                    emit: { value in
                        combined += alphaPower * value
                        alphaPower *= alpha
                    })
            }
        }
        // Q(ζ) = Σ_k ζ^(k·n)·Q_k(ζ), with ζⁿ = Z_H(ζ) + 1.
        let zetaToN = selectors.vanishing + .one
        var quotientValue = GoldilocksExtension.zero
        var chunkPower = GoldilocksExtension.one
        for k in 0..<(quotient.count / 2) {
            quotientValue += chunkPower * .fromCoordinates(quotient[2 * k], quotient[2 * k + 1])
            chunkPower *= zetaToN
        }
        guard combined == selectors.vanishing * quotientValue else { throw .constraintMismatch(table: name) }
    }

    /// Step 0's shape checks: everything indexed later exists and has the machine's size.
    private func checkShape(_ proof: StarkProof, publicValues: [Goldilocks]) throws(VerificationError) {
        let tableCount = machine.tableCount
        guard publicValues.count == machine.publicValueCount else {
            throw .publicValueCount(expected: machine.publicValueCount, got: publicValues.count)
        }
        guard proof.logHeights.count == tableCount else {
            throw .shapeMismatch("proof has \(proof.logHeights.count) tables, the machine \(tableCount)")
        }
        let maximumLog = StarkTranscript.maximumLogHeight(key.configuration)
        for (t, logHeight) in proof.logHeights.enumerated() {
            guard (0...maximumLog).contains(logHeight) else {
                throw .shapeMismatch("table \(machine.tables[t].name): height 2^\(logHeight) outside 1…2^\(maximumLog)")
            }
            if let fixed = machine.preprocessedLogHeight(ofTable: t), fixed != logHeight {
                throw .preprocessedHeightMismatch(table: machine.tables[t].name, expectedLog: fixed, gotLog: logHeight)
            }
        }
        let logUpCount = machine.logUpTables.count
        guard (proof.logUpCap != nil) == (logUpCount > 0), proof.logUpTotals.count == logUpCount else {
            throw .shapeMismatch("LogUp commitment: \(proof.logUpCap == nil ? "no cap" : "a cap") and \(proof.logUpTotals.count) totals for \(logUpCount) tables with interactions")
        }
        // Every cap has the size the key's cap height gives the round's tree: 2^min(cap height,
        // the shortest LDE of the round).
        let fri = key.configuration.fri
        let ldeLogHeights = proof.logHeights.map { $0 + fri.logBlowup }
        let roundCaps: [(BatchDescriptor.Kind, MerkleCap?, [Int])] = [
            (.trace, proof.traceCap, Array(0..<tableCount)), (.logUp, proof.logUpCap, machine.logUpTables), (.quotient, proof.quotientCap, Array(0..<tableCount)),
        ]
        for (kind, cap, tables) in roundCaps {
            guard let cap else { continue }
            let expected = 1 << MixedMerkleTree.capHeight(requested: fri.capHeight, logHeights: tables.map { ldeLogHeights[$0] })
            guard cap.roots.count == expected else {
                throw .capSizeMismatch(round: kind.description, expected: expected, got: cap.roots.count)
            }
        }
        // Opened values: [batch][point][column].
        let opened = proof.opening.openedValues
        guard opened.count == machine.batches.count else {
            throw .shapeMismatch("\(opened.count) opened batches, expected \(machine.batches.count)")
        }
        for (b, batch) in machine.batches.enumerated() {
            let points = batch.opensNextRow ? 2 : 1
            guard opened[b].count == points, opened[b].allSatisfy({ $0.count == batch.width }) else {
                throw .shapeMismatch("opened batch \(b): expected \(points) points × \(batch.width) values")
            }
        }
    }
}
