import Field

/// The 12-lane state of the Poseidon permutation: lanes 0..<8 are the sponge rate, lanes 8..<12
/// the capacity.
///
/// Stored inline as a homogeneous tuple (no heap, laid out like `[Goldilocks]` of 12), so states
/// can live on the stack of hot loops. Lanes are always canonical field elements.
@frozen
public struct PoseidonState: Sendable, Equatable {
    @usableFromInline
    typealias Storage = (
        Goldilocks, Goldilocks, Goldilocks, Goldilocks, Goldilocks, Goldilocks,
        Goldilocks, Goldilocks, Goldilocks, Goldilocks, Goldilocks, Goldilocks
    )

    @usableFromInline
    var storage: Storage

    /// All lanes zero.
    @inlinable @inline(__always)
    public init() {
        let zero = Goldilocks(uncheckedCanonical: 0)
        storage = (zero, zero, zero, zero, zero, zero, zero, zero, zero, zero, zero, zero)
    }

    /// A state from exactly 12 lanes (precondition: `lanes.count == 12`).
    @inlinable
    public init(_ lanes: [Goldilocks]) {
        precondition(lanes.count == Poseidon.width, "a Poseidon state has 12 lanes, got \(lanes.count)")
        storage = (
            lanes[0], lanes[1], lanes[2], lanes[3], lanes[4], lanes[5],
            lanes[6], lanes[7], lanes[8], lanes[9], lanes[10], lanes[11]
        )
    }

    /// Lane `lane`, in `0..<12` (checked).
    @inlinable
    public subscript(lane: Int) -> Goldilocks {
        @inline(__always) get {
            precondition((0..<Poseidon.width).contains(lane), "lane \(lane) outside 0..<12")
            return withUnsafeBytes(of: storage) { $0.load(fromByteOffset: lane &* 8, as: Goldilocks.self) }
        }
        @inline(__always) set {
            precondition((0..<Poseidon.width).contains(lane), "lane \(lane) outside 0..<12")
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: newValue, toByteOffset: lane &* 8, as: Goldilocks.self) }
        }
    }

    /// The 12 lanes, lane 0 first.
    @inlinable
    public var lanes: [Goldilocks] {
        withUnsafeBytes(of: storage) { Array($0.assumingMemoryBound(to: Goldilocks.self)) }
    }

    @inlinable
    public static func == (lhs: PoseidonState, rhs: PoseidonState) -> Bool {
        withUnsafeBytes(of: lhs.storage) { left in
            withUnsafeBytes(of: rhs.storage) { right in left.elementsEqual(right) }
        }
    }
}
