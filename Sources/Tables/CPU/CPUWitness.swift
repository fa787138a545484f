import Constraints
import Field
import MIPS

/// Why a segment's witness could not be built.
public enum WitnessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The CPU table does not prove this instruction yet.
    case unsupportedInstruction(cycle: UInt64, pc: UInt32, word: UInt32)
    /// A fetch or access outside the pages the segment's snapshot holds.
    case outsideSnapshot(cycle: UInt64, address: UInt32)
    /// The tables' semantics and the VM's events disagree (a bug in one of them), or the run
    /// did something no proof can show (a wrapped address, an exception the tables lack).
    case divergence(cycle: UInt64, what: String)
    /// The segment is empty or longer than the CPU table's timestamps allow (2^21 cycles).
    case segmentLength(Int)

    public var description: String {
        switch self {
        case let .unsupportedInstruction(cycle, pc, word):
            "cycle \(cycle): the instruction \(String(word, radix: 16)) at \(String(pc, radix: 16)) is not proven by the CPU table yet"
        case let .outsideSnapshot(cycle, address): "cycle \(cycle): address \(String(address, radix: 16)) is outside the segment's pages"
        case let .divergence(cycle, what): "cycle \(cycle): the tables and the VM disagree: \(what)"
        case let .segmentLength(cycles): "a segment of \(cycles) cycles cannot be proven (1 … 2^21)"
        }
    }
}

/// Everything a segment proof needs: the traces of `CPUMachine.tables` and the statement they
/// prove (its public values and the verifier's own bus terms).
public struct SegmentWitness: Sendable {
    public var traces: [RowMajorMatrix<Goldilocks>]
    public var statement: SegmentStatement
    public var publicValues: [Goldilocks] { statement.publicValues }
    public var publicInteractions: [PublicInteraction] { statement.publicInteractions }
}

/// The start of a segment as the witness builder needs it: the machine state, the run's cycle
/// count and I/O positions before it, and the start contents of every page it touches.
public struct SegmentStart: Sendable {
    public var state: CPUState
    public var cycle: UInt64
    public var inputPosition: UInt32
    public var outputPosition: UInt32
    public var pages: [UInt32: [UInt32]]

    public init(state: CPUState, cycle: UInt64 = 0, inputPosition: UInt32 = 0, outputPosition: UInt32 = 0, pages: [UInt32: [UInt32]]) {
        self.state = state
        self.cycle = cycle
        self.inputPosition = inputPosition
        self.outputPosition = outputPosition
        self.pages = pages
    }

    /// The 37 registers of `MachineRegister`, in order.
    var registers: [UInt32] { MachineRegister.values(of: state) }
}

/// The tables of a segment proof, in order, and how to fill them.
public enum CPUMachine {
    public static let cpu = CPUTable()
    public static let tables: [any AIR] = [
        cpu, KindTable(), DecodeTable(), RangeTable(), MemoryFinalTable.memory, MemoryFinalTable.registers, LogicTable(), BitwiseTable(),
        ArithmeticTable(), ShiftTable(), PowerTable(), MemoryInstructionTable(), PrimitiveTable(), MultiplyDivideTable(), ExceptionTable(),
        ControlTable(),
    ]

    /// Builds the witness of a segment from its start and the events of its tracing run
    /// (instructions, register writes, primitives).
    public static func witness(start: SegmentStart, trace events: TraceRecorder) throws(WitnessError) -> SegmentWitness {
        var builder = try SegmentWitnessBuilder(start: start, events: events)
        for row in events.instructions.indices { try builder.run(row: row) }
        return builder.finish()
    }
}

/// Fills the tables cycle by cycle, keeping memory and the registers as the bus argument sees
/// them (the last timestamp and value of every address), and checks each cycle against the
/// VM's events.
struct SegmentWitnessBuilder {
    typealias Slot = CPUTable.Slot
    let cpu = CPUMachine.cpu
    let start: SegmentStart
    let events: TraceRecorder
    var trace: RowMajorMatrix<Goldilocks>
    var ranges = RangeCounts()
    var decodeCounts = DecodeCounts()
    var kindCounts = [UInt32](repeating: 0, count: KindTable.rows.count)
    var memory = [UInt32: (timestamp: UInt32, value: UInt32)]()
    var registers: [(timestamp: UInt32, value: UInt32)]
    var writes: ArraySlice<RegisterWriteEvent>
    var aluRequests = [(ALUOp, UInt32, UInt32, UInt32)]()
    var memoryRequests = [MemoryInstructionTable.Request]()
    var primitiveRequests = [PrimitiveTable.Request]()
    var multiplyRequests = [MultiplyDivideTable.Request]()
    var exceptionRequests = [ExceptionTable.Request]()
    var controlRequests = [ControlTable.Request]()
    var inputWords = [UInt32](), outputBytes = [UInt8]()
    var exitCode: UInt32?
    /// The state after the last row run: pc, nextPC (as field values: padding rows count on past
    /// 2^32) and the mode.
    var pc: UInt64, nextPC: UInt64, kernelMode: Bool

    init(start: SegmentStart, events: TraceRecorder) throws(WitnessError) {
        let count = events.instructions.count
        guard (1...(1 << 21)).contains(count) else { throw .segmentLength(count) }
        self.start = start
        self.events = events
        trace = RowMajorMatrix(repeating: Goldilocks.zero, width: cpu.width, height: count.nextPowerOfTwo)
        for (page, words) in start.pages {
            for (offset, value) in words.enumerated() { memory[page << 10 | UInt32(offset)] = (0, value) }
        }
        registers = start.registers.map { (0, $0) }
        writes = events.registerWrites[...]
        (pc, nextPC, kernelMode) = (UInt64(start.state.pc), UInt64(start.state.nextPC), start.state.mode == .kernel)
    }

    /// An access to a register: fills the access columns and records the new tuple.
    mutating func access(_ columns: MemoryAccessColumns, row: Int, register: Int, slot: Slot, value: UInt32) {
        let timestamp = 8 * UInt32(row) + UInt32(slot.rawValue)
        columns.fill(&trace, row: row, timestamp: timestamp, previousTimestamp: registers[register].timestamp,
                     previousValue: registers[register].value, ranges: &ranges)
        registers[register] = (timestamp, value)
    }

    mutating func run(row: Int) throws(WitnessError) {
        let event = events.instructions[row]
        let (cycle, word, clk) = (event.cycle, event.word, UInt32(row))
        func diverged(_ what: String) -> WitnessError { .divergence(cycle: cycle, what: what) }
        // A user fetch in the null guard fetches nothing (the VM's event has word 0) and enters the kernel.
        let fetchFault = !kernelMode && event.pc < 0x1_0000
        if fetchFault, event.pc & 3 != 0 { throw diverged("a misaligned fetch at \(String(event.pc, radix: 16)) in the null guard (not provable)") }
        guard let kind = fetchFault ? InstructionKind.fetchFault : InstructionKind.of(word) else {
            throw .unsupportedInstruction(cycle: cycle, pc: event.pc, word: word)
        }
        guard UInt64(event.pc) == pc, UInt64(event.nextPC) == nextPC else {
            throw diverged("the tables are at (\(pc), \(nextPC)), the VM at (\(event.pc), \(event.nextPC))")
        }
        let flags = kind.flags
        let primitive = flags.contains(.syscall) && kernelMode
        // Whether a trap's condition holds is known once the operands are read (below).
        var enters = flags.contains(.syscall) && !kernelMode || flags.contains(.exception)
        var guardFault = false
        if flags.contains(.privileged), !kernelMode { throw diverged("\(kind) in user mode (an exception the tables do not prove yet)") }
        trace[row, cpu.clk] = Goldilocks(clk)
        trace[row, cpu.pc] = Goldilocks(event.pc)
        trace[row, cpu.nextPC] = Goldilocks(event.nextPC)
        trace[row, cpu.isReal] = .one
        trace[row, cpu.isLastReal] = row == events.instructions.count - 1 ? .one : .zero
        trace[row, cpu.mode] = kernelMode ? .one : .zero
        trace[row, cpu.primitive] = primitive ? .one : .zero
        trace[row, cpu.special] = Goldilocks(kind.special)
        trace[row, cpu.operation] = Goldilocks(kind.operationCode)

        // Fetch and decode.
        let address = event.pc >> 2
        if fetchFault {
            guard word == 0 else { throw diverged("a fetch fault with word \(word)") }
            trace[row, cpu.fetchFault] = .one
            for value in [address, address << 2] { ranges.add(value) }
        } else {
            guard let fetched = memory[address] else { throw .outsideSnapshot(cycle: cycle, address: event.pc) }
            guard fetched.value == word else { throw diverged("fetched \(fetched.value), the VM ran \(word)") }
            cpu.fetch.fill(&trace, row: row, timestamp: 8 * clk + UInt32(Slot.fetch.rawValue), previousTimestamp: fetched.timestamp,
                           previousValue: word, ranges: &ranges)
            memory[address] = (8 * clk + UInt32(Slot.fetch.rawValue), word)
            if !kernelMode {
                guard (0x1_0000..<0x8000_0000).contains(event.pc) else {
                    throw diverged("a user fetch at \(String(event.pc, radix: 16)), in the kernel's memory (a machine fault)")
                }
                for value in [address & 0x3fff, (address & 0x3fff) << 2, (address >> 14) - 1, (address >> 14) << 1] { ranges.add(value) }
            }
        }
        cpu.decoded.fill(&trace, row: row, word: word, counts: &decodeCounts)
        trace[row, cpu.fetchHigh] = Goldilocks(address >> 14)
        trace[row, cpu.fetchLow] = Goldilocks(address & 0x3fff)
        for (field, mask) in zip(InstructionKind.Field.allCases, cpu.masks) where kind.fixed[field] != nil { trace[row, mask] = .one }
        for flag in flags { trace[row, cpu.flag(flag)] = .one }
        kindCounts[KindTable.row(of: kind)] += 1

        // The VM's register writes of this cycle.
        var written = [Int: UInt32]()
        while let write = writes.first, write.cycle <= cycle {
            if write.cycle == cycle { written[Int(write.index)] = write.value }
            writes = writes.dropFirst()
        }

        // Register ports.
        let rs = Int(InstructionKind.field(.rs, of: word)), rt = Int(InstructionKind.field(.rt, of: word))
        let rd = Int(InstructionKind.field(.rd, of: word))
        let rsAddress = flags.contains(.rsSpecial) ? kind.special : primitive ? 2 : rs
        let rtAddress = flags.contains(.rtSpecial) ? kind.special + 1 : primitive ? 4 : rt
        let rsValue = registers[rsAddress].value, rtValue = registers[rtAddress].value
        trace[row, cpu.rsAddress] = Goldilocks(rsAddress)
        trace[row, cpu.rtAddress] = Goldilocks(rtAddress)
        trace[row, cpu.rsValue] = Goldilocks(rsValue)
        access(cpu.readRS, row: row, register: rsAddress, slot: .rs, value: rsValue)
        trace[row, cpu.rtValue] = Goldilocks(rtValue)
        access(cpu.readRT, row: row, register: rtAddress, slot: .rt, value: rtValue)

        // The result, as the CPU table defines it.
        let lower = word & 0xffff
        let immediate = UInt32(bitPattern: Int32(Int16(bitPattern: UInt16(lower))))
        var result: UInt32 = 0
        if flags.contains(.add) {
            let sum = UInt64(rsValue) + UInt64(flags.contains(.immediate) ? immediate : rtValue)
            result = UInt32(truncatingIfNeeded: sum)
            trace[row, cpu.carry] = Goldilocks(reducing: sum >> 32)
        }
        if flags.contains(.loadUpper) { result = lower << 16 }
        // The ALU operands, as the CPU table selects them.
        let sa = InstructionKind.field(.sa, of: word)
        let a = flags.contains(.shiftAmount) || flags.contains(.variableShift) ? rtValue : rsValue
        let b = flags.contains(.shiftAmount) ? sa : flags.contains(.variableShift) ? rsValue
            : flags.contains(.bitField) ? sa + 32 * UInt32(rd)
            : flags.contains(.immediateZero) ? lower : flags.contains(.immediate) ? immediate : rtValue
        if flags.contains(.alu), let op = kind.aluOp {
            if ArithmeticTable.overflows(op, a, b) { throw diverged("signed overflow: an exception the tables do not prove yet") }
            let c = flags.contains(.bitField) ? rtValue : 0
            result = LogicTable.handles(op) ? LogicTable.apply(op, a, b)
                : ArithmeticTable.handles(op) ? ArithmeticTable.apply(op, a, b) : ShiftTable.apply(op, a, b, c)
            aluRequests.append((op, a, b, c))
        }
        if flags.contains(.link) { result = event.pc &+ 8 }
        var hiLoWrites = [Int: UInt32]()
        if let op = kind.multiplyOp {
            let (hi, lo) = (registers[MachineRegister.hi], registers[MachineRegister.lo])
            multiplyRequests.append(.init(op: op, clk: clk, a: rsValue, b: rtValue, hi: hi, lo: lo))
            let outcome = MultiplyDivideTable.apply(op, a: rsValue, b: rtValue, hi: hi.value, lo: lo.value)
            result = outcome.result
            if op.writesHiLo {
                registers[MachineRegister.hi] = (8 * clk + UInt32(Slot.extraA.rawValue), outcome.hi)
                registers[MachineRegister.lo] = (8 * clk + UInt32(Slot.extraB.rawValue), outcome.lo)
                hiLoWrites = [MachineRegister.hi: outcome.hi, MachineRegister.lo: outcome.lo]
            }
        }
        if flags.contains(.moveRS) { result = rsValue }
        if flags.contains(.moveRT) { result = rtValue }
        // Loads and stores: the word holding rs + offset (no wrap-around: the field sum is the address).
        if let op = kind.memoryOp {
            let sum = Int64(rsValue) + Int64(Int16(bitPattern: UInt16(lower)))
            guard (0..<(1 << 32)).contains(sum), sum % Int64(op.alignment) == 0 else { throw diverged("data address \(sum) wraps or is unaligned") }
            let address = UInt32(sum)
            if !kernelMode, address < 0x1_0000 {
                // The null guard: an exception (sc's result cannot be 0, so its fault is not provable).
                guard op != .storeConditional else { throw diverged("sc in the null guard (not provable yet)") }
                memoryRequests.append(.init(op: op, clk: clk, address: address, rt: rtValue, old: 0, previousTimestamp: 0,
                                            kernelMode: false, fault: true))
                guardFault = true
            } else {
                guard let word = memory[address >> 2] else { throw .outsideSnapshot(cycle: cycle, address: address) }
                if !kernelMode, address >= 0x8000_0000 {
                    throw diverged("a user access at \(String(address, radix: 16)), in the kernel's memory (a machine fault)")
                }
                memoryRequests.append(.init(op: op, clk: clk, address: address, rt: rtValue, old: word.value, previousTimestamp: word.timestamp,
                                            kernelMode: kernelMode))
                let (value, loaded) = MemoryInstructionTable.apply(op, address: address, old: word.value, rt: rtValue)
                memory[address >> 2] = (8 * clk + UInt32(Slot.data.rawValue), value)
                result = loaded
            }
        }

        // Kernel entry: a syscall in user mode, an exception kind, a trap whose condition holds;
        // `exceptions` writes EPC and the exception next pc (slots extraA, extraB).
        let condition = flags.contains(.alu) ? result == 1 : rsValue == b
        if (flags.contains(.trapIfSet) && condition) || (flags.contains(.trapIfClear) && !condition) || guardFault { enters = true }
        trace[row, cpu.guardFault] = guardFault ? .one : .zero
        if enters, kernelMode { throw diverged("an exception in kernel mode (a machine fault)") }
        trace[row, cpu.enters] = enters ? .one : .zero
        var exceptionWrites = [Int: UInt32]()
        if enters {
            exceptionRequests.append(.init(clk: clk, pc: event.pc, nextPC: event.nextPC, epc: registers[MachineRegister.exceptionPC],
                                           exceptionNextPC: registers[MachineRegister.exceptionNextPC]))
            registers[MachineRegister.exceptionPC] = (8 * clk + UInt32(Slot.extraA.rawValue), event.pc)
            registers[MachineRegister.exceptionNextPC] = (8 * clk + UInt32(Slot.extraB.rawValue), event.nextPC)
            exceptionWrites = [MachineRegister.exceptionPC: event.pc, MachineRegister.exceptionNextPC: event.nextPC]
        }

        // The write (rd, rt, $ra, the special register, $v0); conditional moves and primitives
        // that leave $v0 write the register's own value back.
        let destination: Int? = flags.contains(.writeRd) ? rd : flags.contains(.writeRt) ? rt : flags.contains(.writeRa) ? 31
            : flags.contains(.writeSpecial) ? kind.special : primitive ? 2 : nil
        let writes = destination.map { $0 != 0 } ?? false
        trace[row, cpu.writeAddress] = Goldilocks(destination ?? 0)
        let before = writes ? registers[destination!].value : 0
        let tested = flags.contains(.moveIfZero) || flags.contains(.moveIfNotZero) ? rtValue : rsValue
        if flags.contains(.moveIfZero) { result = tested == 0 ? rsValue : before }
        if flags.contains(.moveIfNotZero) { result = tested != 0 ? rsValue : before }
        if guardFault { result = before }  // a faulting load writes rt's own value back; a store, nothing
        if primitive { result = try runPrimitive(row: row, number: rsValue, a0: rtValue, written: written) }
        var expected = hiLoWrites.merging(exceptionWrites) { $1 }
        if writes, let destination {
            expected[destination] = result
            trace[row, cpu.write.previousValue!] = Goldilocks(before)
            access(cpu.write, row: row, register: destination, slot: .write, value: result)
        }
        if primitive, let v1 = primitiveRequests.last?.v1 { expected[3] = v1.value }
        // Every write the VM made is one of these, and each of these is the VM's (or leaves the
        // register as it was).
        for (register, value) in expected where written[register] != value && !(written[register] == nil && value == before && register == destination) {
            throw diverged("register \(register) = \(value), the VM wrote \(String(describing: written[register]))")
        }
        if let extra = written.keys.first(where: { expected[$0] == nil }) { throw diverged("the VM wrote register \(extra), the tables do not") }
        trace[row, cpu.result] = Goldilocks(result)
        trace[row, cpu.resultLow] = Goldilocks(result & 0xffff)
        trace[row, cpu.resultHigh] = Goldilocks(result >> 16)
        ranges.add(result & 0xffff)
        ranges.add(result >> 16)

        // Control.
        let moves = flags.contains(.moveIfZero) || flags.contains(.moveIfNotZero)
        let difference = moves ? -Goldilocks(rtValue) : Goldilocks(rsValue) - Goldilocks(b)
        trace[row, cpu.equal] = difference.isZero ? .one : .zero
        trace[row, cpu.differenceInverse] = difference.isZero ? .zero : difference.inverse()
        let signed = Int32(bitPattern: rsValue)
        let taken = (flags.contains(.branchEqual) && rsValue == rtValue) || (flags.contains(.branchNotEqual) && rsValue != rtValue)
            || kind.controlOp.map { op in
                switch op {
                case .branchLessZero: signed < 0
                case .branchGreaterEqualZero: signed >= 0
                case .branchLessEqualZero: signed <= 0
                case .branchGreaterZero: signed > 0
                case .jump: true
                }
            } ?? false
        let annul = flags.contains(.likely) && !taken
        trace[row, cpu.taken] = taken ? .one : .zero
        trace[row, cpu.annul] = annul ? .one : .zero
        let vector = UInt64(CPUTable.exceptionVector)
        var newNextPC = taken ? UInt64(event.pc &+ 4 &+ (immediate << 2)) : flags.contains(.jumpRegister) ? UInt64(rsValue)
            : UInt64(event.nextPC) + (annul ? 8 : 4)
        if kind.controlOp == .jump { newNextPC = UInt64((event.pc &+ 4) & 0xf000_0000 | (word & 0x03ff_ffff) << 2) }
        if let op = kind.controlOp {
            controlRequests.append(.init(op: op, pc: event.pc, nextPC: event.nextPC, rs: rsValue, offset: Int32(Int16(bitPattern: UInt16(lower))),
                                         index: word & 0x03ff_ffff, taken: taken, annul: annul, newNextPC: newNextPC))
        }
        if flags.contains(.eret) { newNextPC = UInt64(rtValue) }
        if enters { newNextPC = vector + 4 }
        trace[row, cpu.newNextPC] = Goldilocks(reducing: newNextPC)
        pc = flags.contains(.eret) ? UInt64(rsValue) : enters ? vector : UInt64(event.nextPC) + (annul ? 4 : 0)
        nextPC = newNextPC
        if enters { kernelMode = true }
        if flags.contains(.eret) { kernelMode = false }
    }

    /// A primitive's row in `primitives` (its own accesses: $a1, and $v1 for the counter);
    /// returns what it leaves in $v0.
    mutating func runPrimitive(row: Int, number: UInt32, a0: UInt32, written: [Int: UInt32]) throws(WitnessError) -> UInt32 {
        let cycle = events.instructions[row].cycle
        guard let primitive = Primitive(rawValue: number), PrimitiveTable.proven.contains(primitive) else {
            throw .divergence(cycle: cycle, what: "primitive \(number) cannot be proven")
        }
        let clk = UInt32(row)
        let a1 = registers[5].value, a1Timestamp = registers[5].timestamp
        registers[5].timestamp = 8 * clk + UInt32(Slot.extraA.rawValue)
        var result = number
        var v1: (timestamp: UInt32, previous: UInt32, value: UInt32)?
        switch primitive {
        case .readInput:
            guard let word = written[2] else { throw .divergence(cycle: cycle, what: "readInput wrote no $v0") }
            result = word
            inputWords.append(word)
        case .cycleCounter:
            let counter = start.cycle + UInt64(row)
            result = UInt32(truncatingIfNeeded: counter)
            v1 = (registers[3].timestamp, registers[3].value, UInt32(truncatingIfNeeded: counter >> 32))
            registers[3] = (8 * clk + UInt32(Slot.extraB.rawValue), v1!.value)
        case .writeOutput:
            guard (1...4).contains(a1) else { throw .divergence(cycle: cycle, what: "writeOutput of \(a1) bytes") }
            outputBytes += (0..<Int(a1)).map { UInt8(truncatingIfNeeded: a0 >> (24 - 8 * $0)) }
        case .halt:
            guard row == events.instructions.count - 1 else { throw .divergence(cycle: cycle, what: "a halt before the segment's end") }
            exitCode = a0
        default: break
        }
        primitiveRequests.append(.init(primitive: primitive, clk: clk, a0: a0, a1: a1, result: result, a1Timestamp: a1Timestamp, v1: v1))
        return result
    }

    /// Padding rows, the other tables, the statement.
    mutating func finish() -> SegmentWitness {
        let count = events.instructions.count
        // Padding rows: clk counts on; the state carries on (pc′ = nextPC, nextPC′ = nextPC + 4);
        // word 0 decodes; the padding kind; rs = rt = 0, so `equal`.
        let (endPC, endNextPC, endMode) = (pc, nextPC, kernelMode)
        for row in count..<trace.height {
            trace[row, cpu.clk] = Goldilocks(row)
            trace[row, cpu.pc] = Goldilocks(reducing: pc)
            trace[row, cpu.nextPC] = Goldilocks(reducing: nextPC)
            trace[row, cpu.mode] = kernelMode ? .one : .zero
            cpu.decoded.fill(&trace, row: row, word: 0, counts: &decodeCounts)
            kindCounts[0] += 1
            trace[row, cpu.equal] = .one
            (pc, nextPC) = (nextPC, nextPC + 4)
            trace[row, cpu.newNextPC] = Goldilocks(reducing: nextPC)
        }
        // The family and final tables, in parallel: each fills its own lookup counts, merged
        // before the fixed tables that serve them.
        struct Part: Sendable {
            var traces: [Int: RowMajorMatrix<Goldilocks>] = [:]
            var ranges = RangeCounts()
            var bytePairs = [UInt32](repeating: 0, count: 1 << 16), bitwise = [UInt32](repeating: 0, count: 1 << 16)
            var powers = [UInt32](repeating: 0, count: 32)
        }
        let (memory, registers, kindCounts, decodeCounts, start) = (memory, registers, kindCounts, decodeCounts, start)
        let (memoryRequests, primitiveRequests, aluRequests) = (memoryRequests, primitiveRequests, aluRequests)
        let (multiplyRequests, exceptionRequests, controlRequests) = (multiplyRequests, exceptionRequests, controlRequests)
        // Table indices as in `CPUMachine.tables`.
        let jobs: [@Sendable (inout Part) -> Void] = [
            { $0.traces[11] = MemoryInstructionTable().trace(memoryRequests, ranges: &$0.ranges, bytePairs: &$0.bytePairs) },
            { part in
                let (shift, masks) = ShiftTable().trace(aluRequests.filter { ShiftTable.handles($0.0) }, ranges: &part.ranges, powers: &part.powers)
                part.traces[9] = shift
                part.traces[6] = LogicTable().trace(aluRequests.filter { LogicTable.handles($0.0) }.map { ($0.0, $0.1, $0.2) } + masks, bitwise: &part.bitwise)
            },
            { part in
                part.traces[12] = PrimitiveTable().trace(primitiveRequests, inputStart: start.inputPosition, outputStart: start.outputPosition,
                                                         ranges: &part.ranges, bytePairs: &part.bytePairs)
                part.traces[8] = ArithmeticTable().trace(aluRequests.filter { ArithmeticTable.handles($0.0) }.map { ($0.0, $0.1, $0.2) }, ranges: &part.ranges)
                part.traces[13] = MultiplyDivideTable().trace(multiplyRequests, ranges: &part.ranges)
                part.traces[14] = ExceptionTable().trace(exceptionRequests, ranges: &part.ranges)
                part.traces[15] = ControlTable().trace(controlRequests, ranges: &part.ranges)
            },
            { part in
                part.traces[1] = KindTable().trace(kindCounts)
                part.traces[2] = DecodeTable().trace(decodeCounts)
                part.traces[4] = MemoryFinalTable.memory.trace(memory)
                part.traces[5] = MemoryFinalTable.registers.trace(Dictionary(uniqueKeysWithValues: registers.enumerated().map { (UInt32($0), $1) }))
            },
        ]
        var parts = [Part](repeating: Part(), count: jobs.count)
        parts.withUnsafeMutableBufferPointer { parts in
            let shared = parts
            parallelFor(0..<jobs.count) { chunk in
                for j in chunk { jobs[j](&shared[j]) }
            }
        }
        var bitwise = [UInt32](repeating: 0, count: 1 << 16), bytePairs = bitwise, powers = [UInt32](repeating: 0, count: 32)
        var traces = [RowMajorMatrix<Goldilocks>?](repeating: nil, count: CPUMachine.tables.count)
        traces[0] = trace
        var ranges = self.ranges
        for part in parts {
            ranges.merge(part.ranges)
            for i in bitwise.indices { bitwise[i] &+= part.bitwise[i]; bytePairs[i] &+= part.bytePairs[i] }
            for i in powers.indices { powers[i] &+= part.powers[i] }
            for (t, table) in part.traces { traces[t] = table }
        }
        traces[3] = RangeTable().trace(ranges)
        traces[7] = BitwiseTable().trace(bitwise, pairs: bytePairs)
        traces[10] = PowerTable().trace(powers)
        let statement = SegmentStatement(
            startPC: start.state.pc, startNextPC: start.state.nextPC, startKernelMode: start.state.mode == .kernel,
            endPC: UInt32(endPC), endNextPC: UInt32(endNextPC), endKernelMode: endMode,
            startRegisters: start.registers, endRegisters: registers.map(\.value), pages: start.pages,
            startCycle: start.cycle, cycles: count, inputStart: start.inputPosition, inputWords: inputWords,
            outputStart: start.outputPosition, outputBytes: outputBytes, exitCode: exitCode)
        return SegmentWitness(traces: traces.map { $0! }, statement: statement)
    }
}
