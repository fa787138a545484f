/// SHA-256 as NIST FIPS 180-4 §6.2 defines it (constants from §4.2.2 and §5.3.3), one-shot.
///
/// The segment files end with the SHA-256 of their content (``Segment/serialized()``), so a
/// flipped bit anywhere is refused and `head -c -32 FILE | sha256sum` checks a file by hand.
/// `MIPS` imports nothing of ours (DESIGN.md §3), hence this small implementation rather than
/// the prover's Poseidon. Tested against the FIPS 180-2 Appendix B examples.
public enum SHA256 {
    /// Bytes in a digest.
    public static let digestSize = 32

    /// The digest of `message` (any length below 2^61 bytes).
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBufferPointer { hash($0) }
    }

    /// The digest of `message`.
    public static func hash(_ message: ArraySlice<UInt8>) -> [UInt8] {
        message.withUnsafeBufferPointer { hash($0) }
    }

    /// The digest of the bytes in `message`.
    public static func hash(_ message: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var state = initialState
        let whole = message.count / 64 * 64
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            var offset = 0
            while offset < whole {
                compress(&state, UnsafeBufferPointer(rebasing: message[offset..<offset + 64]), schedule)
                offset += 64
            }
            // §5.1.1 padding: 0x80, zeros to 56 mod 64, then the bit length as a big-endian u64.
            var tail = Array(message[whole...])
            tail.append(0x80)
            while tail.count % 64 != 56 { tail.append(0) }
            let bits = UInt64(message.count) &* 8  // message.count < 2^61: no wrap
            for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
            tail.withUnsafeBufferPointer { padded in
                for start in stride(from: 0, to: padded.count, by: 64) {
                    compress(&state, UnsafeBufferPointer(rebasing: padded[start..<start + 64]), schedule)
                }
            }
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(digestSize)
        for word in state {
            digest += [UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8),
                       UInt8(truncatingIfNeeded: word)]
        }
        return digest
    }

    /// Lower-case hexadecimal, as `sha256sum` prints a digest.
    public static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest { text += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: - The compression function (§6.2.2)

    /// One 64-byte block into `state`; `schedule` is scratch space for the 64 message words.
    /// All additions are modulo 2^32 by definition, hence `&+`.
    private static func compress(_ state: inout [UInt32], _ block: UnsafeBufferPointer<UInt8>,
                                 _ schedule: UnsafeMutableBufferPointer<UInt32>) {
        for t in 0..<16 {
            schedule[t] = UInt32(block[4 * t]) << 24 | UInt32(block[4 * t + 1]) << 16
                | UInt32(block[4 * t + 2]) << 8 | UInt32(block[4 * t + 3])
        }
        for t in 16..<64 {
            let w15 = schedule[t - 15], w2 = schedule[t - 2]
            let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
            let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
            schedule[t] = schedule[t - 16] &+ s0 &+ schedule[t - 7] &+ s1
        }
        var a = state[0], b = state[1], c = state[2], d = state[3]
        var e = state[4], f = state[5], g = state[6], h = state[7]
        for t in 0..<64 {
            let sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let choice = (e & f) ^ (~e & g)
            let t1 = h &+ sum1 &+ choice &+ roundConstants[t] &+ schedule[t]
            let sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = sum0 &+ majority
            h = g; g = f; f = e; e = d &+ t1
            d = c; c = b; b = a; a = t1 &+ t2
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
        state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }

    /// H(0): the first 32 bits of the fractional parts of the square roots of the first eight
    /// primes (§5.3.3).
    private static let initialState: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]

    /// K: the first 32 bits of the fractional parts of the cube roots of the first 64 primes (§4.2.2).
    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]
}
