/// File descriptors: 0 = private input (read-only), 1/2 = console, 3 = public output.
extension Syscall {
    static let inputFD: UInt32 = 0
    static let publicOutputFD: UInt32 = 3

    func requireOpen(_ fd: UInt32) throws(SyscallError) {
        guard kernel.state.isOpen(fd) else { throw .errno(.EBADF) }
    }

    /// Caps one transfer so a huge count cannot make the host allocate gigabytes.
    static let maxTransfer = 1 << 24

    func readFile() throws(SyscallError) -> SyscallOutcome {
        try requireOpen(a0)
        if case let .pipeReader(pipe)? = kernel.state.descriptors[a0] { return try readPipe(pipe, into: a1, count: a2) }
        guard a0 == Self.inputFD else { throw .errno(.EBADF) }
        let saved = kernel.state
        let bytes = kernel.takeInput(upTo: min(Int(a2), Self.maxTransfer))
        do { try write(Array(bytes), to: a1) } catch { kernel.state = saved; throw error }
        return .returned(UInt32(bytes.count))
    }

    func writeFile(fd: UInt32, buffer: UInt32, count: UInt32) throws(SyscallError) -> SyscallOutcome {
        try requireOpen(fd)
        if case let .pipeWriter(pipe)? = kernel.state.descriptors[fd] { return try writePipe(pipe, from: buffer, count: count) }
        guard fd != Self.inputFD, fd <= 3 else { throw .errno(.EBADF) }
        let length = min(Int(count), Self.maxTransfer)
        let bytes = try read(buffer, count: length)
        if fd == Self.publicOutputFD { kernel.commit(bytes) } else { kernel.console(Int32(fd), bytes) }
        return .returned(UInt32(length))
    }

    /// `readv(fd, iov, count)`: iovec = { base, length }.
    func readVector() throws(SyscallError) -> SyscallOutcome {
        try requireOpen(a0)
        guard a0 == Self.inputFD else { throw .errno(.EBADF) }
        guard a2 <= 1024 else { throw .errno(.EINVAL) }
        var total: UInt32 = 0
        for index in 0..<a2 {
            let base = try readWord(a1 &+ 8 &* index), length = try readWord(a1 &+ 8 &* index &+ 4)
            let saved = kernel.state
            let bytes = kernel.takeInput(upTo: min(Int(length), Self.maxTransfer))
            if bytes.isEmpty { break }
            do { try write(Array(bytes), to: base) } catch { kernel.state = saved; throw error }
            total &+= UInt32(bytes.count)
        }
        return .returned(total)
    }

    func writeVector() throws(SyscallError) -> SyscallOutcome {
        try requireOpen(a0)
        guard a2 <= 1024 else { throw .errno(.EINVAL) }
        var total: UInt32 = 0
        for index in 0..<a2 {
            let base = try readWord(a1 &+ 8 &* index), length = try readWord(a1 &+ 8 &* index &+ 4)
            guard case let .returned(written) = try writeFile(fd: a0, buffer: base, count: length) else { break }
            total &+= written
        }
        return .returned(total)
    }

    /// Closing 0–3 is accepted and changes nothing (they are the program's fixed channels).
    func close() throws(SyscallError) -> SyscallOutcome {
        try requireOpen(a0)
        kernel.state.close(a0)
        return .returned(0)
    }

    /// F_GETFD/F_SETFD/F_GETFL/F_SETFL are answered; the descriptor table itself is fixed.
    func fcntl() throws(SyscallError) -> SyscallOutcome {
        try requireOpen(a0)
        switch a1 {
        case 1: return .returned(0)  // F_GETFD
        case 2: return .returned(0)  // F_SETFD
        case 3:  // F_GETFL: O_RDONLY / O_WRONLY, pipes O_NONBLOCK (0x80)
            switch kernel.state.descriptors[a0] {
            case .pipeReader?: return .returned(0x80)
            case .pipeWriter?: return .returned(0x81)
            case .epoll?: return .returned(2)
            case nil: return .returned(a0 == Self.inputFD ? 0 : 1)
            }
        case 4: return .returned(0)  // F_SETFL
        default: throw .errno(.EINVAL)
        }
    }

    /// No descriptor is a terminal.
    func ioctl() throws(SyscallError) -> SyscallOutcome {
        try requireOpen(a0)
        throw .errno(.ENOTTY)
    }

    /// The descriptors look like pipes (S_IFIFO), so C stdio buffers fully and Go does not poll.
    static let fifoMode: UInt32 = 0o010000 | 0o600

    /// `struct stat64` of the MIPS o32 ABI (arch/mips/include/uapi/asm/stat.h), 104 bytes.
    func fstat64(fd: UInt32, buffer: UInt32) throws(SyscallError) -> SyscallOutcome {
        try requireOpen(fd)
        var stat = BinaryWriter()
        stat.u32(0x0c)  // st_dev
        stat.zeros(12)  // st_pad0
        stat.u64(UInt64(fd) + 1)  // st_ino
        stat.u32(Self.fifoMode)  // st_mode
        stat.u32(1)  // st_nlink
        stat.u32(0); stat.u32(0)  // st_uid, st_gid
        stat.u32(0)  // st_rdev
        stat.zeros(12)  // st_pad1
        stat.u64(0)  // st_size
        stat.zeros(24)  // atime, mtime, ctime (sec, nsec)
        stat.u32(4096)  // st_blksize
        stat.u32(0)  // st_pad2
        stat.u64(0)  // st_blocks
        try write(stat.bytes, to: buffer)
        return .returned(0)
    }

    /// `fstatat64(dirfd, path, buf, flags)`: only the empty path with AT_EMPTY_PATH (an fstat).
    func fstatat64() throws(SyscallError) -> SyscallOutcome {
        let path = try cString(a1)
        guard path.isEmpty else { throw .errno(.ENOENT) }
        return try fstat64(fd: a0, buffer: a2)
    }

    /// `statx(dirfd, path, flags, mask, buf)`; like fstatat64, only for our descriptors.
    func statx() throws(SyscallError) -> SyscallOutcome {
        let path = try cString(a1)
        guard path.isEmpty else { throw .errno(.ENOENT) }
        try requireOpen(a0)
        let buffer = try stackArgument(0)
        var statx = BinaryWriter()
        statx.u32(0x7ff)  // stx_mask: STATX_BASIC_STATS
        statx.u32(4096)  // stx_blksize
        statx.u64(0)  // stx_attributes
        statx.u32(1)  // stx_nlink
        statx.u32(0); statx.u32(0)  // stx_uid, stx_gid
        statx.u16(UInt16(Self.fifoMode))  // stx_mode
        statx.zeros(2)
        statx.u64(UInt64(a0) + 1)  // stx_ino
        statx.u64(0)  // stx_size
        statx.u64(0)  // stx_blocks
        statx.u64(0)  // stx_attributes_mask
        statx.zeros(256 - statx.bytes.count)  // timestamps, device numbers, spare
        try write(statx.bytes, to: buffer)
        return .returned(0)
    }

    /// Only `/proc/self/exe` exists, and reads as ``KernelConstants/executablePath``.
    func readlink(path: UInt32, buffer: UInt32, size: UInt32) throws(SyscallError) -> SyscallOutcome {
        guard try cString(path) == "/proc/self/exe" else { throw .errno(.ENOENT) }
        let target = Array(KernelConstants.executablePath.utf8.prefix(Int(min(size, 4096))))
        try write(target, to: buffer)
        return .returned(UInt32(target.count))
    }

    func getcwd() throws(SyscallError) -> SyscallOutcome {
        guard a1 >= 2 else { throw .errno(.ERANGE) }
        try write(Array("/".utf8) + [0], to: a0)
        return .returned(2)
    }
}
