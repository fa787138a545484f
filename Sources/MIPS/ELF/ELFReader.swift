// Bounds-checked big-endian reads over an ELF file's bytes.

/// Raw access to the file. `range(_:offset:size:)` validates a span before any `u8`/`u16`/`u32`
/// read inside it; the read helpers themselves rely on that (and Swift's array bounds checks).
struct ELFReader {
    let bytes: [UInt8]

    var count: Int { bytes.count }

    /// Checks that `offset ..< offset + size` lies inside the file and returns `offset` as an `Int`.
    ///
    /// Arithmetic is in `UInt64` with an overflow check, so any 32-bit offset and size (or their
    /// 32 × 32-bit products) are compared exactly.
    func range(_ what: @autoclosure () -> String, offset: UInt64, size: UInt64) throws(ELFError) -> Int {
        let fileSize = UInt64(bytes.count)
        let (end, overflow) = offset.addingReportingOverflow(size)
        guard !overflow, end <= fileSize else {
            throw .truncated(
                what: what(), offset: Int(clamping: offset), needed: Int(clamping: size),
                available: offset < fileSize ? Int(fileSize - offset) : 0)
        }
        return Int(offset)  // offset ≤ end ≤ bytes.count, so it fits in Int.
    }

    func u8(_ offset: Int) -> UInt8 { bytes[offset] }

    func u16(_ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    func u32(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
