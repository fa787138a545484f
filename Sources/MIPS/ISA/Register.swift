/// A MIPS general-purpose register number, 0…31.
///
/// The raw value is the 5-bit field of the instruction word. Register 0 always reads as zero.
public struct Register: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: UInt8

    /// Creates a register from a number; only the low five bits are used.
    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue & 31 }

    @inlinable
    public init(_ number: UInt32) { self.rawValue = UInt8(truncatingIfNeeded: number & 31) }

    @inlinable
    public var index: Int { Int(rawValue) }

    public static func < (lhs: Register, rhs: Register) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The o32 ABI names, indexed by register number.
    public static let abiNames: [String] = [
        "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
        "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7",
        "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
        "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra",
    ]

    /// `$name`, as the GNU assembler prints it.
    public var description: String { "$" + Register.abiNames[index] }

    public static let zero = Register(rawValue: 0)
    public static let at = Register(rawValue: 1)
    public static let v0 = Register(rawValue: 2)
    public static let v1 = Register(rawValue: 3)
    public static let a0 = Register(rawValue: 4)
    public static let a1 = Register(rawValue: 5)
    public static let a2 = Register(rawValue: 6)
    public static let a3 = Register(rawValue: 7)
    public static let t0 = Register(rawValue: 8)
    public static let t1 = Register(rawValue: 9)
    public static let t2 = Register(rawValue: 10)
    public static let s0 = Register(rawValue: 16)
    public static let s1 = Register(rawValue: 17)
    public static let s2 = Register(rawValue: 18)
    public static let s3 = Register(rawValue: 19)
    public static let s4 = Register(rawValue: 20)
    public static let s5 = Register(rawValue: 21)
    public static let s6 = Register(rawValue: 22)
    public static let s7 = Register(rawValue: 23)
    public static let t9 = Register(rawValue: 25)
    public static let gp = Register(rawValue: 28)
    public static let sp = Register(rawValue: 29)
    public static let fp = Register(rawValue: 30)
    public static let ra = Register(rawValue: 31)
}
