import Field
@testable import Poseidon

/// A reproducible generator for test inputs (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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
