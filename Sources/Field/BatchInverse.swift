/// Montgomery's trick: n inverses for one inversion and 3(n − 1) multiplications.
///
/// Precondition: no element is zero (checked; a zero traps, since silently returning garbage
/// would be worse). Callers that face adversarial values check for zero first.
@inlinable
public func batchInverse<E: FieldElement>(_ elements: [E]) -> [E] {
    var result = elements
    batchInvert(&result)
    return result
}

/// In-place batch inversion (see `batchInverse`).
@inlinable
public func batchInvert<E: FieldElement>(_ elements: inout [E]) {
    let n = elements.count
    guard n > 0 else { return }
    elements.withUnsafeMutableBufferPointer { values in
        // prefix[i] = x₀·…·x_{i−1}
        var prefix = [E](repeating: .one, count: n)
        var running = E.one
        for i in 0..<n {
            prefix[i] = running
            running *= values[i]
        }
        guard var inverse = running.inverseIfNonzero() else {
            preconditionFailure("batchInverse: an element is zero")
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            let value = values[i]
            values[i] = inverse * prefix[i]
            inverse *= value
        }
    }
}
