import Field

/// Where `FRIPCS.open` spends its time (seconds).
public struct PCSOpeningTimings: Sendable {
    /// Evaluating every column at its opening points.
    public var evaluation = 0.0
    /// DEEP reduction, FRI (commit rounds, grinding, queries) and the batches' Merkle openings.
    public var reductionAndFRI = 0.0

    public init() {}
}

extension FRIPCS {
    /// Opens every batch at its points. Protocol, numbered as in `verify`:
    /// 1. Evaluate every column of every batch at each of its points; observe the values.
    /// 2. Draw α.
    /// 3. For each LDE height h, build the reduced codeword
    ///    RO_h(x) = Σ α^k · (p(x) − p(z)) / (x − z) over the batches of that height, their points
    ///    z and columns p (k counts per height, in batch, point, column order).
    /// 4. Prove with FRI that every RO_h has degree < 2^h / blowup.
    /// 5. Open each round's LDE rows at the query positions (index >> (h_max − h) in each
    ///    batch), one multi-proof per round.
    ///
    /// `rounds[r].points[b]` are the points batch b of round r is opened at.
    public func open(_ rounds: [(round: CommittedRound, points: [[GoldilocksExtension]])], challenger: inout Challenger) -> PCSProof {
        var timings = PCSOpeningTimings()
        return open(rounds, challenger: &challenger, timings: &timings, tamperOpenedValues: nil)
    }

    /// `open`, also reporting how long its phases took.
    public func open(_ rounds: [(round: CommittedRound, points: [[GoldilocksExtension]])], challenger: inout Challenger, timings: inout PCSOpeningTimings) -> PCSProof {
        open(rounds, challenger: &challenger, timings: &timings, tamperOpenedValues: nil)
    }

    /// `tamperOpenedValues` is a testing hook: it models a prover that claims wrong values and
    /// continues the protocol consistently with them.
    func open(_ rounds: [(round: CommittedRound, points: [[GoldilocksExtension]])], challenger: inout Challenger, timings: inout PCSOpeningTimings, tamperOpenedValues: ((inout [[[GoldilocksExtension]]]) -> Void)?) -> PCSProof {
        precondition(!rounds.isEmpty && rounds.allSatisfy { $0.round.batches.count == $0.points.count }, "nothing to open, or points per batch missing")
        let batches = rounds.flatMap { round, points in zip(round.batches, points).map { (batch: $0, points: $1) } }
        var stopwatch = Stopwatch()
        // Step 1.
        var openedValues = batches.map { batch, points in
            points.map { batch.evaluations.evaluateColumns(at: $0, over: TwoAdicCoset(logSize: batch.logHeight)) }
        }
        tamperOpenedValues?(&openedValues)
        for batch in openedValues {
            for values in batch { challenger.observe(values) }
        }
        timings.evaluation += stopwatch.lap()
        // Step 2.
        let alpha = challenger.sampleExtension()
        // Step 3.
        let offsets = FRIPCS.alphaOffsets(
            logLDEHeights: batches.map(\.batch.logLDEHeight), widths: batches.map(\.batch.width), pointCounts: batches.map(\.points.count))
        var reduced = [Int: [GoldilocksExtension]]()
        for (b, (batch, points)) in batches.enumerated() {
            let logHeight = batch.logLDEHeight
            var codeword = reduced[logHeight] ?? [GoldilocksExtension](repeating: .zero, count: 1 << logHeight)
            accumulateReducedCodeword(&codeword, batch: batch, points: points, values: openedValues[b], alpha: alpha, offset: offsets[b])
            reduced[logHeight] = codeword
        }
        // Step 4.
        let (friProof, queryIndices) = FRIProver.prove(codewords: reduced, parameters: parameters, challenger: &challenger)
        // Step 5.
        let maximumLogHeight = reduced.keys.max()!
        let openings = rounds.map { round, _ in
            round.tree.open(queryIndices.map { $0 >> (maximumLogHeight - round.tree.logLeafCount) })
        }
        timings.reductionAndFRI += stopwatch.lap()
        return PCSProof(openedValues: openedValues, roundOpenings: openings, fri: friProof)
    }

    /// Adds one batch's DEEP quotients to `codeword` (parallel over LDE rows).
    private func accumulateReducedCodeword(_ codeword: inout [GoldilocksExtension], batch: CommittedBatch, points: [GoldilocksExtension], values: [[GoldilocksExtension]], alpha: GoldilocksExtension, offset: Int) {
        let width = batch.width
        let rowCount = 1 << batch.logLDEHeight
        let columnPowers = alpha.powers(count: width)
        // Per point: α^(offset + j·width) and the combined opened value Σ α^c·p_c(z_j).
        let pointScales = points.indices.map { alpha.power(UInt64(offset + $0 * width)) }
        let combinedValues = values.map { zip($0, columnPowers).reduce(GoldilocksExtension.zero) { $0 + $1.0 * $1.1 } }
        let domain = TwoAdicCoset(logSize: batch.logLDEHeight, shift: .multiplicativeGenerator)
        for point in points {
            // z lies in the coset exactly when its vanishing polynomial is zero there.
            precondition(!domain.vanishing(at: point).isZero, "opening point lies in the LDE domain")
        }
        var xs = domain.elements
        xs.bitReversePermute()
        codeword.withUnsafeMutableBufferPointer { output in
            batch.lde.values.withUnsafeBufferPointer { lde in
                parallelFor(0..<rowCount, minimumChunk: 256) { rows in
                    var combined = [GoldilocksExtension]()
                    combined.reserveCapacity(rows.count)
                    for row in rows {
                        var sum = GoldilocksExtension.zero
                        let base = row * width
                        for c in 0..<width { sum += columnPowers[c] * lde[base + c] }
                        combined.append(sum)
                    }
                    for (j, point) in points.enumerated() {
                        var denominators = rows.map { GoldilocksExtension(xs[$0]) - point }
                        batchInvert(&denominators)
                        for (k, row) in rows.enumerated() {
                            output[row] += pointScales[j] * (combined[k] - combinedValues[j]) * denominators[k]
                        }
                    }
                }
            }
        }
    }
}
