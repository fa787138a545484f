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
        ControlTable(), CodeTable(),
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
    var memory = [UInt32: MemoryCell]()
    /// The code entries run so far (by word address) and how often.
    var code = [UInt32: (entry: CodeEntry, count: UInt32)]()
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
            for (offset, value) in words.enumerated() { memory[page << 10 | UInt32(offset)] = MemoryCell(timestamp: 0, value: value) }
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
        guard UInt64(event.pc) == pc, UInt64(event.nextPC) == nextPC else {
            throw diverged("the tables are at (\(pc), \(nextPC)), the VM at (\(event.pc), \(event.nextPC))")
        }
        // The code entry of pc: a user fetch in the null guard fetches nothing (the VM's event
        // has word 0) and enters the kernel; otherwise the word, in the space of the mode.
        let fetchFault = !kernelMode && event.pc < 0x1_0000
        guard event.pc & 3 == 0 else { throw diverged("a misaligned fetch at \(String(event.pc, radix: 16)) (not provable)") }
        let address = event.pc >> 2
        let entry: CodeEntry
        if let known = code[address] {
            guard known.entry.word == word, known.entry.kernel == kernelMode else { throw diverged("the word at \(String(event.pc, radix: 16)) changed or runs in both modes") }
            entry = known.entry
            code[address]!.count += 1
        } else {
            if fetchFault {
                guard word == 0 else { throw diverged("a fetch fault with word \(word)") }
            } else {
                guard kernelMode ? event.pc >= 0x8000_0000 : event.pc < 0x8000_0000 else {
                    throw diverged("a \(kernelMode ? "kernel" : "user") fetch at \(String(event.pc, radix: 16)), outside its space (a machine fault)")
                }
                guard let cell = memory[address] else { throw .outsideSnapshot(cycle: cycle, address: event.pc) }
                guard cell.value == word else { throw diverged("fetched \(cell.value), the VM ran \(word)") }
                guard cell.stores == 0 else { throw diverged("code at \(String(event.pc, radix: 16)) was stored to earlier in the segment (self-modifying code is not provable)") }
            }
            guard let made = CodeEntry(word: word, address: address, kernel: kernelMode, fault: fetchFault) else {
                throw .unsupportedInstruction(cycle: cycle, pc: event.pc, word: word)
            }
            entry = made
            code[address] = (entry, 1)
        }
        let (kind, flags) = (entry.kind, entry.flags)
        let primitive = flags.contains(.primitive)
        // Whether a trap's condition holds is known once the operands are read (below).
        var enters = flags.contains(.entersAlways)
        var guardFault = false
        if kind.flags.contains(.privileged), !kernelMode { throw diverged("\(kind) in user mode (an exception the tables do not prove yet)") }
        trace[row, cpu.clk] = Goldilocks(clk)
        trace[row, cpu.pc] = Goldilocks(event.pc)
        trace[row, cpu.nextPC] = Goldilocks(event.nextPC)
        trace[row, cpu.isReal] = .one
        trace[row, cpu.isLastReal] = row == events.instructions.count - 1 ? .one : .zero
        trace[row, cpu.mode] = kernelMode ? .one : .zero
        trace[row, cpu.rsAddress] = Goldilocks(entry.rsAddress)
        trace[row, cpu.rtAddress] = Goldilocks(entry.rtAddress)
        trace[row, cpu.writeAddress] = Goldilocks(entry.writeAddress)
        trace[row, cpu.writes] = entry.writes ? .one : .zero
        trace[row, cpu.immediate] = entry.immediate
        trace[row, cpu.operation] = Goldilocks(entry.operation)
        for flag in flags { trace[row, cpu.flag(flag)] = .one }

        // The VM's register writes of this cycle.
        var written = [Int: UInt32]()
        while let write = writes.first, write.cycle <= cycle {
            if write.cycle == cycle { written[Int(write.index)] = write.value }
            writes = writes.dropFirst()
        }

        // Register ports.
        let rsValue = registers[entry.rsAddress].value, rtValue = registers[entry.rtAddress].value
        trace[row, cpu.rsValue] = Goldilocks(rsValue)
        access(cpu.readRS, row: row, register: entry.rsAddress, slot: .rs, value: rsValue)
        trace[row, cpu.rtValue] = Goldilocks(rtValue)
        access(cpu.readRT, row: row, register: entry.rtAddress, slot: .rt, value: rtValue)

        // The operands and the result, as the CPU table defines them (a constant operand is a u32).
        let a = flags.contains(.swapOperands) ? rtValue : rsValue
        let b = flags.contains(.useConstant) ? UInt32(entry.immediate.value) : flags.contains(.variableShift) ? rsValue : rtValue
        var result: UInt32 = 0
        if flags.contains(.add) {
            let sum = UInt64(rsValue) + UInt64(b)
            result = UInt32(truncatingIfNeeded: sum)
            trace[row, cpu.carry] = Goldilocks(reducing: sum >> 32)
        }
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
        // Loads and stores: the word holding rs + offset (no wrap-around: the field sum is the address).
        if let op = kind.memoryOp {
            let sum = Int64(rsValue) + Int64(Int16(bitPattern: UInt16(word & 0xffff)))
            guard (0..<(1 << 32)).contains(sum), sum % Int64(op.alignment) == 0 else { throw diverged("data address \(sum) wraps or is unaligned") }
            let address = UInt32(sum)
            if !kernelMode, address < 0x1_0000 {
                // The null guard: an exception (sc's result cannot be 0, so its fault is not provable).
                guard op != .storeConditional else { throw diverged("sc in the null guard (not provable yet)") }
                memoryRequests.append(.init(op: op, clk: clk, address: address, rt: rtValue, old: 0, previousTimestamp: 0,
                                            kernelMode: false, fault: true))
                guardFault = true
            } else {
                guard let cell = memory[address >> 2] else { throw .outsideSnapshot(cycle: cycle, address: address) }
                if !kernelMode, address >= 0x8000_0000 {
                    throw diverged("a user access at \(String(address, radix: 16)), in the kernel's memory (a machine fault)")
                }
                if !op.isLoad, code[address >> 2] != nil {
                    throw diverged("a store to \(String(address, radix: 16)), code this segment runs (self-modifying code is not provable)")
                }
                memoryRequests.append(.init(op: op, clk: clk, address: address, rt: rtValue, old: cell.value, previousTimestamp: cell.timestamp,
                                            previousStores: cell.stores, kernelMode: kernelMode))
                let (value, loaded) = MemoryInstructionTable.apply(op, address: address, old: cell.value, rt: rtValue)
                memory[address >> 2] = MemoryCell(timestamp: 8 * clk + UInt32(Slot.data.rawValue), value: value, stores: cell.stores + (op.isLoad ? 0 : 1))
                result = loaded
            }
        }

        // Kernel entry: a syscall in user space, an exception kind, a fetch fault, a trap whose
        // condition holds; `exceptions` writes EPC and the exception next pc (slots extraA, extraB).
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
        let destination = entry.writeAddress
        let before = entry.writes ? registers[destination].value : 0
        if flags.contains(.moveIfZero) { result = rtValue == 0 ? rsValue : before }
        if flags.contains(.moveIfNotZero) { result = rtValue != 0 ? rsValue : before }
        if guardFault { result = before }  // a faulting load writes rt's own value back; a store, nothing
        if primitive { result = try runPrimitive(row: row, number: rsValue, a0: rtValue, written: written) }
        var expected = hiLoWrites.merging(exceptionWrites) { $1 }
        if entry.writes {
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
        var taken = (flags.contains(.branchEqual) && rsValue == b) || (flags.contains(.branchNotEqual) && rsValue != b)
        if let op = kind.controlOp {
            switch op {
            case .branchLessZero: taken = signed < 0
            case .branchGreaterEqualZero: taken = signed >= 0
            case .branchLessEqualZero: taken = signed <= 0
            case .branchGreaterZero: taken = signed > 0
            }
            controlRequests.append(.init(op: op, rs: rsValue, taken: taken))
        }
        let annul = flags.contains(.likely) && !taken
        trace[row, cpu.taken] = taken ? .one : .zero
        let vector = UInt64(CPUTable.exceptionVector)
        var newNextPC = taken ? entry.immediate.value : flags.contains(.jumpRegister) ? UInt64(rsValue) : UInt64(event.nextPC) + (annul ? 8 : 4)
        if flags.contains(.eret) { newNextPC = UInt64(rtValue) }
        if enters { newNextPC = vector + 4 }
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
            trace[row, cpu.equal] = .one
            (pc, nextPC) = (nextPC, nextPC + 4)
        }
        // The code table: each word read at the segment's end (timestamp 8·cycles), never stored to.
        var codeRows = [CodeTable.Row]()
        for address in code.keys.sorted() {
            let (entry, uses) = code[address]!
            var previousTimestamp: UInt32 = 0
            if !entry.fault {
                previousTimestamp = self.memory[address]!.timestamp
                self.memory[address] = MemoryCell(timestamp: 8 * UInt32(count), value: entry.word)
            }
            codeRows.append(CodeTable.Row(entry: entry, count: uses, previousTimestamp: previousTimestamp))
        }
        let codeTrace = CodeTable().trace(codeRows, cycles: count, ranges: &ranges, decodeCounts: &decodeCounts, kindCounts: &kindCounts)
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
                part.traces[5] = MemoryFinalTable.registers.trace(Dictionary(uniqueKeysWithValues: registers.enumerated().map {
                    (UInt32($0), MemoryCell(timestamp: $1.timestamp, value: $1.value))
                }))
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
        traces[16] = codeTrace
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
