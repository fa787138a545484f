import XCTest

@testable import MIPS

/// Base class of the syscall tests: a process-like image and helpers that issue one `syscall`
/// (or one guest load/store) at a time.
///
/// The image has a read-execute code page holding small stubs (each one instruction followed
/// by `break`), a read-write data area, a stack, and a kernel state with a real heap range and
/// mmap area (a flat image has none: its break start equals its limit and every address is
/// already mapped).
class KernelTestCase: XCTestCase {
    enum Layout {
        static let code: UInt32 = 0x0040_0000
        static let data: UInt32 = 0x1000_0000
        static let dataPages: UInt32 = 4
        static let stackTop: UInt32 = 0x7fff_0000
        static let stackPages: UInt32 = 4
        static let breakStart: UInt32 = 0x2000_0000
        static let breakLimit: UInt32 = 0x2100_0000
        static let mmapTop: UInt32 = 0x7000_0000
        /// An address mapped nowhere.
        static let unmapped: UInt32 = 0x0800_0000
    }

    /// Each stub is one instruction (or a loop) followed by `break`.
    enum Stub {
        static let syscall = Layout.code  // syscall; break
        static let load = Layout.code + 8  // lw v0, 0(a0); break
        static let store = Layout.code + 16  // sw a1, 0(a0); break
        static let spin = Layout.code + 24  // loop: addiu t0, t0, -1; bnez t0, loop; nop; break
        static let instructions: [Instruction] = [
            .syscall(code: 0), .break(code: 0),
            .lw(rt: .v0, base: .a0, imm: 0), .break(code: 0),
            .sw(rt: .a1, base: .a0, imm: 0), .break(code: 0),
            .addiu(rt: .t0, rs: .t0, imm: 0xffff), .bne(rs: .t0, rt: .zero, imm: Assembler.branchOffset(from: 7, to: 6)),
            .sll(rd: .zero, rt: .zero, sa: 0), .break(code: 0),
        ]
        static let loadWord = instructions[2].word
        static let storeWord = instructions[4].word
    }

    func makeMachine(input: [UInt8] = []) -> Machine {
        var image = FlatProgram(Stub.instructions, at: Layout.code).image
        var map = MemoryMap()
        map.map(firstPage: Layout.code >> 12, endPage: (Layout.code >> 12) + 1, permissions: [.read, .execute], name: "text")
        map.map(firstPage: Layout.data >> 12, endPage: (Layout.data >> 12) + Layout.dataPages, permissions: [.read, .write], name: "data")
        map.map(firstPage: (Layout.stackTop >> 12) - Layout.stackPages, endPage: Layout.stackTop >> 12,
                permissions: [.read, .write], name: "stack")
        image.map = map
        image.kernel = KernelState(breakStart: Layout.breakStart, breakLimit: Layout.breakLimit, mmapTop: Layout.mmapTop)
        image.cpu[.sp] = Layout.stackTop - 256
        return image.makeMachine(input: input)
    }

    struct Answer {
        var stop: StopReason
        var v0: UInt32
        var a3: UInt32
    }

    /// Runs the syscall stub with v0 = `number` and a0… = `arguments` (missing ones are 0).
    func invoke(_ machine: Machine, _ number: UInt32, _ arguments: [UInt32]) -> Answer {
        machine[.v0] = number
        for index in 0..<4 { machine[Register(UInt32(4 + index))] = index < arguments.count ? arguments[index] : 0 }
        machine.pc = Stub.syscall
        machine.nextPC = Stub.syscall + 4
        let stop = machine.run(cycles: 10)
        return Answer(stop: stop, v0: machine[.v0], a3: machine[.a3])
    }

    @discardableResult
    func call(_ machine: Machine, _ number: UInt32, _ arguments: UInt32...) -> Answer {
        invoke(machine, number, arguments)
    }

    /// A call that must succeed; returns v0.
    @discardableResult
    func success(_ machine: Machine, _ number: UInt32, _ arguments: UInt32...,
                         file: StaticString = #filePath, line: UInt = #line) -> UInt32 {
        let answer = invoke(machine, number, arguments)
        assertBreak(answer.stop, at: Stub.syscall + 4, file: file, line: line)
        XCTAssertEqual(answer.a3, 0, "syscall \(number) failed with errno \(answer.v0)", file: file, line: line)
        return answer.v0
    }

    /// A call that must fail with `errno` (v0 = errno, a3 = 1).
    func failure(_ machine: Machine, _ number: UInt32, _ arguments: UInt32..., errno: Errno,
                         file: StaticString = #filePath, line: UInt = #line) {
        let answer = invoke(machine, number, arguments)
        assertBreak(answer.stop, at: Stub.syscall + 4, file: file, line: line)
        XCTAssertEqual(answer.v0, errno.rawValue, "errno", file: file, line: line)
        XCTAssertEqual(answer.a3, 1, "error flag", file: file, line: line)
    }

    /// The guest loads the word at `address` (lw); returns how it stopped and the value.
    func guestLoad(_ machine: Machine, _ address: UInt32) -> (StopReason, UInt32) {
        machine[.a0] = address
        machine.pc = Stub.load
        machine.nextPC = Stub.load + 4
        let stop = machine.run(cycles: 10)
        return (stop, machine[.v0])
    }

    /// The guest stores `value` at `address` (sw).
    func guestStore(_ machine: Machine, _ address: UInt32, _ value: UInt32) -> StopReason {
        machine[.a0] = address
        machine[.a1] = value
        machine.pc = Stub.store
        machine.nextPC = Stub.store + 4
        return machine.run(cycles: 10)
    }

    /// Runs `iterations` × 3 cycles of a countdown loop.
    func spin(_ machine: Machine, _ iterations: UInt32, file: StaticString = #filePath, line: UInt = #line) {
        machine[.t0] = iterations
        machine.pc = Stub.spin
        machine.nextPC = Stub.spin + 4
        assertBreak(machine.run(cycles: 3 * UInt64(iterations) + 1), at: Stub.spin + 12, file: file, line: line)
    }

    func put(_ bytes: [UInt8], at address: UInt32, in machine: Machine) {
        machine.memory.initialize(bytes: bytes, at: address)
    }

    func bytes(_ machine: Machine, at address: UInt32, count: Int) -> [UInt8] {
        (try? machine.memory.readBytes(at: address, count: count)) ?? []
    }

    func isBreak(_ stop: StopReason) -> Bool {
        if case let .fault(fault) = stop, case .breakpoint = fault.kind { return true }
        return false
    }
}
