import Constraints
import Field
import MIPS

/// `primitives`: one row per primitive the segment runs (a `syscall` in kernel mode; the VM's
/// `Primitive`), sorted by clk, with the state only they change: the input and output
/// positions.
///
/// The CPU row reads `$v0` (the number) and `$a0` and writes `$v0` back; this table reads `$a1`
/// itself (timestamp slot `extraA`) and, for the cycle counter, writes `$v1` (slot
/// `extraB`). Per primitive:
/// - `halt`: sends (clk, a0) on `haltBus`;
/// - `readInput`: the result is the word at the running input position (`inputBus`);
/// - `writeOutput`: sends the first a1 bytes of a0 at the running output position (`outputBus`);
/// - `cycleCounter`: result + 2^32·v1 = the run's cycle count before this cycle (public start
///   cycle + clk), v1 one of the start cycle's high word or the next;
/// - `console`, `mapHint`, `traceSyscall`: no effect (the result is the number, `$v0` unchanged).
/// A `panic` has no flag: a run that panics cannot be proven.
public struct PrimitiveTable: AIR {
    public static let proven: [Primitive] = [.halt, .readInput, .writeOutput, .console, .cycleCounter, .mapHint, .traceSyscall]

    /// One-hot flags in `proven` order, summing to `isReal`.
    public let flags: [Column]
    public let isReal: Column
    public let clk: Column, number: Column, a0: Column, result: Column
    public let a1: Column, readA1: MemoryAccessColumns
    public let high: Column, writeV1: MemoryAccessColumns
    /// Positions before this row's primitive.
    public let inputPosition: Column, outputPosition: Column
    /// a0's bytes (big-endian) and the one-hot byte count of `writeOutput` (1…4).
    public let a0Bytes: [Column], byteCounts: [Column]
    /// The clk gap to the next row (clk′ − clk − 1 = low + 2^16·high) when it is real.
    public let hasNext: Column, gapLow: Column, gapHigh: Column
    public let width: Int
    public var name: String { "primitives" }
    public var publicValueCount: Int { SegmentPublicValue.allCases.count }

    public init() {
        var allocator = ColumnAllocator()
        flags = Self.proven.map { allocator.column("is.\($0)") }
        isReal = allocator.column("isReal")
        clk = allocator.column("clk")
        number = allocator.column("number")
        a0 = allocator.column("a0")
        result = allocator.column("result")
        a1 = allocator.column("a1")
        readA1 = MemoryAccessColumns(.read, "readA1", on: registersBus, allocator: &allocator)
        high = allocator.column("high")
        writeV1 = MemoryAccessColumns(.write, "writeV1", on: registersBus, allocator: &allocator)
        inputPosition = allocator.column("inputPosition")
        outputPosition = allocator.column("outputPosition")
        a0Bytes = allocator.columns("a0.byte", count: 4)
        byteCounts = allocator.columns("byteCount", count: 4)
        hasNext = allocator.column("hasNext")
        gapLow = allocator.column("gapLow")
        gapHigh = allocator.column("gapHigh")
        width = allocator.width
    }

    public func flag(_ primitive: Primitive) -> Column { flags[Self.proven.firstIndex(of: primitive)!] }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        func flag(_ primitive: Primitive) -> E { builder.current(self.flag(primitive)) }
        let publicValues = SegmentPublicValue.allCases.map { builder.publicValue($0.rawValue) }
        func publicValue(_ value: SegmentPublicValue) -> E { publicValues[value.rawValue] }
        let (nextIsReal, nextClk) = (builder.next(self.isReal), builder.next(self.clk))
        let (nextInputPosition, nextOutputPosition) = (builder.next(self.inputPosition), builder.next(self.outputPosition))
        let isReal = builder.current(self.isReal), clk = builder.current(self.clk)
        let number = builder.current(self.number), a0 = builder.current(self.a0), result = builder.current(self.result)
        for primitive in Self.proven { builder.assertBool(flag(primitive), "is.\(primitive) is a bit") }
        builder.assertEqual(Self.proven.map(flag).reduce(E(.zero), +), isReal, "one primitive per real row")
        builder.assertEqual(number, Self.proven.reduce(E(.zero)) { $0 + flag($1) * Goldilocks($1.rawValue) }, "number = the flagged primitive's")

        // Rows in clk order (real ones first): the positions follow the run.
        let hasNext = builder.current(self.hasNext), gapLow = builder.current(self.gapLow), gapHigh = builder.current(self.gapHigh)
        builder.assertBool(hasNext, "hasNext is a bit")
        builder.whenTransition {
            $0.assertEqual(hasNext, nextIsReal, "hasNext = the next row is real")
            $0.assertZero(nextIsReal * (E(.one) - isReal), "no real row after padding")
            $0.when(hasNext) { $0.assertEqual(nextClk - clk - Goldilocks.one, gapLow + gapHigh * Goldilocks(1 << 16), "clk′ > clk") }
        }
        builder.whenLastRow { $0.assertZero(hasNext, "no next row after the last") }
        builder.send(range16Bus, [gapLow], multiplicity: hasNext, "clk gap low")
        builder.send(range16Bus, [gapHigh * Goldilocks(1 << 8)], multiplicity: hasNext, "clk gap high")

        // $a1, read at this cycle's slot; $v1, written by the cycle counter.
        func timestamp(_ slot: CPUTable.Slot) -> E { clk * Goldilocks(8) + Goldilocks(slot.rawValue) }
        let a1 = builder.current(self.a1), high = builder.current(self.high)
        readA1.eval(&builder, address: E(Goldilocks(5)), timestamp: timestamp(.extraA), value: a1, enabled: isReal, "read a1")
        let counter = flag(.cycleCounter)
        writeV1.eval(&builder, address: E(Goldilocks(3)), timestamp: timestamp(.extraB), value: high, enabled: counter, "write v1")

        // Results.
        for primitive in [Primitive.halt, .writeOutput, .console, .mapHint, .traceSyscall] {
            builder.when(flag(primitive)) { $0.assertEqual(result, number, "\(primitive): v0 unchanged") }
        }
        let startHigh = publicValue(.startCycleHigh)
        builder.when(counter) {
            $0.assertEqual(result + high * Goldilocks(1 << 32), publicValue(.startCycleLow) + startHigh * Goldilocks(1 << 32) + clk,
                           "cycleCounter: v0 + 2^32·v1 = start cycle + clk")
            $0.assertZero((high - startHigh) * (high - startHigh - Goldilocks.one), "cycleCounter: v1 is the start's high word or the next")
        }
        builder.send(haltBus, [clk, a0], multiplicity: flag(.halt), "halt")

        // Input and output positions.
        let inputPosition = builder.current(self.inputPosition), outputPosition = builder.current(self.outputPosition)
        let read = flag(.readInput), write = flag(.writeOutput)
        let counts = byteCounts.map(builder.current)
        for (index, count) in counts.enumerated() { builder.assertBool(count, "byteCount \(index + 1) is a bit") }
        builder.assertEqual(counts.reduce(E(.zero), +), write, "writeOutput: one byte count")
        let written = counts.enumerated().reduce(E(.zero)) { $0 + $1.element * Goldilocks($1.offset + 1) }
        builder.when(write) { $0.assertEqual(a1, written, "writeOutput: a1 = the byte count") }
        builder.send(inputBus, [inputPosition, result], multiplicity: read, "input word")
        let bytes = a0Bytes.map(builder.current)
        builder.assertEqual(a0, bytes.enumerated().reduce(E(.zero)) { $0 + $1.element * Goldilocks(1 << (8 * (3 - $1.offset))) }, "a0 = its bytes")
        builder.send(bytePairBus, [bytes[0], bytes[1]], multiplicity: write, "a0 bytes 0, 1")
        builder.send(bytePairBus, [bytes[2], bytes[3]], multiplicity: write, "a0 bytes 2, 3")
        for j in 0..<4 {
            let sent = counts[j...].reduce(E(.zero), +)
            builder.send(outputBus, [outputPosition + Goldilocks(j), bytes[j]], multiplicity: sent, "output byte \(j)")
        }
        builder.whenFirstRow {
            $0.assertEqual(inputPosition, publicValue(.inputStart), "input starts at the public position")
            $0.assertEqual(outputPosition, publicValue(.outputStart), "output starts at the public position")
        }
        builder.whenTransition {
            $0.assertEqual(nextInputPosition, inputPosition + read, "input position′")
            $0.assertEqual(nextOutputPosition, outputPosition + written, "output position′")
        }
        builder.whenLastRow {
            $0.assertEqual(inputPosition + read, publicValue(.inputEnd), "input ends at the public position")
            $0.assertEqual(outputPosition + written, publicValue(.outputEnd), "output ends at the public position")
        }

        builder.receive(primitiveBus, [clk, number, a0, result], multiplicity: isReal, "primitive")
    }

    /// One primitive as the witness builder saw it, with the register tuples its own accesses
    /// replace.
    public struct Request: Sendable {
        public var primitive: Primitive
        public var clk: UInt32
        public var a0: UInt32, a1: UInt32, result: UInt32
        public var a1Timestamp: UInt32
        /// $v1's value and timestamp before the counter writes it, and the value written.
        public var v1: (timestamp: UInt32, previous: UInt32, value: UInt32)?
    }

    /// The trace of `requests` (in clk order), padded; counts the range and byte-pair lookups.
    public func trace(_ requests: [Request], inputStart: UInt32, outputStart: UInt32,
                      ranges: inout RangeCounts, bytePairs: inout [UInt32]) -> RowMajorMatrix<Goldilocks> {
        let height = max(1, requests.count).nextPowerOfTwo
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: height)
        var (inputPosition, outputPosition) = (inputStart, outputStart)
        for row in 0..<height {
            trace[row, self.inputPosition] = Goldilocks(inputPosition)
            trace[row, self.outputPosition] = Goldilocks(outputPosition)
            guard row < requests.count else { continue }
            let request = requests[row]
            trace[row, flag(request.primitive)] = .one
            trace[row, isReal] = .one
            trace[row, clk] = Goldilocks(request.clk)
            trace[row, number] = Goldilocks(request.primitive.rawValue)
            trace[row, a0] = Goldilocks(request.a0)
            trace[row, result] = Goldilocks(request.result)
            trace[row, a1] = Goldilocks(request.a1)
            readA1.fill(&trace, row: row, timestamp: 8 * request.clk + UInt32(CPUTable.Slot.extraA.rawValue),
                        previousTimestamp: request.a1Timestamp, previousValue: request.a1, ranges: &ranges)
            if let v1 = request.v1 {
                trace[row, high] = Goldilocks(v1.value)
                writeV1.fill(&trace, row: row, timestamp: 8 * request.clk + UInt32(CPUTable.Slot.extraB.rawValue),
                             previousTimestamp: v1.timestamp, previousValue: v1.previous, ranges: &ranges)
            }
            if row + 1 < requests.count {
                let gap = requests[row + 1].clk - request.clk - 1
                trace[row, hasNext] = .one
                trace[row, gapLow] = Goldilocks(gap & 0xffff)
                trace[row, gapHigh] = Goldilocks(gap >> 16)
                ranges.add(gap & 0xffff)
                ranges.add((gap >> 16) << 8)
            }
            let bytes = (0..<4).map { (request.a0 >> (8 * (3 - $0))) & 0xff }
            for j in 0..<4 { trace[row, a0Bytes[j]] = Goldilocks(bytes[j]) }
            switch request.primitive {
            case .readInput:
                inputPosition += 1
            case .writeOutput:
                bytePairs[BitwiseTable.row(bytes[0], bytes[1])] += 1
                bytePairs[BitwiseTable.row(bytes[2], bytes[3])] += 1
                trace[row, byteCounts[Int(request.a1) - 1]] = .one
                outputPosition += request.a1
            default: break
            }
        }
        return trace
    }
}
