import Constraints
import Field

/// `memory-instructions`: every load and store of the segment, one row each, on the word that
/// holds the addressed byte (memory is word-addressed; DESIGN.md §6).
///
/// A row receives (op, clk, address, rt, result) from the CPU (`memoryInstructionBus`), splits
/// the byte address into the word address and a one-hot byte lane (address = 4·word + lane),
/// accesses the word on `memoryBus` at timestamp 8·clk + 4, and constrains, byte by byte, what
/// the operation reads and writes. Bytes are numbered big-endian: byte j of a word is bits
/// 8·(3 − j) … 8·(3 − j) + 7, and the byte at address 4·word + j is byte j. Both words (the
/// memory word before the access and rt) are split into bytes proven by `bytePairBus`; the byte
/// at the address also gives its sign bit (for `lb`, and for `lh`, whose upper byte it is).
/// Alignment: halfwords at lanes 0 and 2, words at lane 0 (an unaligned access is a machine
/// fault in the VM, so it never reaches a proof).
///
/// The address is the CPU's field sum rs + offset: since the word address comes from the
/// memory bus (below 2^30, see `memoryBus`), 4·word + lane < 2^32 and the sum must not have
/// wrapped — the VM's wrapped sums (an address computed past 2^32) cannot be proven.
///
/// User mode (`kernel` = 0 on a real row): the word address is 2^14·q + r with r < 2^14 and
/// 1 ≤ q < 2^15 (four lookups: r, 4r, q − 1, 2q), i.e. the byte address lies in
/// [0x10000, 0x80000000): the null guard and the kernel's memory are out of a user's reach.
public struct MemoryInstructionTable: AIR {
    /// One-hot operation flags in `MemoryOp` order, summing to `isReal`.
    public let operations: [Column]
    public let isReal: Column
    public let clk: Column, address: Column, wordAddress: Column
    /// One-hot byte lane of the address (lane j: address mod 4 = j).
    public let lanes: [Column]
    /// The word before the access (the access's previous value) and after it.
    public let access: MemoryAccessColumns
    /// The word's store count before the access (`memoryBus`): a store adds one, a load passes
    /// it on.
    public let previousStores: Column
    public let value: Column
    public let oldBytes: [Column]
    public let rt: Column, rtBytes: [Column]
    public let result: Column
    /// The byte at the address, = 2^7·sign + signRest with signRest < 2^7.
    public let addressedByte: Column, sign: Column, signRest: Column
    /// The CPU's mode (1: kernel), and the user-space split of the word address.
    public let kernel: Column, userHigh: Column, userLow: Column
    /// A user access in the null guard (the CPU enters the kernel): no access, lanes 0, the word
    /// and result 0, the address below 0x10000 and aligned for the operation.
    public let fault: Column
    public let width: Int
    public var name: String { "memory-instructions" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        operations = MemoryOp.allCases.map { allocator.column("is.\($0)") }
        isReal = allocator.column("isReal")
        clk = allocator.column("clk")
        address = allocator.column("address")
        wordAddress = allocator.column("wordAddress")
        lanes = allocator.columns("lane", count: 4)
        access = MemoryAccessColumns(.write, "word", on: memoryBus, allocator: &allocator)
        previousStores = allocator.column("previousStores")
        value = allocator.column("value")
        oldBytes = allocator.columns("old.byte", count: 4)
        rt = allocator.column("rt")
        rtBytes = allocator.columns("rt.byte", count: 4)
        result = allocator.column("result")
        addressedByte = allocator.column("addressedByte")
        sign = allocator.column("sign")
        signRest = allocator.column("signRest")
        kernel = allocator.column("kernel")
        userHigh = allocator.column("userHigh")
        userLow = allocator.column("userLow")
        fault = allocator.column("fault")
        width = allocator.width
    }

    public func operation(_ op: MemoryOp) -> Column { operations[Int(op.rawValue) - 1] }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        let isReal = builder.current(self.isReal)
        func flag(_ op: MemoryOp) -> E { builder.current(operation(op)) }
        for op in MemoryOp.allCases { builder.assertBool(flag(op), "is.\(op) is a bit") }
        builder.assertEqual(MemoryOp.allCases.map(flag).reduce(E(.zero), +), isReal, "one operation per real row")
        let lane = lanes.map(builder.current)
        for (index, bit) in lane.enumerated() { builder.assertBool(bit, "lane \(index) is a bit") }
        let fault = builder.current(self.fault), address = builder.current(self.address)
        builder.assertBool(fault, "fault is a bit")
        builder.assertEqual(lane.reduce(E(.zero), +), isReal - fault, "one lane per real row that accesses memory")
        let wordAddress = builder.current(self.wordAddress)
        builder.assertZero((E(.one) - fault) * (address - wordAddress * Goldilocks(4) - lane[1] - lane[2] * Goldilocks(2) - lane[3] * Goldilocks(3)),
                           "address = 4·word + lane")
        let halfwords = flag(.loadHalf) + flag(.loadHalfUnsigned) + flag(.storeHalf)
        let words = flag(.loadWord) + flag(.storeWord) + flag(.storeConditional)
        builder.assertZero(halfwords * (lane[1] + lane[3]), "halfwords are aligned")
        builder.assertZero(words * (E(.one) - fault - lane[0]), "words are aligned")
        // A null-guard fault: the address below 2^16 (an integer: the CPU's sum is one), aligned.
        builder.send(range16Bus, [address], multiplicity: fault, "fault: address < 0x10000")
        builder.send(range16Bus, [address * Goldilocks(4).inverse()], multiplicity: fault * words, "fault: word aligned")
        builder.send(range16Bus, [address * Goldilocks(2).inverse()], multiplicity: fault * halfwords, "fault: halfword aligned")

        // The two words as bytes (big-endian), each pair proven by the byte-pair lookup.
        let old = builder.current(access.previousValue!), rt = builder.current(self.rt)
        let oldByte = oldBytes.map(builder.current), rtByte = rtBytes.map(builder.current)
        func word(_ bytes: [E]) -> E {
            bytes.enumerated().reduce(E(.zero)) { $0 + $1.element * Goldilocks(1 << (8 * (3 - $1.offset))) }
        }
        builder.assertEqual(old, word(oldByte), "old = its bytes")
        builder.assertEqual(rt, word(rtByte), "rt = its bytes")
        for (bytes, name) in [(oldByte, "old"), (rtByte, "rt")] {
            builder.send(bytePairBus, [bytes[0], bytes[1]], multiplicity: isReal, "\(name) bytes 0, 1")
            builder.send(bytePairBus, [bytes[2], bytes[3]], multiplicity: isReal, "\(name) bytes 2, 3")
        }
        let addressed = builder.current(addressedByte), sign = builder.current(self.sign), signRest = builder.current(self.signRest)
        builder.assertEqual(addressed, zip(lane, oldByte).reduce(E(.zero)) { $0 + $1.0 * $1.1 }, "the addressed byte")
        builder.assertBool(sign, "sign is a bit")
        builder.assertEqual(addressed, sign * Goldilocks(1 << 7) + signRest, "addressed byte = 2^7·sign + rest")
        // signRest = addressed − 2^7·sign is an integer, so signRest·2^9 < 2^16 proves it < 2^7.
        builder.send(range16Bus, [signRest * Goldilocks(1 << 9)], multiplicity: isReal, "sign rest < 2^7")

        // What each operation reads into the result and leaves in the word. For an operation
        // whose outcome depends on the lane, Σ_lane lane·(outcome for that lane) (degree 2).
        func perLane(_ bytes: (Int) -> [E]) -> E { (0..<4).reduce(E(.zero)) { $0 + lane[$1] * word(bytes($1)) } }
        let result = builder.current(self.result), value = builder.current(self.value)
        let half = addressed * Goldilocks(1 << 8) + lane[0] * oldByte[1] + lane[2] * oldByte[3]
        let outcomes: [(MemoryOp, result: E, value: E)] = [
            (.loadByte, addressed + sign * Goldilocks((1 << 32) - (1 << 8)), old),
            (.loadByteUnsigned, addressed, old),
            (.loadHalf, half + sign * Goldilocks((1 << 32) - (1 << 16)), old),
            (.loadHalfUnsigned, half, old),
            (.loadWord, old, old),
            // lwl: the bytes from the address to the word's end go to the top of rt.
            (.loadWordLeft, perLane { k in (0..<4).map { $0 < 4 - k ? oldByte[$0 + k] : rtByte[$0] } }, old),
            // lwr: the bytes from the word's start to the address go to the bottom of rt.
            (.loadWordRight, perLane { k in (0..<4).map { $0 >= 3 - k ? oldByte[$0 - (3 - k)] : rtByte[$0] } }, old),
            (.storeByte, E(.zero), perLane { k in (0..<4).map { $0 == k ? rtByte[3] : oldByte[$0] } }),
            (.storeHalf, E(.zero), perLane { k in (0..<4).map { $0 == k ? rtByte[2] : $0 == k + 1 ? rtByte[3] : oldByte[$0] } }),
            (.storeWord, E(.zero), rt),
            // swl: rt's top bytes go from the address to the word's end.
            (.storeWordLeft, E(.zero), perLane { k in (0..<4).map { $0 >= k ? rtByte[$0 - k] : oldByte[$0] } }),
            // swr: rt's bottom bytes go from the word's start to the address.
            (.storeWordRight, E(.zero), perLane { k in (0..<4).map { $0 <= k ? rtByte[$0 + 3 - k] : oldByte[$0] } }),
            (.storeConditional, E(.one), rt),
        ]
        for (op, expectedResult, expectedValue) in outcomes {
            builder.when(flag(op)) {
                $0.assertEqual(result, expectedResult, "\(op): result")
                $0.assertEqual(value, expectedValue, "\(op): word written")
            }
        }

        // User mode: the word address in [2^14, 2^29).
        let kernel = builder.current(self.kernel), user = isReal - kernel - fault
        builder.assertZero(fault * kernel, "faults only in user mode")
        let userHigh = builder.current(self.userHigh), userLow = builder.current(self.userLow)
        builder.assertBool(kernel, "kernel is a bit")
        builder.when(user) { $0.assertEqual(wordAddress, userHigh * Goldilocks(1 << 14) + userLow, "user: word = 2^14·q + r") }
        builder.send(range16Bus, [userLow], multiplicity: user, "user: r < 2^16")
        builder.send(range16Bus, [userLow * Goldilocks(4)], multiplicity: user, "user: r < 2^14")
        builder.send(range16Bus, [userHigh - Goldilocks.one], multiplicity: user, "user: q ≥ 1 (not the null guard)")
        builder.send(range16Bus, [userHigh * Goldilocks(2)], multiplicity: user, "user: q < 2^15 (below the kernel)")

        let clk = builder.current(self.clk)
        let previousStores = builder.current(self.previousStores)
        let isStore = MemoryOp.allCases.filter { !$0.isLoad }.map(flag).reduce(E(.zero), +)
        access.eval(&builder, address: wordAddress, timestamp: clk * Goldilocks(8) + Goldilocks(CPUTable.Slot.data.rawValue),
                    value: value, stores: (previousStores, previousStores + isStore), enabled: isReal - fault, "word")
        let op = MemoryOp.allCases.reduce(E(.zero)) { $0 + flag($1) * Goldilocks($1.rawValue) }
        builder.receive(memoryInstructionBus, [op, clk, address, rt, result, kernel, fault], multiplicity: isReal, "instruction")
    }

    /// What `op` at byte `address` does to the word holding it (`old`) with rt's value `rt`: the
    /// word after the access and the result (loads: the value for rt; `sc`: 1; stores: 0) —
    /// MIPS32's big-endian semantics, as the constraints state them.
    public static func apply(_ op: MemoryOp, address: UInt32, old: UInt32, rt: UInt32) -> (value: UInt32, result: UInt32) {
        let lane = address & 3
        let shift = 8 * (3 - lane)  // the addressed byte's position
        switch op {
        case .loadByte: return (old, UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: old >> shift))))
        case .loadByteUnsigned: return (old, (old >> shift) & 0xff)
        case .loadHalf: return (old, UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: old >> (shift - 8)))))
        case .loadHalfUnsigned: return (old, (old >> (shift - 8)) & 0xffff)
        case .loadWord: return (old, old)
        case .loadWordLeft:
            let keep: UInt32 = lane == 0 ? 0 : (1 << (8 * lane)) - 1
            return (old, old << (8 * lane) | rt & keep)
        case .loadWordRight:
            let keep: UInt32 = lane == 3 ? 0 : ~(UInt32.max >> shift)
            return (old, old >> shift | rt & keep)
        case .storeByte: return (old & ~(0xff << shift) | (rt & 0xff) << shift, 0)
        case .storeHalf: return (old & ~(0xffff << (shift - 8)) | (rt & 0xffff) << (shift - 8), 0)
        case .storeWord: return (rt, 0)
        case .storeWordLeft:
            let mask = UInt32.max >> (8 * lane)
            return (old & ~mask | rt >> (8 * lane), 0)
        case .storeWordRight:
            let mask = UInt32.max << shift
            return (old & ~mask | rt << shift, 0)
        case .storeConditional: return (rt, 1)
        }
    }

    /// One load or store as the witness builder saw it: the cycle's clk, the byte address, rt's
    /// value, and the containing word before the access with its timestamp.
    public struct Request: Sendable {
        public var op: MemoryOp
        public var clk: UInt32
        public var address: UInt32
        public var rt: UInt32
        public var old: UInt32
        public var previousTimestamp: UInt32
        /// The word's store count before the access.
        public var previousStores: UInt32 = 0
        public var kernelMode: Bool
        /// A user access in the null guard (an exception): no access is made.
        public var fault: Bool = false
    }

    /// The trace of `requests`, padded; counts the range and byte-pair lookups.
    public func trace(_ requests: [Request], ranges: inout RangeCounts, bytePairs: inout [UInt32]) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, requests.count).nextPowerOfTwo)
        for (row, request) in requests.enumerated() {
            if request.fault {
                fillFault(&trace, row: row, request, ranges: &ranges, bytePairs: &bytePairs)
                continue
            }
            let (value, result) = Self.apply(request.op, address: request.address, old: request.old, rt: request.rt)
            let lane = Int(request.address & 3)
            trace[row, operation(request.op)] = .one
            trace[row, isReal] = .one
            trace[row, clk] = Goldilocks(request.clk)
            trace[row, address] = Goldilocks(request.address)
            trace[row, wordAddress] = Goldilocks(request.address >> 2)
            trace[row, lanes[lane]] = .one
            access.fill(&trace, row: row, timestamp: 8 * request.clk + UInt32(CPUTable.Slot.data.rawValue),
                        previousTimestamp: request.previousTimestamp, previousValue: request.old, ranges: &ranges)
            trace[row, previousStores] = Goldilocks(request.previousStores)
            trace[row, self.value] = Goldilocks(value)
            trace[row, rt] = Goldilocks(request.rt)
            trace[row, self.result] = Goldilocks(result)
            let old = (0..<4).map { (request.old >> (8 * (3 - $0))) & 0xff }
            let rtBytes = (0..<4).map { (request.rt >> (8 * (3 - $0))) & 0xff }
            for j in 0..<4 {
                trace[row, oldBytes[j]] = Goldilocks(old[j])
                trace[row, self.rtBytes[j]] = Goldilocks(rtBytes[j])
            }
            for bytes in [old, rtBytes] {
                bytePairs[BitwiseTable.row(bytes[0], bytes[1])] += 1
                bytePairs[BitwiseTable.row(bytes[2], bytes[3])] += 1
            }
            let addressed = old[lane]
            trace[row, addressedByte] = Goldilocks(addressed)
            trace[row, sign] = Goldilocks(addressed >> 7)
            trace[row, signRest] = Goldilocks(addressed & 0x7f)
            ranges.add((addressed & 0x7f) << 9)
            let word = request.address >> 2
            trace[row, userHigh] = Goldilocks(word >> 14)
            trace[row, userLow] = Goldilocks(word & 0x3fff)
            if request.kernelMode {
                trace[row, kernel] = .one
            } else {
                // A user access outside user space is refused earlier (the witness builder throws).
                for value in [word & 0x3fff, (word & 0x3fff) << 2, (word >> 14) - 1, (word >> 14) << 1] { ranges.add(value) }
            }
        }
        return trace
    }

    /// A null-guard fault's row: the operation, the address and rt (with its bytes); no access,
    /// the word 0 (so every result is 0, and a store's word rt or 0), the guard lookups.
    func fillFault(_ trace: inout RowMajorMatrix<Goldilocks>, row: Int, _ request: Request, ranges: inout RangeCounts, bytePairs: inout [UInt32]) {
        trace[row, operation(request.op)] = .one
        trace[row, isReal] = .one
        trace[row, fault] = .one
        trace[row, clk] = Goldilocks(request.clk)
        trace[row, address] = Goldilocks(request.address)
        trace[row, rt] = Goldilocks(request.rt)
        let rtBytes = (0..<4).map { (request.rt >> (8 * (3 - $0))) & 0xff }
        for j in 0..<4 { trace[row, self.rtBytes[j]] = Goldilocks(rtBytes[j]) }
        bytePairs[BitwiseTable.row(rtBytes[0], rtBytes[1])] += 1
        bytePairs[BitwiseTable.row(rtBytes[2], rtBytes[3])] += 1
        bytePairs[BitwiseTable.row(0, 0)] += 2  // the word's bytes, 0
        ranges.add(0)  // the addressed byte's rest
        if request.op == .storeWord { trace[row, value] = Goldilocks(request.rt) }
        ranges.add(request.address)
        if request.op.alignment == 4 { ranges.add(request.address / 4) }
        if request.op.alignment == 2 { ranges.add(request.address / 2) }
    }
}
