/// The segment file format, version 3 (all integers big-endian):
///
/// ```
/// magic "ZKMSEG\0\0" · version u16 · file length u64 · index u32 · startCycle u64 ·
/// cycleCount u64 · nullGuardEnd u32 · start CPU state · memory map · pages · inputPosition u64 ·
/// input words (count u32, then u32 each) · end record · SHA-256 of all the bytes before it (32)
/// ```
/// CPU state = 32 registers, hi, lo, pc, nextPC, exception pc, exception next pc, UserLocal
/// (u32 each), mode u8 (0 user, 1 kernel). Memory map = count, then (firstPage, endPage,
/// permissions u8, name). Pages = count, then (page number, 1024 words) ascending. End =
/// cycle u64, CPU state, inputPosition u64, status (0 running, 1 exited + code, 2 faulted +
/// pc, word, cycle, message), public output bytes, memory map, page digests (count, then (page
/// number u32, ``SegmentEnd/digest(ofPage:)`` u64) ascending, for exactly the segment's pages).
/// The kernel's state needs no field of its own: it lives in the pages.
///
/// Decoding checks, in order: magic, version, the length (a short file is `truncated`, a long
/// one has `trailingBytes`), the SHA-256 (any other changed byte is a `checksumMismatch`), then
/// every field. Version 3 added the length, the end memory map, the per-page digests (version 2
/// had one digest over all pages) and the checksum; version 2 added the system state.
extension Segment {
    public static let magic: [UInt8] = Array("ZKMSEG".utf8) + [0, 0]
    public static let formatVersion: UInt16 = 3
    /// Offset of the file length, after the magic and the version.
    static let lengthOffset = 10
    /// Magic, version, length.
    static let headerSize = 18

    public func serialized() -> [UInt8] {
        var writer = BinaryWriter()
        for byte in Segment.magic { writer.u8(byte) }
        writer.u16(Segment.formatVersion)
        writer.u64(0)  // the length, filled in by `sealed`
        writer.u32(UInt32(index))
        writer.u64(startCycle)
        writer.u64(cycleCount)
        writer.u32(nullGuardEnd)
        writer.cpu(start)
        writer.memoryMap(memoryMap)
        writer.u32(UInt32(pages.count))
        for number in pages.keys.sorted() {
            writer.u32(number)
            for word in pages[number]! { writer.u32(word) }
        }
        writer.u64(UInt64(inputPosition))
        writer.u32(UInt32(input.count))
        for word in input { writer.u32(word) }
        writer.u64(end.cycle)
        writer.cpu(end.state)
        writer.u64(UInt64(end.inputPosition))
        switch end.status {
        case .running: writer.u8(0)
        case let .exited(code):
            writer.u8(1)
            writer.u32(UInt32(bitPattern: code))
        case let .faulted(fault):
            writer.u8(2)
            writer.u32(fault.pc)
            writer.u32(fault.word)
            writer.u64(fault.cycle)
            writer.string(fault.reason)
        }
        writer.data(end.publicOutput)
        writer.memoryMap(end.memoryMap)
        writer.u32(UInt32(end.pageDigests.count))
        for number in end.pageDigests.keys.sorted() {
            writer.u32(number)
            writer.u64(end.pageDigests[number]!)
        }
        return Segment.sealed(writer.bytes)
    }

    /// `content` (header and fields) with its length filled in and its SHA-256 appended.
    static func sealed(_ content: [UInt8]) -> [UInt8] {
        var bytes = content
        let length = UInt64(content.count + SHA256.digestSize)
        for index in 0..<8 { bytes[lengthOffset + index] = UInt8(truncatingIfNeeded: length >> UInt64(56 - 8 * index)) }
        return bytes + SHA256.hash(bytes)
    }

    /// Decodes a segment file; malformed, truncated or corrupted bytes are a
    /// ``SegmentDecodingError``.
    public init(serialized bytes: [UInt8]) throws(SegmentDecodingError) {
        var header = BinaryReader(bytes)
        for byte in Segment.magic where try header.u8() != byte { throw .badMagic }
        let version = try header.u16()
        guard version == Segment.formatVersion else { throw .unsupportedVersion(version) }
        let length = try header.u64()
        guard length >= UInt64(Segment.headerSize + SHA256.digestSize) else {
            throw .invalid(field: "file length \(length)", offset: Segment.lengthOffset)
        }
        let size = UInt64(bytes.count)
        guard length <= size else { throw .truncated(offset: bytes.count, needed: Int(clamping: length - size)) }
        guard length == size else { throw .trailingBytes(count: Int(size - length)) }
        let contentSize = bytes.count - SHA256.digestSize
        let recorded = Array(bytes[contentSize...]), computed = SHA256.hash(bytes[..<contentSize])
        guard recorded == computed else { throw .checksumMismatch(recorded: recorded, computed: computed) }
        var reader = BinaryReader(Array(bytes[..<contentSize]))
        _ = try reader.take(Segment.headerSize)
        let index = Int(try reader.u32())
        let startCycle = try reader.u64()
        let cycleCount = try reader.u64()
        let nullGuardEnd = try reader.u32()
        let start = try reader.cpu()
        let map = try reader.memoryMap()
        var pages: [UInt32: [UInt32]] = [:]
        let pageCount = try reader.count(minimumSize: 4 + Memory.pageSize, field: "page count")
        for _ in 0..<pageCount {
            let at = reader.offset
            let number = try reader.u32()
            guard number < Memory.pageCount, pages[number] == nil else { throw .invalid(field: "page number", offset: at) }
            var words = [UInt32](repeating: 0, count: Memory.wordsPerPage)
            for slot in 0..<Memory.wordsPerPage { words[slot] = try reader.u32() }
            pages[number] = words
        }
        let inputPosition = try reader.position(field: "input position")
        var input: [UInt32] = []
        for _ in 0..<(try reader.count(minimumSize: 4, field: "input word count")) { input.append(try reader.u32()) }
        let endCycle = try reader.u64()
        let endState = try reader.cpu()
        let endInputPosition = try reader.position(field: "end input position")
        let statusOffset = reader.offset
        let status: SegmentEnd.Status
        switch try reader.u8() {
        case 0: status = .running
        case 1: status = .exited(code: Int32(bitPattern: try reader.u32()))
        case 2:
            let pc = try reader.u32(), word = try reader.u32(), cycle = try reader.u64()
            let message = try reader.string()
            status = .faulted(Fault(kind: .recorded(message), pc: pc, word: word, cycle: cycle))
        default: throw .invalid(field: "end status", offset: statusOffset)
        }
        let output = try reader.data()
        let endMap = try reader.memoryMap()
        let digestsOffset = reader.offset
        var digests: [UInt32: UInt64] = [:]
        for _ in 0..<(try reader.count(minimumSize: 12, field: "page digest count")) {
            let number = try reader.u32()
            digests[number] = try reader.u64()
        }
        guard digests.count == pages.count, digests.keys.allSatisfy({ pages[$0] != nil }) else {
            throw .invalid(field: "page digests (not one for each page)", offset: digestsOffset)
        }
        try reader.finish()
        guard endCycle >= startCycle, endCycle - startCycle == cycleCount else {
            throw .invalid(field: "cycle count", offset: 0)
        }
        self.init(index: index, startCycle: startCycle, cycleCount: cycleCount, start: start, nullGuardEnd: nullGuardEnd,
                  memoryMap: map, pages: pages, inputPosition: inputPosition, input: input,
                  end: SegmentEnd(cycle: endCycle, state: endState, inputPosition: endInputPosition, status: status,
                                  publicOutput: output, memoryMap: endMap, pageDigests: digests))
    }
}

extension BinaryWriter {
    mutating func memoryMap(_ map: MemoryMap) {
        u32(UInt32(map.regions.count))
        for region in map.regions {
            u32(region.firstPage)
            u32(region.endPage)
            u8(region.permissions.rawValue)
            string(region.name)
        }
    }

    mutating func cpu(_ state: CPUState) {
        for value in state.registers { u32(value) }
        u32(state.hi); u32(state.lo); u32(state.pc); u32(state.nextPC)
        u32(state.exceptionPC); u32(state.exceptionNextPC); u32(state.userLocal)
        u8(state.mode.rawValue)
    }
}

extension BinaryReader {
    /// Regions in the order ``MemoryMap`` keeps them; overlapping or out-of-range ones are refused.
    mutating func memoryMap() throws(SegmentDecodingError) -> MemoryMap {
        var map = MemoryMap()
        for _ in 0..<(try count(minimumSize: 13, field: "region count")) {
            let at = offset
            let first = try u32(), end = try u32()
            let permissions = Permissions(rawValue: try u8())
            let name = try string(limit: 64)
            guard first < end, end <= Memory.pageCount, permissions.rawValue < 16, map.isFree(firstPage: first, endPage: end) else {
                throw .invalid(field: "memory region", offset: at)
            }
            map.map(firstPage: first, endPage: end, permissions: permissions, name: name)
        }
        return map
    }

    mutating func cpu() throws(SegmentDecodingError) -> CPUState {
        var registers = [UInt32](repeating: 0, count: 32)
        for index in 0..<32 { registers[index] = try u32() }
        let at = offset
        var state = CPUState(registers: registers, hi: try u32(), lo: try u32(), pc: try u32(), nextPC: try u32())
        state.exceptionPC = try u32()
        state.exceptionNextPC = try u32()
        state.userLocal = try u32()
        let modeOffset = offset
        guard let mode = PrivilegeMode(rawValue: try u8()) else { throw .invalid(field: "privilege mode", offset: modeOffset) }
        state.mode = mode
        guard registers[0] == 0 else { throw .invalid(field: "register $zero", offset: at - 128) }
        return state
    }

    /// An input-stream index (below 2^40, so it fits an `Int` anywhere).
    mutating func position(field: String) throws(SegmentDecodingError) -> Int {
        let at = offset
        let value = try u64()
        guard value < 1 << 40 else { throw .invalid(field: field, offset: at) }
        return Int(value)
    }
}
