import Field

extension Poseidon {
    /// The textbook permutation: 30 rounds, each adding 12 round constants, applying the S-box
    /// (all lanes in rounds 0–3 and 26–29, lane 0 in rounds 4–25) and the full MDS matrix, all in
    /// plain `Goldilocks` arithmetic. Slow (heap arrays, 144 multiplications per MDS layer); it is
    /// the specification the fast `permute` is tested against.
    public static func permuteReference(_ state: inout PoseidonState) {
        let constants = PoseidonConstants.roundConstants.map { Goldilocks(uncheckedCanonical: $0) }
        let circulant = PoseidonConstants.mdsCirculant.map { Goldilocks(uncheckedCanonical: $0) }
        let diagonal = PoseidonConstants.mdsDiagonal.map { Goldilocks(uncheckedCanonical: $0) }
        var lanes = state.lanes
        let halfFull = fullRounds / 2
        for round in 0..<(fullRounds + partialRounds) {
            for i in 0..<width { lanes[i] += constants[width * round + i] }
            let isFull = round < halfFull || round >= halfFull + partialRounds
            for i in 0..<(isFull ? width : 1) { lanes[i] = seventhPower(lanes[i]) }
            var mixed = [Goldilocks](repeating: .zero, count: width)
            for r in 0..<width {
                for i in 0..<width { mixed[r] += lanes[(i + r) % width] * circulant[i] }
                mixed[r] += lanes[r] * diagonal[r]
            }
            lanes = mixed
        }
        state = PoseidonState(lanes)
    }

    static func seventhPower(_ x: Goldilocks) -> Goldilocks {
        let x2 = x * x
        return x2 * x2 * x2 * x
    }
}
