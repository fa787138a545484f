import XCTest

@testable import MIPS

/// The machine's primitives (`Sources/MIPS/System/Primitive.swift`): a `syscall` executed in
/// kernel mode. Each primitive is run directly by a few kernel-mode instructions (a flat image
/// with the mode set to kernel), and the behaviour the kernel builds on it is checked through
/// ordinary syscalls (the input stream's edges, console capture).
final class PrimitiveTests: KernelTestCase {
    private let origin = FlatProgram.defaultOrigin

    /// A machine in kernel mode at the start of `code` (a flat image: every address mapped).
    private func kernelMachine(_ code: [Instruction], input: [UInt8] = []) -> Machine {
        let machine = FlatProgram(code).image.makeMachine(input: input)
        machine.state.mode = .kernel
        return machine
    }

    /// v0 = `number`, a0… = operands, `syscall`.
    private func primitive(_ number: UInt32, _ operands: UInt32...) -> [Instruction] {
        var code = Assembler.load(.v0, number)
        for (index, value) in operands.enumerated() { code += Assembler.load(Register(UInt32(4 + index)), value) }
        return code + [.syscall(code: 0)]
    }

    // MARK: - Each primitive, directly

    /// The brief's example: write "ABC" to the public output from kernel mode; one cycle.
    func testWriteOutput() {
        let code = primitive(2, 0x4142_4344, 3) + primitive(2, 0x4546_4748, 4) + primitive(2, 0x4900_0000, 1)
        let machine = kernelMachine(code)
        XCTAssertEqual(machine.run(until: UInt64(code.count)), .cycleLimit)
        XCTAssertEqual(machine.io.publicOutput, Array("ABCEFGHI".utf8))
        XCTAssertEqual(machine.state.mode, .kernel, "a primitive does not leave kernel mode")
        XCTAssertEqual(machine.pc, origin + UInt32(4 * code.count), "one cycle each, no exception")

        for count: UInt32 in [0, 5] {
            let bad = primitive(2, 0x4142_4344, count)
            let faulting = kernelMachine(bad)
            assertFault(faulting.run(until: 100), .badPrimitiveOperand(.writeOutput, detail: "byte count \(count) is not 1…4"),
                        pc: origin + UInt32(4 * (bad.count - 1)), word: Instruction.syscall(code: 0).word)
            XCTAssertEqual(faulting.io.publicOutput, [])
        }
    }

    /// The input stream: the length in bytes, then the bytes four to a word (big-endian, the last
    /// zero-padded), then zeros.
    func testReadInput() {
        var code: [Instruction] = []
        let results: [Register] = [.s0, .s1, .s2, .s3, .s4]
        for register in results { code += primitive(1) + [.addu(rd: register, rs: .v0, rt: .zero)] }
        let machine = kernelMachine(code, input: Array("hello".utf8))
        XCTAssertEqual(machine.run(until: UInt64(code.count)), .cycleLimit)
        XCTAssertEqual(results.map { machine[$0] }, [5, 0x6865_6c6c, 0x6f00_0000, 0, 0])
        XCTAssertEqual(machine.io.inputPosition, 5, "every read moves on, past the end too")
        XCTAssertEqual(MachineIO.inputStream(Array("hello".utf8)), [5, 0x6865_6c6c, 0x6f00_0000])
        XCTAssertEqual(MachineIO.inputStream([]), [0])
    }

    func testHalt() {
        let code = primitive(0, 3, 11, 0x0040_1234, 0x40) + [.addiu(rt: .s0, rs: .zero, imm: 1)]
        let machine = kernelMachine(code)
        XCTAssertEqual(machine.run(until: 100), .exited(code: 3))
        XCTAssertEqual(machine.halt, Halt(exitCode: 3, signal: 11, faultPC: 0x0040_1234, faultAddress: 0x40))
        XCTAssertEqual(machine.halt?.signalDescription, "killed by SIGSEGV (signal 11) at pc 0x00401234, address 0x00000040")
        XCTAssertEqual(machine.cycles, UInt64(code.count - 1), "halt costs one cycle")
        XCTAssertEqual(machine.run(until: 100), .exited(code: 3), "and the machine stays halted")
        XCTAssertEqual(machine[.s0], 0)

        let negative = kernelMachine(primitive(0, 0xffff_ffff))
        XCTAssertEqual(negative.run(until: 100), .exited(code: -1))
        XCTAssertNil(negative.halt?.signalDescription)
    }

    /// v0/v1 = the cycles executed before the primitive (64 bits).
    func testCycleCounter() {
        let code = [Instruction.sll(rd: .zero, rt: .zero, sa: 0)] + primitive(4)
        let machine = kernelMachine(code)
        XCTAssertEqual(machine.run(until: UInt64(code.count)), .cycleLimit)
        XCTAssertEqual([machine[.v0], machine[.v1]], [UInt32(code.count - 1), 0])

        let image = FlatProgram(primitive(4)).image
        let start: UInt64 = 0x1_0000_0005
        let late = Machine(memory: image.makeMachine().memory, state: image.cpu, io: MachineIO(input: []), cycles: start)
        late.state.mode = .kernel
        XCTAssertEqual(late.run(until: start + 3), .cycleLimit)
        XCTAssertEqual([late[.v0], late[.v1]], [0x0000_0007, 1], "the high word too")
    }

    /// console(fd, address, length): shown to the host (captured, and passed to the handler).
    func testConsole() {
        let text = FlatProgram.dataBase
        let code = primitive(3, 1, text, 3) + primitive(3, 2, text + 3, 2)
        let machine = kernelMachine(code)
        machine.memory.initialize(bytes: Array("abcde".utf8), at: text)
        var seen: [(Int32, [UInt8])] = []
        machine.io.consoleHandler = { seen.append(($0, $1)) }
        XCTAssertEqual(machine.run(until: UInt64(code.count)), .cycleLimit)
        XCTAssertEqual(machine.io.standardOutput, Array("abc".utf8))
        XCTAssertEqual(machine.io.standardError, Array("de".utf8))
        XCTAssertEqual(seen.map(\.0), [1, 2])
        XCTAssertEqual(seen.map(\.1), [Array("abc".utf8), Array("de".utf8)])

        let quiet = kernelMachine(code)
        quiet.memory.initialize(bytes: Array("abcde".utf8), at: text)
        quiet.io.capturesConsole = false
        var count = 0
        quiet.io.consoleHandler = { _, bytes in count += bytes.count }
        XCTAssertEqual(quiet.run(until: UInt64(code.count)), .cycleLimit)
        XCTAssertEqual(quiet.io.standardOutput, [], "not captured")
        XCTAssertEqual(count, 5, "still shown")

        let bad = primitive(3, 3, text, 1)
        assertFault(kernelMachine(bad).run(until: 100), .badPrimitiveOperand(.console, detail: "fd 3 is not 1 or 2"),
                    pc: origin + UInt32(4 * (bad.count - 1)), word: Instruction.syscall(code: 0).word)
    }

    /// mapHint(start, length, permissions, kind) changes what `execute` allows; 0x100 unmaps.
    func testMapHint() {
        let code = primitive(5, 0x3000_0000, 0x2000, 3, 0) + primitive(5, 0x3000_1000, 0x1000, 5, 2)
            + primitive(5, 0x3100_0000, 1, 1, 1) + primitive(5, 0x3000_0000, 0x1000, 0x100, 0)
        let machine = kernelMachine(code)
        XCTAssertEqual(machine.run(until: UInt64(code.count)), .cycleLimit)
        let map = machine.memory.map
        XCTAssertNil(map.region(containing: 0x3_0000), "unmapped again")
        XCTAssertEqual(map.region(containing: 0x3_0001)?.permissions, [.read, .execute])
        XCTAssertEqual(map.region(containing: 0x3_0001)?.name, "stack")
        XCTAssertEqual(map.region(containing: 0x3_1000)?.permissions, .read, "a partial page maps the page")
        XCTAssertEqual(map.region(containing: 0x3_1000)?.name, "heap")
        XCTAssertEqual(map.region(containing: 0x3_0002)?.name, "flat", "the rest of the flat map is untouched")
    }

    /// The null guard is part of what is proven, so the map `execute` checks may never cover it.
    func testMapHintInTheNullGuardFaults() throws {
        let code = primitive(5, 0x8000, 0x1000, 3, 0)
        let image = try ProgramImage.load(elfBytes: ELFBuilder(entry: 0x0040_0000, segments: [
            ELFBuilder.Segment(virtualAddress: 0x0040_0000, contents: Assembler.bytes(code), flags: 5),
        ], symbols: nil).build().bytes)
        let machine = image.makeMachine()
        machine.state.mode = .kernel
        assertFault(machine.run(until: 100), .badPrimitiveOperand(.mapHint, detail: "a mapping at 0x00008000, inside the null guard"),
                    pc: 0x0040_0000 + UInt32(4 * (code.count - 1)), word: Instruction.syscall(code: 0).word)
        XCTAssertNil(machine.memory.map.region(containing: 8))
    }

    /// panic(message, length): a machine fault carrying the kernel's message.
    func testPanic() {
        let message = FlatProgram.dataBase
        let code = primitive(6, message, 9)
        let machine = kernelMachine(code)
        machine.memory.initialize(bytes: Array("it broke!--".utf8), at: message)
        assertFault(machine.run(until: 100), .kernelPanic("it broke!"), pc: origin + UInt32(4 * (code.count - 1)),
                    word: Instruction.syscall(code: 0).word)
        XCTAssertNil(machine.halt)
    }

    /// traceSyscall(number, arguments, result, error): an event for the tracer; nothing else.
    func testTraceSyscall() {
        let arguments = FlatProgram.dataBase
        let code = primitive(7, 4004, arguments, 6, 0)
        let machine = kernelMachine(code)
        machine.memory.initialize(bytes: [0, 0, 0, 3, 0x10, 0, 0, 0, 0, 0, 0, 6, 0xff, 0xff, 0xff, 0xff], at: arguments)
        var recorder = TraceRecorder()
        XCTAssertEqual(machine.run(until: UInt64(code.count), tracer: &recorder), .cycleLimit)
        XCTAssertEqual(recorder.syscalls, [SyscallEvent(cycle: UInt64(code.count - 1), number: 4004,
                                                        arguments: [3, 0x1000_0000, 6, 0xffff_ffff], result: 6, errorFlag: 0)])
        let fast = kernelMachine(code)
        XCTAssertEqual(fast.run(until: UInt64(code.count)), .cycleLimit, "without a tracer: a no-op")
    }

    func testUnknownPrimitiveFaults() {
        for number: UInt32 in [8, 4004, 0xffff_ffff] {
            let code = primitive(number, 1, 2)
            let machine = kernelMachine(code)
            let fault = assertFault(machine.run(until: 100), .unknownPrimitive(number), pc: origin + UInt32(4 * (code.count - 1)),
                                    word: Instruction.syscall(code: 0).word)
            XCTAssertTrue(fault?.description.contains("\(number)") ?? false)
        }
    }

    /// The same instruction in user mode is a system call for the kernel, not a primitive.
    func testSyscallInUserModeIsNotAPrimitive() {
        let code = primitive(2, 0x4142_4344, 3)
        let machine = FlatProgram(code).makeMachine()
        XCTAssertEqual(machine.run(until: UInt64(code.count)), .cycleLimit)
        XCTAssertEqual(machine.io.publicOutput, [])
        XCTAssertEqual(machine.state.mode, .kernel, "it entered the kernel instead")
        XCTAssertEqual(machine.pc, KernelLayout.exceptionVector)
    }

    // MARK: - Through the kernel

    /// Reading the input in pieces of every size gives back its bytes, whatever its length mod 4,
    /// then end of file; the kernel reads each input word once.
    func testInputOfEveryLengthReadInAnyPieces() throws {
        for length in [0, 1, 3, 4, 5, 7, 8, 13] {
            for piece: UInt32 in [1, 2, 3, 5, 64] {
                let input = (0..<length).map { UInt8(0x41 + $0) }
                let machine = try makeMachine(input: input)
                var offset: UInt32 = 0
                while true {
                    let count = success(machine, SyscallNumber.read, 0, Layout.data + 1 + offset, piece)
                    if count == 0 { break }
                    XCTAssertLessThanOrEqual(count, piece)
                    offset += count
                }
                XCTAssertEqual(bytes(machine, at: Layout.data + 1, count: length + 1), input + [0],
                               "\(length) bytes in pieces of \(piece)")
                XCTAssertEqual(machine.io.inputPosition, 1 + (length + 3) / 4, "\(length) bytes: each word once")
            }
        }
    }

    /// Console output can be left uncaptured; the public output never is.
    func testConsoleCaptureIsTheHostsChoice() throws {
        let machine = try makeMachine()
        machine.io.capturesConsole = false
        var shown: [UInt8] = []
        machine.io.consoleHandler = { _, bytes in shown += bytes }
        put(Array("visible".utf8), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, SyscallNumber.write, 2, Layout.data, 7), 7)
        XCTAssertEqual(success(machine, SyscallNumber.write, 3, Layout.data, 7), 7)
        XCTAssertEqual(machine.io.standardError, [])
        XCTAssertEqual(shown, Array("visible".utf8))
        XCTAssertEqual(machine.io.publicOutput, Array("visible".utf8))
    }
}
