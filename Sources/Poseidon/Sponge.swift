import Field

/// Hashing with the permutation, as plonky2's `hash_no_pad` and `two_to_one`.
extension Poseidon {
    // MARK: - Sponge

    /// plonky2's `hash_no_pad`: start from the zero state; for each chunk of up to 8 elements,
    /// overwrite lanes `0..<chunk.count` (the other lanes keep their values) and permute; the
    /// digest is lanes 0..<4.
    ///
    /// No padding and no length: an empty input gives `Digest.zero` (no permutation runs), and a
    /// last chunk shorter than 8 hashes like the same chunk extended with the lanes it leaves in
    /// place (e.g. `hash([x]) == hash([x, 0])`). Use it for inputs whose length the context
    /// fixes (Merkle leaves of one matrix, fixed-shape transcripts).
    @inlinable
    public static func hash(_ elements: UnsafeBufferPointer<Goldilocks>) -> Digest {
        guard var input = elements.baseAddress, !elements.isEmpty else { return .zero }
        var s = PoseidonLanes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var remaining = elements.count
        // One permutation call site (it is inlined): a full chunk, or a last short one.
        while true {
            absorb(&s, input, remaining)
            permute(lanes: &s)
            guard remaining > 8 else { break }
            input += 8
            remaining -= 8
        }
        return digest(s)
    }

    /// `hash_no_pad` of an array (see `hash(_: UnsafeBufferPointer<Goldilocks>)`).
    @inlinable
    public static func hash(_ elements: [Goldilocks]) -> Digest {
        elements.withUnsafeBufferPointer { hash($0) }
    }

    /// `hash_no_pad` of an array slice (see `hash(_: UnsafeBufferPointer<Goldilocks>)`).
    @inlinable
    public static func hash(_ elements: ArraySlice<Goldilocks>) -> Digest {
        elements.withUnsafeBufferPointer { hash($0) }
    }

    /// `(hash(first), hash(second))` for two inputs of the same length (precondition), computed
    /// with the two-state permutation `permute(_:_:)`, whose interleaved partial rounds make a
    /// pair cheaper than two single hashes. For Merkle leaves: rows of one matrix have one
    /// length.
    @inlinable
    public static func hash(
        _ first: UnsafeBufferPointer<Goldilocks>, _ second: UnsafeBufferPointer<Goldilocks>
    ) -> (Digest, Digest) {
        precondition(first.count == second.count, "paired hashes need equal lengths, got \(first.count) and \(second.count)")
        guard var inputA = first.baseAddress, var inputB = second.baseAddress, !first.isEmpty else { return (.zero, .zero) }
        var a = PoseidonLanes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), b = a
        var remaining = first.count
        while true {
            absorb(&a, inputA, remaining)
            absorb(&b, inputB, remaining)
            permute(lanes: &a, &b)
            guard remaining > 8 else { break }
            inputA += 8
            inputB += 8
            remaining -= 8
        }
        return (digest(a), digest(b))
    }

    /// Overwrites the first `min(count, 8)` lanes of the rate with `input` (`count ≥ 1`).
    @inlinable @inline(__always)
    static func absorb(_ s: inout PoseidonLanes, _ input: UnsafePointer<Goldilocks>, _ count: Int) {
        // 8 as a literal: a `static let` such as `rate` is an accessor call in client modules.
        switch count {
        case 8...: s.x7 = input[7].value; fallthrough
        case 7: s.x6 = input[6].value; fallthrough
        case 6: s.x5 = input[5].value; fallthrough
        case 5: s.x4 = input[4].value; fallthrough
        case 4: s.x3 = input[3].value; fallthrough
        case 3: s.x2 = input[2].value; fallthrough
        case 2: s.x1 = input[1].value; fallthrough
        default: s.x0 = input[0].value
        }
    }

    /// Lanes 0..<4, canonical.
    @inlinable @inline(__always)
    static func digest(_ s: PoseidonLanes) -> Digest {
        Digest(
            Goldilocks(uncheckedCanonical: Lazy.canonical(s.x0)), Goldilocks(uncheckedCanonical: Lazy.canonical(s.x1)),
            Goldilocks(uncheckedCanonical: Lazy.canonical(s.x2)), Goldilocks(uncheckedCanonical: Lazy.canonical(s.x3))
        )
    }

    // MARK: - Two-to-one compression

    /// plonky2's `two_to_one`: state = `left ‖ right ‖ 0 0 0 0`, permute, lanes 0..<4. The
    /// Merkle-tree node hash.
    @inlinable
    public static func compress(_ left: Digest, _ right: Digest) -> Digest {
        var s = compressionInput(left, right)
        permute(lanes: &s)
        return digest(s)
    }

    /// `(compress(first.0, first.1), compress(second.0, second.1))`, computed with the two-state
    /// permutation `permute(_:_:)` (two Merkle nodes at once).
    @inlinable
    public static func compress(_ first: (Digest, Digest), _ second: (Digest, Digest)) -> (Digest, Digest) {
        var a = compressionInput(first.0, first.1), b = compressionInput(second.0, second.1)
        permute(lanes: &a, &b)
        return (digest(a), digest(b))
    }

    /// The state `left ‖ right ‖ 0 0 0 0`.
    @inlinable @inline(__always)
    static func compressionInput(_ left: Digest, _ right: Digest) -> PoseidonLanes {
        PoseidonLanes(
            left.e0.value, left.e1.value, left.e2.value, left.e3.value,
            right.e0.value, right.e1.value, right.e2.value, right.e3.value,
            0, 0, 0, 0
        )
    }
}
