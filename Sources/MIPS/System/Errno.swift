/// Linux errno values as the MIPS o32 ABI numbers them, as the kernel answers them
/// (arch/mips/include/uapi/asm/errno.h; 1–34 are the generic values, several later ones differ
/// from other architectures).
public struct Errno: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let EPERM = Errno(rawValue: 1)
    public static let ENOENT = Errno(rawValue: 2)
    public static let ESRCH = Errno(rawValue: 3)
    public static let EINTR = Errno(rawValue: 4)
    public static let EBADF = Errno(rawValue: 9)
    public static let EAGAIN = Errno(rawValue: 11)
    public static let ENOMEM = Errno(rawValue: 12)
    public static let EACCES = Errno(rawValue: 13)
    public static let EFAULT = Errno(rawValue: 14)
    public static let EEXIST = Errno(rawValue: 17)
    public static let ENODEV = Errno(rawValue: 19)
    public static let EINVAL = Errno(rawValue: 22)
    public static let ENOTTY = Errno(rawValue: 25)
    public static let ESPIPE = Errno(rawValue: 29)
    public static let ERANGE = Errno(rawValue: 34)
    /// MIPS: 89 (not 38 as on x86).
    public static let ENOSYS = Errno(rawValue: 89)
    /// MIPS: 145 (not 110).
    public static let ETIMEDOUT = Errno(rawValue: 145)
    public static let EMFILE = Errno(rawValue: 24)
    public static let EPIPE = Errno(rawValue: 32)
    public static let ENAMETOOLONG = Errno(rawValue: 78)
}
