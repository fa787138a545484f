import Field

/// The folding arithmetic prover and verifier share.
///
/// Codewords are stored in bit-reversed order on a coset s·⟨ω⟩, so entries 2i and 2i+1 are the
/// values at y and −y. Folding by 2 with challenge β maps f(x) = f_e(x²) + x·f_o(x²) to
/// f_e + β·f_o, evaluated at y²:  (f(y) + f(−y))/2 + β·(f(y) − f(−y))/(2y).
/// The result is again in bit-reversed order, on the coset s²·⟨ω²⟩. Folding by 2^a with β is
/// a folds by 2 with β, β², β⁴, …
public enum FRIFolding {
    /// Folds a whole codeword of length 2^logSize on the coset shift·⟨ω_{2^logSize}⟩ by 2.
    public static func foldByTwo(_ codeword: [GoldilocksExtension], shift: Goldilocks, beta: GoldilocksExtension) -> [GoldilocksExtension] {
        let half = codeword.count / 2
        let logSize = codeword.count.exactLog2
        // 1/(2y_i) for y_i = shift·ω^bitrev(i): the pair (2i, 2i+1) sits at ±y_i.
        var inverseDoubledPoints = Goldilocks.rootOfUnity(logOrder: logSize).inverse().powers(count: half)
        inverseDoubledPoints.bitReversePermute()
        let scale = (shift + shift).inverse()
        let inverseTwo = Goldilocks.two.inverse()
        var folded = [GoldilocksExtension](repeating: .zero, count: half)
        folded.withUnsafeMutableBufferPointer { output in
            codeword.withUnsafeBufferPointer { input in
                inverseDoubledPoints.withUnsafeBufferPointer { inverses in
                    parallelFor(0..<half, minimumChunk: 1024) { range in
                        for i in range {
                            let positive = input[2 * i], negative = input[2 * i + 1]
                            let sum = (positive + negative) * inverseTwo
                            let difference = (positive - negative) * (inverses[i] * scale)
                            output[i] = sum + beta * difference
                        }
                    }
                }
            }
        }
        return folded
    }

    /// Folds the 2^a values of one coset x·⟨ω_{2^a}⟩ (bit-reversed order, so position 0 is x)
    /// down to one value with β, β², …: the verifier's side of `foldByTwo` repeated a times.
    /// Precondition: x ≠ 0 (domain points never are).
    public static func foldCoset(_ values: [GoldilocksExtension], base x: Goldilocks, beta: GoldilocksExtension) -> GoldilocksExtension {
        var current = values
        var base = x
        var challenge = beta
        let inverseTwo = Goldilocks.two.inverse()
        while current.count > 1 {
            let half = current.count / 2
            // Pair m sits at ±y_m with y_m = base·ω_{2·half}^bitrev(m).
            var points = Goldilocks.rootOfUnity(logOrder: (2 * half).exactLog2).powers(count: half)
            points.bitReversePermute()
            let inverses = batchInverse(points.map { base * $0 * 2 })
            var next = [GoldilocksExtension]()
            next.reserveCapacity(half)
            for m in 0..<half {
                let positive = current[2 * m], negative = current[2 * m + 1]
                next.append((positive + negative) * inverseTwo + challenge * ((positive - negative) * inverses[m]))
            }
            current = next
            base = base.squared()
            challenge = challenge.squared()
        }
        return current[0]
    }

    /// The point of entry `index` of a bit-reversed codeword of length 2^logSize on shift·⟨ω⟩.
    public static func point(index: Int, logSize: Int, shift: Goldilocks) -> Goldilocks {
        TwoAdicCoset(logSize: logSize, shift: shift).element(reverseBits(index, bits: logSize))
    }
}
