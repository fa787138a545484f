/// Builds the big-endian byte image of a C struct the kernel hands to the guest.
struct GuestStruct {
    private(set) var bytes: [UInt8] = []

    init() {}

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)] }
    mutating func u32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }
    mutating func u64(_ value: UInt64) {
        u32(UInt32(truncatingIfNeeded: value >> 32))
        u32(UInt32(truncatingIfNeeded: value))
    }
    mutating func zeros(_ count: Int) { bytes += repeatElement(0, count: count) }
    /// A fixed-size, NUL-padded character field.
    mutating func text(_ string: String, size: Int) {
        let utf8 = Array(string.utf8.prefix(size - 1))
        bytes += utf8
        zeros(size - utf8.count)
    }
}
