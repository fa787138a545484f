import Field

/// The FRI prover over input codewords of possibly different heights (see `FRISchedule`).
///
/// Protocol, numbered as in `FRIVerifier`:
/// 1. For each commit round: commit the running codeword (leaves = cosets of 2^arity values),
///    observe the cap, draw β, fold by 2^arity, roll in the input codeword at the new height.
/// 2. Interpolate the final codeword, send its low coefficients, observe them.
/// 3. Grind the proof-of-work nonce.
/// 4. Draw the query indices; open every round's layer at the queried cosets.
public enum FRIProver {
    /// Proves that each codeword (keyed by log height; extension values in bit-reversed order
    /// on the coset g·⟨ω⟩ with g the multiplicative generator) is close to a polynomial of degree
    /// < height / blowup. Returns the proof and the query indices (in the tallest codeword), at
    /// which the caller opens the data the codewords were derived from.
    public static func prove(codewords: [Int: [GoldilocksExtension]], parameters: FRIParameters, challenger: inout Challenger) -> (proof: FRIProof, queryIndices: [Int]) {
        prove(codewords: codewords, parameters: parameters, challenger: &challenger, tamperFinalPolynomial: nil)
    }

    /// `tamperFinalPolynomial` is a testing hook: it models a prover that sends a wrong final
    /// polynomial and continues the transcript consistently with it.
    static func prove(codewords: [Int: [GoldilocksExtension]], parameters: FRIParameters, challenger: inout Challenger, tamperFinalPolynomial: ((inout [GoldilocksExtension]) -> Void)?) -> (proof: FRIProof, queryIndices: [Int]) {
        let schedule = FRISchedule(inputLogHeights: codewords.keys, parameters: parameters)
        for (logHeight, codeword) in codewords {
            precondition(codeword.count == 1 << logHeight, "codeword length does not match its key")
        }
        // Step 1: commit rounds.
        var current = codewords[schedule.maximumLogHeight]!
        var shift = Goldilocks.multiplicativeGenerator
        var trees = [MerkleTree]()
        for logArity in schedule.roundLogArities {
            var flattened = [Goldilocks]()
            flattened.reserveCapacity(2 * current.count)
            for value in current {
                flattened.append(value.c0)
                flattened.append(value.c1)
            }
            let tree = MerkleTree(leaves: RowMajorMatrix(values: flattened, width: 2 << logArity), capHeight: parameters.capHeight)
            challenger.observe(tree.cap)
            trees.append(tree)
            let beta = challenger.sampleExtension()
            var challenge = beta
            for _ in 0..<logArity {
                current = FRIFolding.foldByTwo(current, shift: shift, beta: challenge)
                shift = shift.squared()
                challenge = challenge.squared()
            }
            if let input = codewords[current.count.exactLog2] {
                // challenge is now β^(2^arity): a power the fold did not use.
                for i in current.indices { current[i] += challenge * input[i] }
            }
        }
        // Step 2: the final polynomial. An honest codeword interpolates to a polynomial whose
        // coefficients beyond the final length are zero; a dishonest one is truncated here and
        // caught by the verifier's final check.
        current.bitReversePermute()
        NTT.inverse(&current, shift: shift)
        var finalPolynomial = Array(current.prefix(1 << schedule.logFinalPolynomialLength))
        tamperFinalPolynomial?(&finalPolynomial)
        challenger.observe(finalPolynomial)
        // Step 3: proof of work.
        let nonce = challenger.grind(bits: parameters.proofOfWorkBits)
        // Step 4: queries.
        let queryIndices = (0..<parameters.queryCount).map { _ in challenger.sampleBits(schedule.maximumLogHeight) }
        var openings = [MerkleOpening]()
        var consumedBits = 0
        for (round, logArity) in schedule.roundLogArities.enumerated() {
            consumedBits += logArity
            openings.append(trees[round].open(queryIndices.map { $0 >> consumedBits }))
        }
        let proof = FRIProof(layerCaps: trees.map(\.cap), finalPolynomial: finalPolynomial, proofOfWorkNonce: nonce, layerOpenings: openings)
        return (proof, queryIndices)
    }
}
