// Memory helpers shared by the kernel's memory tests.

import XCTest

@testable import MIPS

extension KernelTestCase {
    static let protRead: UInt32 = 1
    static let protReadWrite: UInt32 = 3
    static let mapPrivateAnonymous: UInt32 = 0x802
    static let mapFixed: UInt32 = 0x10
    static let mapFixedNoReplace: UInt32 = 0x10_0000

    /// mmap2(address, length, prot, flags, fd = -1, pgoffset = 0).
    func mmap2(_ machine: Machine, _ address: UInt32, _ length: UInt32, prot: UInt32 = 3,
               flags: UInt32 = 0x802) -> Answer {
        invoke(machine, SyscallNumber.mmap2, [address, length, prot, flags], stack: [0xffff_ffff, 0])
    }

    /// An mmap2 that must succeed; returns the address.
    func map(_ machine: Machine, _ address: UInt32 = 0, _ length: UInt32, prot: UInt32 = 3, flags: UInt32 = 0x802,
             file: StaticString = #filePath, line: UInt = #line) -> UInt32 {
        let answer = mmap2(machine, address, length, prot: prot, flags: flags)
        assertBreak(answer.stop, file: file, line: line)
        XCTAssertEqual(answer.a3, 0, "mmap2 failed with errno \(answer.v0)", file: file, line: line)
        return answer.v0
    }

    /// The call failed with `errno`.
    func assertErrno(_ answer: Answer, _ errno: Errno, file: StaticString = #filePath, line: UInt = #line) {
        assertBreak(answer.stop, file: file, line: line)
        XCTAssertEqual([answer.v0, answer.a3], [errno.rawValue, 1], "errno \(errno.rawValue)", file: file, line: line)
    }

    /// The guest loads `value` from `address`.
    func assertLoad(_ machine: Machine, _ address: UInt32, _ value: UInt32, _ message: String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
        let (stop, loaded) = guestLoad(machine, address)
        assertBreak(stop, file: file, line: line)
        XCTAssertEqual(loaded, value, "\(hex32(address)) \(message)", file: file, line: line)
    }

    /// The guest stores `value` at `address` without trouble.
    func assertStore(_ machine: Machine, _ address: UInt32, _ value: UInt32,
                     file: StaticString = #filePath, line: UInt = #line) {
        assertBreak(guestStore(machine, address, value), file: file, line: line)
    }

    /// A guest load from `address` is a machine fault: nothing is mapped there.
    func assertUnmapped(_ machine: Machine, _ address: UInt32, file: StaticString = #filePath, line: UInt = #line) {
        assertFault(guestLoad(machine, address).0, .memory(.unmapped(address: address)), pc: Stub.load,
                    word: Stub.loadWord, file: file, line: line)
    }
}
