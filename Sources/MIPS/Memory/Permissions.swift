/// Access rights of a mapped memory range.
public struct Permissions: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = Permissions(rawValue: 1)
    public static let write = Permissions(rawValue: 2)
    public static let execute = Permissions(rawValue: 4)
    /// Kernel memory: reachable in kernel mode only (the in-guest kernel's image, data and stack).
    public static let kernel = Permissions(rawValue: 8)
    public static let all: Permissions = [.read, .write, .execute]

    /// `rwx`-style text, as in `/proc/self/maps`, with a `k` for kernel-only memory.
    public var description: String {
        (contains(.read) ? "r" : "-") + (contains(.write) ? "w" : "-") + (contains(.execute) ? "x" : "-")
            + (contains(.kernel) ? "k" : "")
    }
}

/// Why a memory access failed. The interpreter adds the pc and instruction to make a ``Fault``.
public enum MemoryFault: Error, Hashable, Sendable, CustomStringConvertible {
    /// No mapping covers the address (e.g. a null-pointer dereference).
    case unmapped(address: UInt32)
    /// The mapping exists but lacks the right (e.g. a store into the text segment).
    case protection(address: UInt32, needed: Permissions, has: Permissions)
    /// A word access not on a multiple of 4, or a halfword not on a multiple of 2.
    case unaligned(address: UInt32, size: Int)
    /// A user-mode access to the kernel's memory.
    case kernelMemory(address: UInt32)

    public var description: String {
        switch self {
        case let .unmapped(address): return "access to unmapped address \(hex32(address))"
        case let .protection(address, needed, has):
            return "\(needed.contains(.write) ? "write to" : needed.contains(.execute) ? "execution of" : "read of") \(hex32(address)) in a mapping with permissions \(has)"
        case let .unaligned(address, size): return "unaligned \(size)-byte access at \(hex32(address))"
        case let .kernelMemory(address): return "user-mode access to kernel memory at \(hex32(address))"
        }
    }
}

/// `0x` and eight hex digits.
@usableFromInline
func hex32(_ value: UInt32) -> String {
    "0x" + String(value, radix: 16).leftPadded(to: 8)
}
