import XCTest

@testable import MIPS

/// File descriptors, answered by the in-guest kernel (`mips-guests/kernel/files.c`): the
/// private input on fd 0, the console on fd 1/2, the public output on fd 3, and Linux's
/// descriptor semantics (dup, fcntl, close). Pipes and epoll are in `KernelPipeTests`.
final class KernelFileTests: KernelTestCase {
    private typealias N = SyscallNumber

    // MARK: - Writing

    func testWriteGoesToConsoleOrPublicOutput() throws {
        let machine = try makeMachine()
        put(Array("hello, world".utf8), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, N.write, 1, Layout.data, 5), 5)
        XCTAssertEqual(success(machine, N.write, 2, Layout.data + 7, 5), 5)
        XCTAssertEqual(success(machine, N.write, 3, Layout.data, 12), 12)
        XCTAssertEqual(success(machine, N.write, 3, Layout.data, 0), 0)
        XCTAssertEqual(success(machine, N.write, 1, Layout.unmapped, 0), 0, "nothing to write: the buffer is not read")
        XCTAssertEqual(machine.io.standardOutput, Array("hello".utf8))
        XCTAssertEqual(machine.io.standardError, Array("world".utf8))
        XCTAssertEqual(machine.io.publicOutput, Array("hello, world".utf8))
        failure(machine, N.write, 0, Layout.data, 1, errno: .EBADF)
        failure(machine, N.write, 4, Layout.data, 1, errno: .EBADF)
        failure(machine, N.write, 1, Layout.unmapped, 4, errno: .EFAULT)
        failure(machine, N.write, 3, Layout.data + Layout.dataPages * 0x1000 - 2, 4, errno: .EFAULT)
        XCTAssertEqual(machine.io.standardOutput, Array("hello".utf8), "failed writes write nothing")
        XCTAssertEqual(machine.io.publicOutput, Array("hello, world".utf8))
    }

    /// The public output is written a word at a time where the buffer allows, in pieces at
    /// unaligned edges: every byte arrives once, in order.
    func testPublicOutputFromUnalignedBuffers() throws {
        let machine = try makeMachine()
        let text = Array("0123456789abcdefghij".utf8)
        put(text, at: Layout.data, in: machine)
        var expected: [UInt8] = []
        for (offset, count) in [(1, 6), (3, 1), (2, 2), (0, 9), (5, 15), (7, 0)] {
            XCTAssertEqual(success(machine, N.write, 3, Layout.data + UInt32(offset), UInt32(count)), UInt32(count))
            expected += text[offset..<offset + count]
        }
        XCTAssertEqual(machine.io.publicOutput, expected)
    }

    func testWritevGathersAndReadvScatters() throws {
        let machine = try makeMachine(input: Array("hello".utf8))
        put(Array("abcdef".utf8), at: Layout.data, in: machine)
        // iovec[3] = { data + 4, 2 }, { anything, 0 }, { data, 3 }
        let iov = Layout.data + 0x100
        poke(machine, [Layout.data + 4, 2, Layout.unmapped, 0, Layout.data, 3], at: iov)
        XCTAssertEqual(success(machine, N.writev, 3, iov, 3), 5)
        XCTAssertEqual(machine.io.publicOutput, Array("efabc".utf8))
        failure(machine, N.writev, 3, Layout.unmapped, 1, errno: .EFAULT)
        failure(machine, N.writev, 9, iov, 1, errno: .EBADF)

        // readv stops at the first short transfer: 2 + 3 bytes, the third buffer stays untouched.
        let buffers = Layout.data + 0x200
        put(Array(repeating: 0xee, count: 0x30), at: buffers, in: machine)
        poke(machine, [buffers, 2, buffers + 0x10, 4, buffers + 0x20, 4], at: iov)
        XCTAssertEqual(success(machine, N.readv, 0, iov, 3), 5)
        XCTAssertEqual(bytes(machine, at: buffers, count: 3), Array("he".utf8) + [0xee])
        XCTAssertEqual(bytes(machine, at: buffers + 0x10, count: 4), Array("llo".utf8) + [0xee])
        XCTAssertEqual(bytes(machine, at: buffers + 0x20, count: 1), [0xee])
        XCTAssertEqual(success(machine, N.readv, 0, iov, 3), 0, "end of input")
    }

    // MARK: - Reading the input

    func testReadConsumesInputThenReturnsZeroAtEnd() throws {
        let machine = try makeMachine(input: Array("hello".utf8))
        XCTAssertEqual(success(machine, N.read, 0, Layout.data, 3), 3)
        XCTAssertEqual(bytes(machine, at: Layout.data, count: 3), Array("hel".utf8))
        XCTAssertEqual(success(machine, N.read, 0, Layout.data + 3, 100), 2)
        XCTAssertEqual(bytes(machine, at: Layout.data, count: 6), Array("hello".utf8) + [0])
        XCTAssertEqual(success(machine, N.read, 0, Layout.data, 100), 0, "end of input")
        XCTAssertEqual(machine.io.inputPosition, 3, "the length word and two data words")
        failure(machine, N.read, 1, Layout.data, 1, errno: .EBADF)
        failure(machine, N.read, 9, Layout.data, 1, errno: .EBADF)
    }

    /// EFAULT before anything is consumed: the next read still gets every byte (the kernel has
    /// only learnt the input's length).
    func testReadIntoUnmappedBufferFailsWithoutConsumingInput() throws {
        let machine = try makeMachine(input: Array("xyz".utf8))
        failure(machine, N.read, 0, Layout.unmapped, 3, errno: .EFAULT)
        failure(machine, N.read, 0, Layout.code, 3, errno: .EFAULT)  // read-only
        XCTAssertEqual(machine.io.inputPosition, 1, "only the length word was read")
        XCTAssertEqual(success(machine, N.read, 0, Layout.data + 1, 3), 3)
        XCTAssertEqual(bytes(machine, at: Layout.data + 1, count: 3), Array("xyz".utf8))
    }

    // MARK: - stat, ioctl, lseek, paths

    /// `struct stat64` (MIPS o32): st_mode at offset 24, st_nlink at 28; the descriptors are
    /// FIFOs.
    func testFstat64ReportsAFIFO() throws {
        let machine = try makeMachine()
        for fd: UInt32 in [0, 1, 2, 3] {
            put(Array(repeating: 0xee, count: 104), at: Layout.data, in: machine)
            XCTAssertEqual(success(machine, N.fstat64, fd, Layout.data), 0)
            XCTAssertEqual(peek(machine, Layout.data + 24), 0o010600, "fd \(fd): S_IFIFO | 0600")
            XCTAssertEqual(peek(machine, Layout.data + 28), 1, "st_nlink")
            XCTAssertEqual(peek(machine, Layout.data + 100), 0, "the whole struct is written")
        }
        failure(machine, N.fstat64, 7, Layout.data, errno: .EBADF)
        failure(machine, N.fstat64, 1, Layout.unmapped, errno: .EFAULT)

        // fstatat64(fd, "", buffer, AT_EMPTY_PATH) names the descriptor; any path is ENOENT.
        let empty = Layout.data + 0x200, path = Layout.data + 0x210
        put([0], at: empty, in: machine)
        put(Array("file".utf8) + [0], at: path, in: machine)
        put(Array(repeating: 0, count: 104), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, N.fstatat64, 2, empty, Layout.data, 0x1000), 0)
        XCTAssertEqual(peek(machine, Layout.data + 24), 0o010600)
        failure(machine, N.fstatat64, 2, path, Layout.data, 0, errno: .ENOENT)
    }

    /// statx(fd, "", AT_EMPTY_PATH, mask, buffer): the buffer is the fifth (stack) argument.
    func testStatx() throws {
        let machine = try makeMachine()
        let empty = Layout.data + 0x200, buffer = Layout.data + 0x400
        put([0], at: empty, in: machine)
        put(Array(repeating: 0xee, count: 256), at: buffer, in: machine)
        XCTAssertEqual(success(machine, N.statx, 1, empty, 0x1000, 0x7ff, stack: [buffer]), 0)
        XCTAssertEqual(peek(machine, buffer), 0x7ff, "stx_mask: the basic stats")
        XCTAssertEqual(peek(machine, buffer + 16), 1, "stx_nlink")
        XCTAssertEqual(peek(machine, buffer + 28) >> 16, 0o010600, "stx_mode")
        XCTAssertEqual(peek(machine, buffer + 252), 0)
        failure(machine, N.statx, 9, empty, 0x1000, 0x7ff, stack: [buffer], errno: .EBADF)
        failure(machine, N.statx, 1, empty, 0x1000, 0x7ff, stack: [Layout.unmapped], errno: .EFAULT)
        put(Array("/etc".utf8) + [0], at: empty, in: machine)
        failure(machine, N.statx, 1, empty, 0, 0x7ff, stack: [buffer], errno: .ENOENT)
    }

    func testNoDescriptorIsATerminalOrSeekable() throws {
        let machine = try makeMachine()
        failure(machine, N.ioctl, 1, 0x540d, Layout.data, errno: .ENOTTY)  // TCGETS
        failure(machine, N.ioctl, 0, 0x5413, Layout.data, errno: .ENOTTY)  // TIOCGWINSZ
        failure(machine, N.ioctl, 9, 0x540d, Layout.data, errno: .EBADF)
        failure(machine, N.lseek, 0, 0, 1, errno: .ESPIPE)
        failure(machine, N.llseek, 3, 0, 0, Layout.data, stack: [0], errno: .ESPIPE)
        failure(machine, N.lseek, 9, 0, 1, errno: .EBADF)
        failure(machine, 4200, 0, Layout.data, 4, 0, errno: .ESPIPE)  // pread64
    }

    func testPaths() throws {
        let machine = try makeMachine()
        let path = Layout.data + 0x100, buffer = Layout.data + 0x200
        put(Array("/proc/self/exe".utf8) + [0], at: path, in: machine)
        XCTAssertEqual(success(machine, N.readlink, path, buffer, 64), 8)
        XCTAssertEqual(string(machine, at: buffer, limit: 8), "/program")
        XCTAssertEqual(success(machine, N.readlink, path, buffer, 3), 3, "truncated to the buffer")
        put(Array("/etc/passwd".utf8) + [0], at: path, in: machine)
        failure(machine, N.readlink, path, buffer, 64, errno: .ENOENT)
        failure(machine, N.openat, 0xffff_ff9c, path, 0, errno: .ENOENT)  // AT_FDCWD
        failure(machine, N.readlink, Layout.unmapped, buffer, 64, errno: .EFAULT)
        XCTAssertEqual(success(machine, N.getcwd, buffer, 64), 2)
        XCTAssertEqual(bytes(machine, at: buffer, count: 2), [0x2f, 0])
        failure(machine, N.getcwd, buffer, 1, errno: .ERANGE)
    }

    // MARK: - Descriptors

    /// dup, dup2, dup3 and F_DUPFD share the open file: a write through the copy goes where the
    /// original goes, and F_SETFL through one is seen through the other.
    func testDupSharesTheOpenFile() throws {
        let machine = try makeMachine()
        put(Array("xy".utf8), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, N.dup, 1), 4, "the lowest free descriptor")
        XCTAssertEqual(success(machine, N.write, 4, Layout.data, 1), 1)
        XCTAssertEqual(machine.io.standardOutput, Array("x".utf8))

        XCTAssertEqual(success(machine, N.dup2, 3, 1), 1, "dup2 closes the old fd 1 first")
        XCTAssertEqual(success(machine, N.write, 1, Layout.data + 1, 1), 1)
        XCTAssertEqual(machine.io.publicOutput, Array("y".utf8))
        XCTAssertEqual(machine.io.standardOutput, Array("x".utf8), "fd 1 is the public output now")
        XCTAssertEqual(success(machine, N.write, 4, Layout.data, 1), 1, "fd 4 still is the console")
        XCTAssertEqual(machine.io.standardOutput, Array("xx".utf8))

        XCTAssertEqual(success(machine, N.dup2, 2, 2), 2, "dup2 to itself: a no-op")
        failure(machine, N.dup2, 9, 5, errno: .EBADF)
        failure(machine, N.dup2, 1, 1000, errno: .EBADF)
        failure(machine, N.dup, 9, errno: .EBADF)
        failure(machine, N.dup3, 2, 2, 0, errno: .EINVAL)
        failure(machine, N.dup3, 2, 6, 1, errno: .EINVAL)  // flags other than O_CLOEXEC

        XCTAssertEqual(success(machine, N.fcntl, 1, 0, 10), 10, "F_DUPFD: the lowest free at or above 10")
        XCTAssertEqual(success(machine, N.fcntl, 1, 0, 10), 11)
        failure(machine, N.fcntl, 1, 0, 256, errno: .EINVAL)
        XCTAssertEqual(success(machine, N.fcntl, 10, 4, 0x80), 0)  // F_SETFL O_NONBLOCK through fd 10
        XCTAssertEqual(success(machine, N.fcntl, 3, 3), 0x81, "F_GETFL through fd 3, the same open file: O_WRONLY | O_NONBLOCK")
        XCTAssertEqual(success(machine, N.fcntl, 4, 3), 1, "another open file: O_WRONLY")
        XCTAssertEqual(success(machine, N.fcntl, 0, 3), 0, "F_GETFL: O_RDONLY")
        failure(machine, N.fcntl, 1, 999, errno: .EINVAL)
        failure(machine, N.fcntl, 9, 1, errno: .EBADF)
    }

    /// FD_CLOEXEC belongs to the descriptor, not the open file.
    func testCloseOnExecFlags() throws {
        let machine = try makeMachine()
        XCTAssertEqual(success(machine, N.dup3, 3, 7, 0x80000), 7)  // O_CLOEXEC
        XCTAssertEqual(success(machine, N.fcntl, 7, 1), 1, "F_GETFD: FD_CLOEXEC")
        XCTAssertEqual(success(machine, N.fcntl, 3, 1), 0, "the original is not close-on-exec")
        XCTAssertEqual(success(machine, N.fcntl, 1, 1030, 0), 4, "F_DUPFD_CLOEXEC")
        XCTAssertEqual(success(machine, N.fcntl, 4, 1), 1)
        XCTAssertEqual(success(machine, N.fcntl, 4, 2, 0), 0, "F_SETFD 0")
        XCTAssertEqual(success(machine, N.fcntl, 4, 1), 0)
        XCTAssertEqual(success(machine, N.dup2, 7, 5), 5)
        XCTAssertEqual(success(machine, N.fcntl, 5, 1), 0, "dup2 clears FD_CLOEXEC")
    }

    /// close(0…3) closes for real (Linux semantics): the descriptor then fails with EBADF and is
    /// the lowest free one again.
    func testCloseReallyCloses() throws {
        let machine = try makeMachine(input: Array("abc".utf8))
        put(Array("z".utf8), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, N.close, 1), 0)
        failure(machine, N.write, 1, Layout.data, 1, errno: .EBADF)
        failure(machine, N.close, 1, errno: .EBADF)
        XCTAssertEqual(success(machine, N.dup, 3), 1, "fd 1 is free again")
        XCTAssertEqual(success(machine, N.write, 1, Layout.data, 1), 1)
        XCTAssertEqual(machine.io.publicOutput, Array("z".utf8))
        XCTAssertEqual(machine.io.standardOutput, [])

        XCTAssertEqual(success(machine, N.close, 0), 0)
        failure(machine, N.read, 0, Layout.data, 1, errno: .EBADF)
        XCTAssertEqual(machine.io.inputPosition, 0, "nothing read")
        failure(machine, N.close, 300, errno: .EBADF)
        failure(machine, N.close, 0xffff_ffff, errno: .EBADF)
    }
}
