import Field

/// A Poseidon digest: four Goldilocks elements (256 bits of output, ~128-bit collision security).
///
/// The elements are stored inline (no heap), so digests are cheap to copy, compare and hash.
@frozen
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    public var e0, e1, e2, e3: Goldilocks

    @inlinable @inline(__always)
    public init(_ e0: Goldilocks, _ e1: Goldilocks, _ e2: Goldilocks, _ e3: Goldilocks) {
        self.e0 = e0
        self.e1 = e1
        self.e2 = e2
        self.e3 = e3
    }

    /// A digest from exactly four elements (precondition: `elements.count == 4`).
    @inlinable
    public init(_ elements: [Goldilocks]) {
        precondition(elements.count == 4, "a digest has 4 elements, got \(elements.count)")
        self.init(elements[0], elements[1], elements[2], elements[3])
    }

    /// The four elements, `e0` first.
    @inlinable
    public var elements: [Goldilocks] { [e0, e1, e2, e3] }

    /// All four elements zero; also the `Poseidon.hash` of an empty input.
    public static let zero = Digest(.zero, .zero, .zero, .zero)

    /// The four canonical values in hex, e.g. `0x3c18a9786cb0b359:…`.
    public var description: String {
        elements.map { element in
            let digits = String(element.value, radix: 16)
            return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
        }.joined(separator: ":")
    }
}

// MARK: - Byte encoding

extension ByteWriter {
    /// Writes the four elements in order, 8 little-endian bytes each (32 bytes).
    public mutating func write(_ digest: Digest) {
        write(digest.e0)
        write(digest.e1)
        write(digest.e2)
        write(digest.e3)
    }
}

extension ByteReader {
    /// Reads 32 bytes written by `ByteWriter.write(_: Digest)`; throws `.truncated` or
    /// `.nonCanonical` instead of trapping.
    public mutating func readDigest() throws(ByteDecodingError) -> Digest {
        let e0 = try readElement()
        let e1 = try readElement()
        let e2 = try readElement()
        let e3 = try readElement()
        return Digest(e0, e1, e2, e3)
    }
}
