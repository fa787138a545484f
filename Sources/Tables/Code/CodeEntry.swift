import Field

/// What the code table provides for one word of code (or one null-guard pc), computed as its
/// constraints state it: the witness builder fills the CPU row and the code row from it.
public struct CodeEntry: Sendable {
    public let kind: InstructionKind
    public let word: UInt32
    /// The word address (pc / 4).
    public let address: UInt32
    /// The address is in kernel space / a user fetch in the null guard.
    public let kernel: Bool, fault: Bool
    public let flags: Set<CPUFlag>
    public let rsAddress: Int, rtAddress: Int, writeAddress: Int
    /// The write port writes (a destination other than $zero).
    public let writes: Bool
    /// The operand, offset or target of `CodeTable`'s immediate column.
    public let immediate: Goldilocks
    /// j/jal: the upper four bits of pc + 4 (`jumpHigh`).
    public let jumpHigh: UInt64

    /// The entry of `word` at word address `address`, or nil when no kind proves the word. A
    /// fault entry (`fault`) has word 0 and the fetch-fault kind.
    public init?(word: UInt32, address: UInt32, kernel: Bool, fault: Bool) {
        guard let kind = fault ? InstructionKind.fetchFault : InstructionKind.of(word) else { return nil }
        self.kind = kind
        self.word = word
        self.address = address
        self.kernel = kernel
        self.fault = fault
        flags = CPUFlag.of(kind, kernel: kernel)
        let kindFlags = kind.flags
        let (rs, rt, rd) = (Int(InstructionKind.field(.rs, of: word)), Int(InstructionKind.field(.rt, of: word)), Int(InstructionKind.field(.rd, of: word)))
        let primitive = flags.contains(.primitive), jump = kindFlags.contains(.jump)
        rsAddress = kindFlags.contains(.rsSpecial) ? kind.special : primitive ? 2 : kindFlags.contains(.moveRT) || jump ? 0 : rs
        rtAddress = kindFlags.contains(.rtSpecial) ? kind.special + 1 : primitive ? 4 : jump ? 0 : rt
        let destination: Int? = kindFlags.contains(.writeRd) ? rd : kindFlags.contains(.writeRt) ? rt : kindFlags.contains(.writeRa) ? 31
            : kindFlags.contains(.writeSpecial) ? kind.special : primitive ? 2 : nil
        writeAddress = destination ?? 0
        writes = destination.map { $0 != 0 } ?? false
        let lower = word & 0xffff, sa = InstructionKind.field(.sa, of: word)
        let signed = Goldilocks(lower) - (lower >> 15 == 1 ? Goldilocks(1 << 16) : .zero)
        let pcPlus4 = UInt64(address) * 4 + 4
        jumpHigh = pcPlus4 >> 28
        var immediate = Goldilocks.zero
        if kindFlags.contains(.immediate) { immediate = Goldilocks(UInt32(bitPattern: Int32(Int16(bitPattern: UInt16(lower))))) }
        if kindFlags.contains(.immediateZero) { immediate = Goldilocks(lower) }
        if kindFlags.contains(.shiftAmount) { immediate = Goldilocks(sa) }
        if kindFlags.contains(.bitField) { immediate = Goldilocks(sa + 32 * UInt32(rd)) }
        if kindFlags.contains(.loadUpper) { immediate = Goldilocks(lower << 16) }
        if kindFlags.contains(.memory) { immediate = signed }
        if !kindFlags.isDisjoint(with: [.branchEqual, .branchNotEqual, .control]) { immediate = Goldilocks(reducing: pcPlus4) + signed * Goldilocks(4) }
        if jump { immediate = Goldilocks(reducing: (jumpHigh << 28) + UInt64(word & 0x03ff_ffff) * 4) }
        self.immediate = immediate
    }

    /// The CPU's operation column (ALU, memory, multiply or control operation code).
    public var operation: UInt32 { kind.operationCode }
}

extension CodeTable {
    /// One row of the code table: its entry, how many CPU rows ran it and (for a word read from
    /// memory) the word's timestamp before the end-of-segment read.
    public struct Row: Sendable {
        public var entry: CodeEntry
        public var count: UInt32
        public var previousTimestamp: UInt32
    }

    /// The trace of `rows` (padded to a power of two with rows that provide nothing) for a
    /// segment of `cycles` cycles; counts the range, decode and kind lookups.
    public func trace(_ rows: [Row], cycles: Int, ranges: inout RangeCounts, decodeCounts: inout DecodeCounts,
                      kindCounts: inout [UInt32]) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, rows.count).nextPowerOfTwo)
        for (row, item) in rows.enumerated() {
            let entry = item.entry, kind = entry.kind
            trace[row, count] = Goldilocks(item.count)
            trace[row, isReal] = .one
            if entry.fault { trace[row, fault] = .one }
            if entry.kernel { trace[row, kernel] = .one }
            let (q, r) = (entry.address >> 14, entry.address & 0x3fff)
            trace[row, address] = Goldilocks(entry.address)
            trace[row, high] = Goldilocks(q)
            trace[row, low] = Goldilocks(r)
            ranges.add(r)
            ranges.add(r << 2)
            if !entry.fault {
                ranges.add(q - (entry.kernel ? 1 << 15 : 1))
                ranges.add(2 * (q - (entry.kernel ? 1 << 15 : 0)))
                read.fill(&trace, row: row, timestamp: 8 * UInt32(cycles), previousTimestamp: item.previousTimestamp, previousValue: entry.word,
                          ranges: &ranges)
            }
            decoded.fill(&trace, row: row, word: entry.word, counts: &decodeCounts)
            for (field, mask) in zip(InstructionKind.Field.allCases, masks) where kind.fixed[field] != nil { trace[row, mask] = .one }
            for flag in kind.flags { trace[row, kindFlag(flag)] = .one }
            trace[row, operation] = Goldilocks(kind.operationCode)
            trace[row, special] = Goldilocks(kind.special)
            kindCounts[KindTable.row(of: kind)] += 1
            if kind.flags.contains(.jump) {
                let pcPlus4 = UInt64(entry.address) * 4 + 4
                let (mid, low) = (UInt32((pcPlus4 >> 16) & 0xfff), UInt32(pcPlus4 & 0xffff))
                trace[row, jumpHigh] = Goldilocks(reducing: entry.jumpHigh)
                trace[row, jumpMid] = Goldilocks(mid)
                trace[row, jumpLow] = Goldilocks(low)
                for value in [low, mid, mid << 4, UInt32(entry.jumpHigh), UInt32(entry.jumpHigh) << 12] { ranges.add(value) }
            }
            if entry.flags.contains(.primitive) { trace[row, primitive] = .one }
            trace[row, rsAddress] = Goldilocks(entry.rsAddress)
            trace[row, rtAddress] = Goldilocks(entry.rtAddress)
            trace[row, writeAddress] = Goldilocks(entry.writeAddress)
            if entry.writes { trace[row, writes] = .one }
            trace[row, immediate] = entry.immediate
        }
        for row in rows.count..<trace.height {
            decoded.fill(&trace, row: row, word: 0, counts: &decodeCounts)
            kindCounts[0] += 1
        }
        return trace
    }
}
