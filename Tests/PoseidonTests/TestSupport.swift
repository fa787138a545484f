import Field
@testable import Poseidon

/// Field elements from raw canonical values (the vectors file writes them in hex).
func elements(_ values: [UInt64]) -> [Goldilocks] {
    values.map { Goldilocks(exactly: $0)! }
}

/// A straightforward sponge, written from the plonky2 rules independently of `Poseidon.hash`:
/// overwrite lanes with each chunk of 8 (or fewer), permute with the textbook form, digest =
/// lanes 0..<4.
func straightforwardHash(_ input: [Goldilocks]) -> Digest {
    var state = PoseidonState()
    var start = 0
    while start < input.count {
        let end = min(start + Poseidon.rate, input.count)
        for (lane, element) in input[start..<end].enumerated() { state[lane] = element }
        Poseidon.permuteReference(&state)
        start = end
    }
    return Digest(Array(state.lanes[0..<4]))
}
