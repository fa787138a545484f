/// Bit reversal over `bits` bits: the order in which NTT outputs, LDE rows and Merkle leaves of
/// codewords are stored (adjacent rows 2i, 2i+1 are the points x and −x).
@inlinable @inline(__always)
public func reverseBits(_ value: Int, bits: Int) -> Int {
    bits == 0 ? 0 : Int(truncatingIfNeeded: UInt(truncatingIfNeeded: value).bitReversed >> (UInt.bitWidth - bits))
}

extension UInt {
    @usableFromInline
    var bitReversed: UInt {
        var x = UInt64(truncatingIfNeeded: self)
        x = ((x >> 1) & 0x5555_5555_5555_5555) | ((x & 0x5555_5555_5555_5555) << 1)
        x = ((x >> 2) & 0x3333_3333_3333_3333) | ((x & 0x3333_3333_3333_3333) << 2)
        x = ((x >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((x & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        return UInt(truncatingIfNeeded: x.byteSwapped)
    }
}

extension MutableCollection where Self: RandomAccessCollection, Index == Int {
    /// Permutes into bit-reversed order (an involution). `count` must be a power of two.
    @inlinable
    public mutating func bitReversePermute() {
        let n = count
        guard n > 2 else { return }
        precondition(n & (n - 1) == 0, "bit reversal needs a power-of-two length")
        let bits = n.trailingZeroBitCount
        let base = startIndex
        for i in 0..<n {
            let j = reverseBits(i, bits: bits)
            if i < j { swapAt(base + i, base + j) }
        }
    }
}

extension Int {
    /// log₂ of a power of two. Precondition: `self` is a positive power of two.
    @inlinable
    public var exactLog2: Int {
        precondition(self > 0 && self & (self - 1) == 0, "\(self) is not a power of two")
        return trailingZeroBitCount
    }
}
