import Field

extension FRIPCS {
    /// Verifies `proof` for the given rounds of batches (in the order they were opened),
    /// mirroring `open`:
    /// 0. Check the proof's shape against the batches.
    /// 1. Observe the opened values.  2. Draw α.
    /// 4a. Replay FRI's commit phase (β's, proof of work, query indices).
    /// 5. Verify each round's opened rows at the query positions against its cap.
    /// 3. Recompute each reduced codeword's value at each query from those rows.
    /// 4b. Check the FRI queries against those values.
    ///
    /// The opened values (`proof.openedValues`) are then authenticated: the caller may rely on them.
    public func verify(_ rounds: [RoundShape], proof: PCSProof, challenger: inout Challenger) throws(PCSError) {
        // Step 0.
        do { try parameters.validate() } catch { throw .fri(error) }
        guard saltLength == 0 else { throw .shapeMismatch("hiding (salted) commitments are not supported yet") }
        let batches = rounds.flatMap(\.batches)
        guard !batches.isEmpty, rounds.allSatisfy({ !$0.batches.isEmpty }) else { throw .shapeMismatch("no batches, or an empty round") }
        guard proof.openedValues.count == batches.count, proof.roundOpenings.count == rounds.count else {
            throw .shapeMismatch("proof covers \(proof.openedValues.count) batches in \(proof.roundOpenings.count) rounds, expected \(batches.count) in \(rounds.count)")
        }
        for (b, batch) in batches.enumerated() {
            guard (0...(28 - parameters.logBlowup)).contains(batch.logHeight) else { throw .shapeMismatch("batch \(b) height 2^\(batch.logHeight) out of range") }
            guard proof.openedValues[b].count == batch.points.count else {
                throw .shapeMismatch("batch \(b): \(proof.openedValues[b].count) opened points, expected \(batch.points.count)")
            }
            for values in proof.openedValues[b] where values.count != batch.width {
                throw .shapeMismatch("batch \(b): \(values.count) opened values per point, expected \(batch.width)")
            }
        }
        let logLDEHeights = batches.map { $0.logHeight + parameters.logBlowup }
        let schedule = FRISchedule(inputLogHeights: logLDEHeights, parameters: parameters)
        // Steps 1–2.
        for batch in proof.openedValues {
            for values in batch { challenger.observe(values) }
        }
        let alpha = challenger.sampleExtension()
        // Step 4a.
        let challenges: FRIChallenges
        do {
            challenges = try FRIVerifier.replayCommitPhase(proof.fri, schedule: schedule, parameters: parameters, challenger: &challenger)
        } catch { throw .fri(error) }
        // Step 5.
        let maximumLogHeight = schedule.maximumLogHeight
        var rowsByBatch = [[Int: [Goldilocks]]]()
        var first = 0
        for (r, round) in rounds.enumerated() {
            let heights = logLDEHeights[first..<(first + round.batches.count)]
            let indices = Array(Set(challenges.queryIndices.map { $0 >> (maximumLogHeight - heights.max()!) })).sorted()
            do {
                rowsByBatch += try proof.roundOpenings[r].verify(cap: round.cap, capHeight: parameters.capHeight, logHeights: Array(heights),
                                                                 widths: round.batches.map(\.width), sortedIndices: indices)
            } catch { throw .roundMerkle(round: r, error) }
            first += round.batches.count
        }
        // Step 3.
        let offsets = FRIPCS.alphaOffsets(logLDEHeights: logLDEHeights, widths: batches.map(\.width), pointCounts: batches.map(\.points.count))
        let maximumWidth = batches.map(\.width).max()!
        let columnPowers = alpha.powers(count: maximumWidth)
        // Per batch and point: α^(offset + j·width) and Σ α^c·p_c(z_j).
        let pointScales = batches.indices.map { b in
            batches[b].points.indices.map { j in alpha.power(UInt64(offsets[b] + j * batches[b].width)) }
        }
        let combinedOpenedValues = proof.openedValues.map { batch in
            batch.map { values in zip(values, columnPowers).reduce(GoldilocksExtension.zero) { $0 + $1.0 * $1.1 } }
        }
        var reducedOpenings = [[Int: GoldilocksExtension]]()
        for index in challenges.queryIndices {
            var reduced = [Int: GoldilocksExtension]()
            for (b, batch) in batches.enumerated() {
                let logHeight = logLDEHeights[b]
                let row = index >> (maximumLogHeight - logHeight)
                let values = rowsByBatch[b][row]!
                let x = GoldilocksExtension(FRIFolding.point(index: row, logSize: logHeight, shift: .multiplicativeGenerator))
                var combined = GoldilocksExtension.zero
                for c in 0..<batch.width { combined += columnPowers[c] * values[c] }
                var sum = reduced[logHeight, default: .zero]
                for (j, point) in batch.points.enumerated() {
                    guard let inverse = (x - point).inverseIfNonzero() else { throw .openingPointInDomain(batch: b, point: j) }
                    sum += pointScales[b][j] * (combined - combinedOpenedValues[b][j]) * inverse
                }
                reduced[logHeight] = sum
            }
            reducedOpenings.append(reduced)
        }
        // Step 4b.
        do {
            try FRIVerifier.verifyQueries(proof.fri, challenges: challenges, schedule: schedule, parameters: parameters, reducedOpenings: reducedOpenings)
        } catch { throw .fri(error) }
    }
}
