import Field

/// Proof-of-work grinding: the prover finds a nonce such that, after observing it, the next
/// challenge has `bits` leading zero bits (of its canonical 64-bit value). This costs the prover
/// about 2^bits permutations and the verifier one, and adds `bits` to the conjectured security
/// (an attacker must redo the work for each attempt at the query phase).
extension Challenger {
    /// The smallest nonce that satisfies the proof of work, then observes it (so the transcript
    /// continues exactly as the verifier's will). Searches in parallel; the result does not depend
    /// on the thread count.
    public mutating func grind(bits: Int) -> UInt64 {
        precondition((0...63).contains(bits), "proof-of-work bits must be below 64")
        let base = self
        let batch = 1 << 12
        var start: UInt64 = 0
        while true {
            let found = Challenger.firstWitness(from: base, in: start..<(start + UInt64(batch)), bits: bits)
            if let nonce = found {
                let ok = checkWitness(nonce, bits: bits)
                assert(ok)
                return nonce
            }
            start += UInt64(batch)
        }
    }

    /// Observes `nonce` and reports whether the following sample has `bits` leading zeros.
    /// The verifier calls this on its transcript at the same point the prover ground.
    public mutating func checkWitness(_ nonce: UInt64, bits: Int) -> Bool {
        guard (0...63).contains(bits), let element = Goldilocks(exactly: nonce) else { return false }
        observe(element)
        return sample().value.leadingZeroBitCount >= bits
    }

    private static func firstWitness(from base: Challenger, in range: Range<UInt64>, bits: Int) -> UInt64? {
        let count = range.count
        var bestPerChunk = [UInt64](repeating: .max, count: count)
        bestPerChunk.withUnsafeMutableBufferPointer { results in
            parallelFor(0..<count, minimumChunk: 256) { chunk in
                for offset in chunk {
                    var trial = base
                    let nonce = range.lowerBound + UInt64(offset)
                    if trial.checkWitness(nonce, bits: bits) {
                        results[offset] = nonce
                        return
                    }
                }
            }
        }
        let best = bestPerChunk.min()!
        return best == .max ? nil : best
    }
}
