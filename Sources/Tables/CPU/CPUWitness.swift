import Constraints
import Field
import MIPS

/// Why a segment's witness could not be built.
public enum WitnessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The CPU table does not prove this instruction yet.
    case unsupportedInstruction(cycle: UInt64, pc: UInt32, word: UInt32)
    /// A fetch or access outside the pages the segment's snapshot holds.
    case outsideSnapshot(cycle: UInt64, address: UInt32)
    /// The tables' semantics and the VM's events disagree (a bug in one of them).
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

/// Everything a segment proof needs: the traces of `CPUMachine.tables`, the public values (the
/// CPU table's) and the verifier's own bus terms (start memory and registers, end registers).
public struct SegmentWitness: Sendable {
    public var traces: [RowMajorMatrix<Goldilocks>]
    public var publicValues: [Goldilocks]
    public var publicInteractions: [PublicInteraction]
}

/// The tables of a segment proof, in order, and how to fill them.
public enum CPUMachine {
    public static let cpu = CPUTable()
    public static let tables: [any AIR] = [
        cpu, KindTable(), DecodeTable(), RangeTable(), MemoryFinalTable.memory, MemoryFinalTable.registers, LogicTable(), BitwiseTable(),
        ArithmeticTable(), ShiftTable(), PowerTable(), MemoryInstructionTable(),
    ]

    /// The verifier's terms for a segment that starts with `pages` (word contents per 4 KiB page
    /// number) and `startRegisters` and claims `endRegisters` (general registers 0–31).
    public static func publicInteractions(pages: [UInt32: [UInt32]], startRegisters: [UInt32], endRegisters: [UInt32]) -> [PublicInteraction] {
        var interactions = [PublicInteraction]()
        for page in pages.keys.sorted() {
            for (offset, value) in pages[page]!.enumerated() {
                interactions.append(PublicInteraction(.send, memoryBus, [Goldilocks(page << 10 | UInt32(offset)), .zero, Goldilocks(value)]))
            }
        }
        for (index, value) in startRegisters.enumerated() {
            interactions.append(PublicInteraction(.send, registersBus, [Goldilocks(index), .zero, Goldilocks(value)]))
        }
        for (index, value) in endRegisters.enumerated() {
            interactions.append(PublicInteraction(.receive, registerClaimBus, [Goldilocks(index), Goldilocks(value)]))
        }
        return interactions
    }

    /// Builds the witness of a segment from its start (registers, pc/nextPC, the pages it
    /// touches with their start contents) and the events of its tracing run.
    public static func witness(start: CPUState, pages: [UInt32: [UInt32]], instructions: [InstructionEvent],
                               registerWrites: [RegisterWriteEvent]) throws(WitnessError) -> SegmentWitness {
        let count = instructions.count
        guard (1...(1 << 21)).contains(count) else { throw .segmentLength(count) }
        let cpu = Self.cpu
        let height = count.nextPowerOfTwo
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: cpu.width, height: height)
        var ranges = RangeCounts()
        var decodeCounts = DecodeCounts()
        var kindCounts = [UInt32](repeating: 0, count: KindTable.rows.count)
        var memory = [UInt32: (timestamp: UInt32, value: UInt32)]()
        for (page, words) in pages {
            for (offset, value) in words.enumerated() { memory[page << 10 | UInt32(offset)] = (0, value) }
        }
        var registers = (0..<32).map { (timestamp: UInt32(0), value: start.registers[$0]) }
        var writes = registerWrites[...]
        var endNextPC = start.nextPC
        var endPC = start.pc
        var aluRequests = [(ALUOp, UInt32, UInt32)]()
        var memoryRequests = [MemoryInstructionTable.Request]()

        for (row, event) in instructions.enumerated() {
            let clk = UInt32(row)
            func timestamp(_ slot: CPUTable.Slot) -> UInt32 { 8 * clk + UInt32(slot.rawValue) }
            let word = event.word
            guard let kind = InstructionKind.of(word) else {
                throw .unsupportedInstruction(cycle: event.cycle, pc: event.pc, word: word)
            }
            trace[row, cpu.clk] = Goldilocks(clk)
            trace[row, cpu.pc] = Goldilocks(event.pc)
            trace[row, cpu.nextPC] = Goldilocks(event.nextPC)
            trace[row, cpu.isReal] = .one
            trace[row, cpu.isLastReal] = row == count - 1 ? .one : .zero

            // Fetch and decode.
            let address = event.pc >> 2
            guard let fetched = memory[address] else { throw .outsideSnapshot(cycle: event.cycle, address: event.pc) }
            guard fetched.value == word else { throw .divergence(cycle: event.cycle, what: "fetched \(fetched.value), the VM ran \(word)") }
            cpu.fetch.fill(&trace, row: row, timestamp: timestamp(.fetch), previousTimestamp: fetched.timestamp, previousValue: word, ranges: &ranges)
            memory[address] = (timestamp(.fetch), word)
            cpu.decoded.fill(&trace, row: row, word: word, counts: &decodeCounts)
            for (field, mask) in zip(InstructionKind.Field.allCases, cpu.masks) where kind.fixed[field] != nil {
                trace[row, mask] = .one
            }
            for flag in kind.flags { trace[row, cpu.flag(flag)] = .one }
            kindCounts[KindTable.row(of: kind)] += 1

            // Registers.
            let rs = Int(InstructionKind.field(.rs, of: word)), rt = Int(InstructionKind.field(.rt, of: word))
            let rd = Int(InstructionKind.field(.rd, of: word))
            let (rsValue, rtValue) = (registers[rs].value, registers[rt].value)
            trace[row, cpu.rsValue] = Goldilocks(rsValue)
            trace[row, cpu.rtValue] = Goldilocks(rtValue)
            cpu.readRS.fill(&trace, row: row, timestamp: timestamp(.rs), previousTimestamp: registers[rs].timestamp, previousValue: rsValue, ranges: &ranges)
            registers[rs].timestamp = timestamp(.rs)
            cpu.readRT.fill(&trace, row: row, timestamp: timestamp(.rt), previousTimestamp: registers[rt].timestamp, previousValue: rtValue, ranges: &ranges)
            registers[rt].timestamp = timestamp(.rt)

            // The result, as the CPU table defines it.
            let lower = word & 0xffff
            let immediate = UInt32(bitPattern: Int32(Int16(bitPattern: UInt16(lower))))
            var result: UInt32 = 0
            if kind.flags.contains(.add) {
                let sum = UInt64(rsValue) + UInt64(kind.flags.contains(.immediate) ? immediate : rtValue)
                result = UInt32(truncatingIfNeeded: sum)
                trace[row, cpu.carry] = Goldilocks(reducing: sum >> 32)
            }
            if kind.flags.contains(.loadUpper) { result = lower << 16 }
            if kind.flags.contains(.alu), let op = kind.aluOp {
                let shifts = kind.flags.contains(.shiftAmount)
                let a = shifts ? rtValue : rsValue
                let b = shifts ? InstructionKind.field(.sa, of: word)
                    : kind.flags.contains(.immediateZero) ? lower : kind.flags.contains(.immediate) ? immediate : rtValue
                result = LogicTable.handles(op) ? LogicTable.apply(op, a, b)
                    : ArithmeticTable.handles(op) ? ArithmeticTable.apply(op, a, b) : ShiftTable.apply(op, a, b)
                aluRequests.append((op, a, b))
            }
            trace[row, cpu.operation] = Goldilocks(kind.operationCode)
            if kind.flags.contains(.link) { result = event.pc &+ 8 }
            // Loads and stores: the word holding rs + offset (no wrap-around: the field sum is the address).
            if let op = kind.memoryOp {
                let sum = Int64(rsValue) + Int64(Int16(bitPattern: UInt16(lower)))
                guard (0..<(1 << 32)).contains(sum), sum % Int64(op.alignment) == 0 else {
                    throw .divergence(cycle: event.cycle, what: "data address \(sum) wraps or is unaligned")
                }
                let address = UInt32(sum)
                guard let word = memory[address >> 2] else { throw .outsideSnapshot(cycle: event.cycle, address: address) }
                memoryRequests.append(.init(op: op, clk: clk, address: address, rt: rtValue, old: word.value, previousTimestamp: word.timestamp))
                let (value, loaded) = MemoryInstructionTable.apply(op, address: address, old: word.value, rt: rtValue)
                memory[address >> 2] = (timestamp(.data), value)
                result = loaded
            }
            trace[row, cpu.result] = Goldilocks(result)
            trace[row, cpu.resultLow] = Goldilocks(result & 0xffff)
            trace[row, cpu.resultHigh] = Goldilocks(result >> 16)
            ranges.add(result & 0xffff)
            ranges.add(result >> 16)
            // The VM's writes of this cycle.
            var written = [Int: UInt32]()
            while let write = writes.first, write.cycle <= event.cycle {
                if write.cycle == event.cycle { written[Int(write.index)] = write.value }
                writes = writes.dropFirst()
            }
            let destination = kind.flags.contains(.writeRd) ? rd : kind.flags.contains(.writeRt) ? rt : kind.flags.contains(.writeRa) ? 31 : 0
            if destination != 0 {
                guard written[destination] == result else {
                    throw .divergence(cycle: event.cycle, what: "register \(destination) = \(result), the VM wrote \(String(describing: written[destination]))")
                }
                cpu.write.fill(&trace, row: row, timestamp: timestamp(.write), previousTimestamp: registers[destination].timestamp,
                               previousValue: registers[destination].value, ranges: &ranges)
                registers[destination] = (timestamp(.write), result)
            }

            // Control.
            let difference = Goldilocks(rsValue) - Goldilocks(rtValue)
            trace[row, cpu.equal] = difference.isZero ? .one : .zero
            trace[row, cpu.differenceInverse] = difference.isZero ? .zero : difference.inverse()
            let signed = Int32(bitPattern: rsValue)
            trace[row, cpu.rsIsZero] = rsValue == 0 ? .one : .zero
            trace[row, cpu.rsInverse] = rsValue == 0 ? .zero : Goldilocks(rsValue).inverse()
            let flags = kind.flags
            if !flags.isDisjoint(with: [.branchLessZero, .branchGreaterEqualZero, .branchLessEqualZero, .branchGreaterZero]) {
                let rest = rsValue & 0x7fff_ffff
                trace[row, cpu.rsSign] = Goldilocks(rsValue >> 31)
                trace[row, cpu.rsRestLow] = Goldilocks(rest & 0xffff)
                trace[row, cpu.rsRestHigh] = Goldilocks(rest >> 16)
                for value in [rest & 0xffff, rest >> 16, (rest >> 16) << 1] { ranges.add(value) }
            }
            let taken = (flags.contains(.branchEqual) && rsValue == rtValue) || (flags.contains(.branchNotEqual) && rsValue != rtValue)
                || (flags.contains(.branchLessZero) && signed < 0) || (flags.contains(.branchGreaterEqualZero) && signed >= 0)
                || (flags.contains(.branchLessEqualZero) && signed <= 0) || (flags.contains(.branchGreaterZero) && signed > 0)
            let annul = flags.contains(.likely) && !taken
            trace[row, cpu.taken] = taken ? .one : .zero
            trace[row, cpu.annul] = annul ? .one : .zero
            var newNextPC = taken ? event.pc &+ 4 &+ (immediate << 2) : kind.flags.contains(.jumpRegister) ? rsValue
                : event.nextPC &+ (annul ? 8 : 4)
            if kind.flags.contains(.jump) {
                let nextPC = event.pc &+ 4
                let (low0, low1, high) = (nextPC & 0xffff, (nextPC >> 16) & 0xfff, nextPC >> 28)
                trace[row, cpu.nextPCLow0] = Goldilocks(low0)
                trace[row, cpu.nextPCLow1] = Goldilocks(low1)
                trace[row, cpu.nextPCHigh] = Goldilocks(high)
                for value in [low0, low1, low1 << 4, high, high << 12] { ranges.add(value) }
                newNextPC = nextPC & 0xf000_0000 | (word & 0x03ff_ffff) << 2
            }
            trace[row, cpu.newNextPC] = Goldilocks(newNextPC)
            let newPC = event.nextPC &+ (annul ? 4 : 0)
            if row + 1 < count, instructions[row + 1].nextPC != newNextPC || instructions[row + 1].pc != newPC {
                throw .divergence(cycle: event.cycle, what: "next (pc, nextPC) = (\(newPC), \(newNextPC)), the VM went to (\(instructions[row + 1].pc), \(instructions[row + 1].nextPC))")
            }
            endNextPC = newNextPC
            endPC = newPC
        }
        // Padding rows: clk counts on; word 0 decodes; the padding kind; rs = rt = 0, so `equal`
        // and `rsIsZero`; newNextPC = nextPC + 4 = 4.
        for row in count..<height {
            trace[row, cpu.clk] = Goldilocks(row)
            cpu.decoded.fill(&trace, row: row, word: 0, counts: &decodeCounts)
            kindCounts[0] += 1
            trace[row, cpu.equal] = .one
            trace[row, cpu.rsIsZero] = .one
            trace[row, cpu.newNextPC] = Goldilocks(4)
        }
        let publicValues = [start.pc, start.nextPC, endPC, endNextPC, UInt32(count)].map { Goldilocks($0) }
        var bitwise = [UInt32](repeating: 0, count: 1 << 16), bytePairs = [UInt32](repeating: 0, count: 1 << 16)
        let memoryInstructions = MemoryInstructionTable().trace(memoryRequests, ranges: &ranges, bytePairs: &bytePairs)
        let logic = LogicTable().trace(aluRequests.filter { LogicTable.handles($0.0) }, bitwise: &bitwise)
        let arithmetic = ArithmeticTable().trace(aluRequests.filter { ArithmeticTable.handles($0.0) }, ranges: &ranges)
        var powers = [UInt32](repeating: 0, count: 32)
        let shift = ShiftTable().trace(aluRequests.filter { ShiftTable.handles($0.0) }, ranges: &ranges, powers: &powers)
        let traces = [
            trace, KindTable().trace(kindCounts), DecodeTable().trace(decodeCounts), RangeTable().trace(ranges),
            MemoryFinalTable.memory.trace(memory), MemoryFinalTable.registers.trace(Dictionary(uniqueKeysWithValues: registers.enumerated().map { (UInt32($0), $1) })),
            logic, BitwiseTable().trace(bitwise, pairs: bytePairs), arithmetic, shift, PowerTable().trace(powers), memoryInstructions,
        ]
        let interactions = publicInteractions(pages: pages, startRegisters: Array(start.registers.prefix(32)), endRegisters: registers.map(\.value))
        return SegmentWitness(traces: traces, publicValues: publicValues, publicInteractions: interactions)
    }
}
