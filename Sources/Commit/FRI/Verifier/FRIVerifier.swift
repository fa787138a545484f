import Field

/// The FRI verifier, mirroring `FRIProver` step by step. It is split in two so a commitment
/// scheme can open its own data at the query indices in between:
/// `replayCommitPhase` (steps 0–4) draws the challenges; `verifyQueries` (step 5) checks them.
/// Shapes are checked before any arithmetic; nothing here traps on a malformed proof.
public enum FRIVerifier {
    /// 0. Validate the parameters and the proof's shape against the schedule.
    /// 1. Observe each round's cap and draw its β.  2. Observe the final polynomial.
    /// 3. Check the proof of work.  4. Draw the query indices.
    public static func replayCommitPhase(_ proof: FRIProof, schedule: FRISchedule, parameters: FRIParameters, challenger: inout Challenger) throws(FRIError) -> FRIChallenges {
        try parameters.validate()
        guard schedule.maximumLogHeight <= 32 else { throw .invalidParameters("codewords of 2^\(schedule.maximumLogHeight) exceed the two-adic subgroup") }
        let rounds = schedule.roundLogArities.count
        guard proof.layerCaps.count == rounds else { throw .shapeMismatch("\(proof.layerCaps.count) layer caps, expected \(rounds)") }
        guard proof.layerOpenings.count == rounds else { throw .shapeMismatch("\(proof.layerOpenings.count) layer openings, expected \(rounds)") }
        guard proof.finalPolynomial.count == 1 << schedule.logFinalPolynomialLength else {
            throw .shapeMismatch("final polynomial has \(proof.finalPolynomial.count) coefficients, expected \(1 << schedule.logFinalPolynomialLength)")
        }
        var logSize = schedule.maximumLogHeight
        var betas = [GoldilocksExtension]()
        for (round, logArity) in schedule.roundLogArities.enumerated() {
            let expectedCap = 1 << min(parameters.capHeight, logSize - logArity)
            guard proof.layerCaps[round].roots.count == expectedCap else {
                throw .layerMerkle(round: round, .capSizeMismatch(expected: expectedCap, actual: proof.layerCaps[round].roots.count))
            }
            challenger.observe(proof.layerCaps[round])
            betas.append(challenger.sampleExtension())
            logSize -= logArity
        }
        challenger.observe(proof.finalPolynomial)
        guard challenger.checkWitness(proof.proofOfWorkNonce, bits: parameters.proofOfWorkBits) else { throw .proofOfWorkInvalid }
        let indices = (0..<parameters.queryCount).map { _ in challenger.sampleBits(schedule.maximumLogHeight) }
        return FRIChallenges(betas: betas, queryIndices: indices)
    }

    /// 5. For every query: start from the caller's reduced opening at the tallest height, check
    /// it against each round's opened coset, fold the coset, roll in the caller's value at the
    /// new height, and finally compare with the final polynomial at the query's point.
    ///
    /// `reducedOpenings[q][h]` is the value at query q of the input codeword of log height h,
    /// computed by the caller from its own authenticated openings.
    public static func verifyQueries(_ proof: FRIProof, challenges: FRIChallenges, schedule: FRISchedule, parameters: FRIParameters, reducedOpenings: [[Int: GoldilocksExtension]]) throws(FRIError) {
        let queries = challenges.queryIndices
        guard reducedOpenings.count == queries.count, reducedOpenings.allSatisfy({ Set($0.keys) == Set(schedule.inputLogHeights) }) else {
            throw .shapeMismatch("reduced openings do not cover every query and input height")
        }
        // Authenticate each round's opened cosets, and index them by leaf.
        var cosets = [[Int: [GoldilocksExtension]]]()
        var logSize = schedule.maximumLogHeight
        var consumedBits = 0
        for (round, logArity) in schedule.roundLogArities.enumerated() {
            consumedBits += logArity
            let leaves = Array(Set(queries.map { $0 >> consumedBits })).sorted()
            let opening = proof.layerOpenings[round]
            guard opening.rows.count == leaves.count else { throw .queryPositionsMismatch(round: round) }
            do {
                try opening.verify(cap: proof.layerCaps[round], capHeight: parameters.capHeight, logLeafCount: logSize - logArity, sortedIndices: leaves, width: 2 << logArity)
            } catch {
                throw .layerMerkle(round: round, error)
            }
            var byLeaf = [Int: [GoldilocksExtension]]()
            for (leaf, row) in zip(leaves, opening.rows) {
                byLeaf[leaf] = stride(from: 0, to: row.count, by: 2).map { GoldilocksExtension(row[$0], row[$0 + 1]) }
            }
            cosets.append(byLeaf)
            logSize -= logArity
        }
        let generator = Goldilocks.multiplicativeGenerator
        for (query, index) in queries.enumerated() {
            let inputs = reducedOpenings[query]
            var value = inputs[schedule.maximumLogHeight]!
            var position = index
            var logSize = schedule.maximumLogHeight
            var shift = generator
            for (round, logArity) in schedule.roundLogArities.enumerated() {
                let leaf = position >> logArity
                let coset = cosets[round][leaf]!
                guard coset[position & ((1 << logArity) - 1)] == value else { throw .foldMismatch(query: query, round: round) }
                let base = FRIFolding.point(index: leaf << logArity, logSize: logSize, shift: shift)
                value = FRIFolding.foldCoset(coset, base: base, beta: challenges.betas[round])
                logSize -= logArity
                shift = shift.squared(times: logArity)
                position = leaf
                if let input = inputs[logSize] {
                    value += challenges.betas[round].squared(times: logArity) * input
                }
            }
            let x = FRIFolding.point(index: position, logSize: logSize, shift: shift)
            let expected = Polynomial(coefficients: proof.finalPolynomial).evaluate(at: GoldilocksExtension(x))
            guard expected == value else { throw .finalPolynomialMismatch(query: query) }
        }
    }
}
