/// Big-endian binary encoding: the versioned file formats (segments now, proofs later) and the
/// C structs the kernel hands to the guest.
public struct BinaryWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func u8(_ value: UInt8) { bytes.append(value) }
    public mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)] }
    public mutating func u32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }
    public mutating func u64(_ value: UInt64) {
        u32(UInt32(truncatingIfNeeded: value >> 32))
        u32(UInt32(truncatingIfNeeded: value))
    }
    public mutating func bool(_ value: Bool) { u8(value ? 1 : 0) }
    /// A length-prefixed byte string.
    public mutating func data(_ value: [UInt8]) {
        u32(UInt32(value.count))
        bytes += value
    }
    public mutating func string(_ value: String) { data(Array(value.utf8)) }
    public mutating func zeros(_ count: Int) { bytes += repeatElement(0, count: count) }
    /// A fixed-size, NUL-padded character field (C `char[size]`).
    public mutating func text(_ string: String, size: Int) {
        let utf8 = Array(string.utf8.prefix(size - 1))
        bytes += utf8
        zeros(size - utf8.count)
    }
}

/// Why bytes could not be decoded as a segment file (or another file ``BinaryReader`` reads).
/// Never a crash: every read is bounds-checked. (Named apart from Swift's `DecodingError` and
/// `Field`'s, which a module importing several of ours would otherwise see as ambiguous.)
public enum SegmentDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    case truncated(offset: Int, needed: Int)
    case badMagic
    case unsupportedVersion(UInt16)
    case invalid(field: String, offset: Int)
    case trailingBytes(count: Int)
    /// The SHA-256 the file ends with is not that of its content: the file was corrupted.
    case checksumMismatch(recorded: [UInt8], computed: [UInt8])

    public var description: String {
        switch self {
        case let .truncated(offset, needed): return "truncated: needed \(needed) more bytes at offset \(offset)"
        case .badMagic: return "not a zkmips file (bad magic bytes)"
        case let .unsupportedVersion(version): return "unsupported format version \(version)"
        case let .invalid(field, offset): return "invalid \(field) at offset \(offset)"
        case let .trailingBytes(count): return "\(count) unexpected bytes after the end"
        case let .checksumMismatch(recorded, computed):
            return "checksum mismatch: the file records SHA-256 \(SHA256.hex(recorded)) but its content hashes to "
                + "\(SHA256.hex(computed)) (the file is corrupt)"
        }
    }
}

public struct BinaryReader {
    public let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int) throws(SegmentDecodingError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw .truncated(offset: offset, needed: count) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    public mutating func u8() throws(SegmentDecodingError) -> UInt8 { try take(1).first! }
    public mutating func u16() throws(SegmentDecodingError) -> UInt16 {
        let slice = try take(2)
        return UInt16(slice[slice.startIndex]) << 8 | UInt16(slice[slice.startIndex + 1])
    }
    public mutating func u32() throws(SegmentDecodingError) -> UInt32 {
        let slice = try take(4)
        return slice.reduce(0) { $0 << 8 | UInt32($1) }
    }
    public mutating func u64() throws(SegmentDecodingError) -> UInt64 { UInt64(try u32()) << 32 | UInt64(try u32()) }
    public mutating func bool() throws(SegmentDecodingError) -> Bool {
        let at = offset
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw .invalid(field: "boolean", offset: at)
        }
    }
    /// A length-prefixed byte string of at most `limit` bytes.
    public mutating func data(limit: Int = 1 << 30) throws(SegmentDecodingError) -> [UInt8] {
        let at = offset
        let count = Int(try u32())
        guard count <= limit else { throw .invalid(field: "length \(count)", offset: at) }
        return Array(try take(count))
    }
    public mutating func string(limit: Int = 1 << 16) throws(SegmentDecodingError) -> String {
        String(decoding: try data(limit: limit), as: UTF8.self)
    }
    /// A count of items that each take at least `minimumSize` bytes: bounded by what remains, so a
    /// corrupt count cannot trigger a huge allocation (it reads as truncation instead).
    public mutating func count(minimumSize: Int, field: String) throws(SegmentDecodingError) -> Int {
        let count = Int(try u32())
        let needed = count * max(minimumSize, 1)  // count < 2^32, size small: no overflow in Int
        guard needed <= remaining else { throw .truncated(offset: offset, needed: needed - remaining) }
        return count
    }
    public func finish() throws(SegmentDecodingError) {
        if remaining > 0 { throw .trailingBytes(count: remaining) }
    }
}
