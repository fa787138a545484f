/// Little-endian byte encoding of field elements and lengths: the building block of every proof
/// format. Readers validate as they go and throw `ByteDecodingError` instead of trapping, so a
/// verifier can be fed arbitrary bytes.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    public mutating func write(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// A length or count, as a 32-bit value.
    public mutating func writeCount(_ count: Int) {
        precondition((0...Int(UInt32.max)).contains(count), "count \(count) does not fit 32 bits")
        write(UInt32(count))
    }

    public mutating func write(_ element: Goldilocks) { write(element.value) }

    public mutating func write(_ element: GoldilocksExtension) {
        write(element.c0)
        write(element.c1)
    }

    public mutating func write<E: FieldElement>(elements: [E]) {
        writeCount(elements.count)
        for element in elements {
            for coordinate in element.coordinates { write(coordinate) }
        }
    }

    public mutating func write(bytes more: [UInt8]) { bytes.append(contentsOf: more) }
}

/// Why bytes could not be decoded; every case says where.
public enum ByteDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended: `needed` more bytes at `offset`.
    case truncated(offset: Int, needed: Int)
    /// A field element at `offset` is ≥ p.
    case nonCanonical(offset: Int, value: UInt64)
    /// A count at `offset` is outside what the format allows.
    case countOutOfRange(offset: Int, count: Int, allowed: ClosedRange<Int>, what: String)
    /// A value at `offset` is not what the format allows.
    case invalidValue(offset: Int, what: String)
    /// Bytes remain after the last field.
    case trailingBytes(offset: Int, count: Int)

    public var description: String {
        switch self {
        case let .truncated(offset, needed): "truncated at byte \(offset): \(needed) more bytes needed"
        case let .nonCanonical(offset, value): "non-canonical field element \(value) at byte \(offset)"
        case let .countOutOfRange(offset, count, allowed, what):
            "\(what) count \(count) at byte \(offset) is outside \(allowed.lowerBound)…\(allowed.upperBound)"
        case let .invalidValue(offset, what): "invalid \(what) at byte \(offset)"
        case let .trailingBytes(offset, count): "\(count) unexpected bytes after the end, at byte \(offset)"
        }
    }
}

public struct ByteReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset: Int = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int) throws(ByteDecodingError) -> ArraySlice<UInt8> {
        guard remaining >= count else { throw .truncated(offset: offset, needed: count - remaining) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    public mutating func readByte() throws(ByteDecodingError) -> UInt8 { try take(1).first! }

    public mutating func readUInt32() throws(ByteDecodingError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    public mutating func readUInt64() throws(ByteDecodingError) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A count that must lie in `allowed` (checked before anything is allocated for it).
    public mutating func readCount(_ allowed: ClosedRange<Int>, what: String) throws(ByteDecodingError) -> Int {
        let at = offset
        let count = Int(try readUInt32())
        guard allowed.contains(count) else { throw .countOutOfRange(offset: at, count: count, allowed: allowed, what: what) }
        return count
    }

    public mutating func readElement() throws(ByteDecodingError) -> Goldilocks {
        let at = offset
        let raw = try readUInt64()
        guard let element = Goldilocks(exactly: raw) else { throw .nonCanonical(offset: at, value: raw) }
        return element
    }

    public mutating func readExtension() throws(ByteDecodingError) -> GoldilocksExtension {
        GoldilocksExtension(try readElement(), try readElement())
    }

    public mutating func read<E: FieldElement>(_: E.Type) throws(ByteDecodingError) -> E {
        if E.self == Goldilocks.self { return try readElement() as! E }
        if E.self == GoldilocksExtension.self { return try readExtension() as! E }
        var coordinates = [Goldilocks]()
        for _ in 0..<E.degree { coordinates.append(try readElement()) }
        return E(coordinates: coordinates)
    }

    /// A length-prefixed list whose length must lie in `allowed`.
    public mutating func readElements<E: FieldElement>(_: E.Type, count allowed: ClosedRange<Int>, what: String) throws(ByteDecodingError) -> [E] {
        let count = try readCount(allowed, what: what)
        // The count is bounded, but check the bytes exist before reserving.
        guard remaining >= count * 8 * E.degree else { throw .truncated(offset: offset, needed: count * 8 * E.degree - remaining) }
        var result = [E]()
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try read(E.self)) }
        return result
    }

    /// Reads a format's header: its magic bytes (else "magic (not a `what`)") and a version that
    /// must be `version` (else "format version v (this build reads `version`)").
    public mutating func readHeader(magic: [UInt8], version: UInt32, what: String) throws(ByteDecodingError) {
        for expected in magic where try readByte() != expected {
            throw .invalidValue(offset: 0, what: "magic (not a \(what))")
        }
        let versionOffset = offset
        let found = try readUInt32()
        guard found == version else {
            throw .invalidValue(offset: versionOffset, what: "format version \(found) (this build reads \(version))")
        }
    }

    /// Fails unless every byte was consumed.
    public func finish() throws(ByteDecodingError) {
        guard remaining == 0 else { throw .trailingBytes(offset: offset, count: remaining) }
    }
}
