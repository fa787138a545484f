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
            // Overwrite the first min(remaining, 8) lanes of the rate (8 as a literal: a
            // `static let` such as `rate` is an accessor call in client modules).
            switch remaining {
            case 8...: s.x7 = input[7].value; fallthrough
            case 7: s.x6 = input[6].value; fallthrough
            case 6: s.x5 = input[5].value; fallthrough
            case 5: s.x4 = input[4].value; fallthrough
            case 4: s.x3 = input[3].value; fallthrough
            case 3: s.x2 = input[2].value; fallthrough
            case 2: s.x1 = input[1].value; fallthrough
            default: s.x0 = input[0].value
            }
            permute(lanes: &s)
            guard remaining > 8 else { break }
            input += 8
            remaining -= 8
        }
        return Digest(
            Goldilocks(uncheckedCanonical: Lazy.canonical(s.x0)), Goldilocks(uncheckedCanonical: Lazy.canonical(s.x1)),
            Goldilocks(uncheckedCanonical: Lazy.canonical(s.x2)), Goldilocks(uncheckedCanonical: Lazy.canonical(s.x3))
        )
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

    // MARK: - Two-to-one compression

    /// plonky2's `two_to_one`: state = `left ‖ right ‖ 0 0 0 0`, permute, lanes 0..<4. The
    /// Merkle-tree node hash.
    @inlinable
    public static func compress(_ left: Digest, _ right: Digest) -> Digest {
        var s = PoseidonLanes(
            left.e0.value, left.e1.value, left.e2.value, left.e3.value,
            right.e0.value, right.e1.value, right.e2.value, right.e3.value,
            0, 0, 0, 0
        )
        permute(lanes: &s)
        return Digest(
            Goldilocks(uncheckedCanonical: Lazy.canonical(s.x0)), Goldilocks(uncheckedCanonical: Lazy.canonical(s.x1)),
            Goldilocks(uncheckedCanonical: Lazy.canonical(s.x2)), Goldilocks(uncheckedCanonical: Lazy.canonical(s.x3))
        )
    }
}
