/// The segment file format, version 1 (all integers big-endian):
///
/// ```
/// magic "ZKMSEG\0\0" · version u16 · index u32 · startCycle u64 · cycleCount u64
/// start CPU state · kernel state · memory map · pages · input bytes · end record
/// ```
/// CPU state = 32 registers, hi, lo, pc, nextPC (u32 each). Kernel state = breakStart,
/// programBreak, breakLimit, mmapTop, threadPointer (u32), sleptNanoseconds (u64),
/// inputPosition (u64), randomCounter (u64), nextPipe (u32), pipes (count, then number and
/// bytes, ascending), descriptors (count, then fd u32 and kind u8: 0 pipe reader + pipe,
/// 1 pipe writer + pipe, 2 epoll + count of (fd, events u32, data u64)), ascending. Memory map = count, then (firstPage, endPage,
/// permissions u8, name). Pages = count, then (page number, 1024 words) ascending. End =
/// cycle u64, CPU state, kernel state, status (0 running, 1 exited + code, 2 faulted + pc, word,
/// cycle, message), public output bytes, pages digest u64.
extension Segment {
    public static let magic: [UInt8] = Array("ZKMSEG".utf8) + [0, 0]
    public static let formatVersion: UInt16 = 1

    public func serialized() -> [UInt8] {
        var writer = BinaryWriter()
        for byte in Segment.magic { writer.u8(byte) }
        writer.u16(Segment.formatVersion)
        writer.u32(UInt32(index))
        writer.u64(startCycle)
        writer.u64(cycleCount)
        writer.cpu(start)
        writer.kernel(kernel)
        writer.u32(UInt32(memoryMap.regions.count))
        for region in memoryMap.regions {
            writer.u32(region.firstPage)
            writer.u32(region.endPage)
            writer.u8(region.permissions.rawValue)
            writer.string(region.name)
        }
        writer.u32(UInt32(pages.count))
        for number in pages.keys.sorted() {
            writer.u32(number)
            for word in pages[number]! { writer.u32(word) }
        }
        writer.data(input)
        writer.u64(end.cycle)
        writer.cpu(end.state)
        writer.kernel(end.kernel)
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
        writer.u64(end.pagesDigest)
        return writer.bytes
    }

    /// Decodes a segment file; malformed or truncated bytes are a ``DecodingError``.
    public init(serialized bytes: [UInt8]) throws(DecodingError) {
        var reader = BinaryReader(bytes)
        for byte in Segment.magic where try reader.u8() != byte { throw .badMagic }
        let version = try reader.u16()
        guard version == Segment.formatVersion else { throw .unsupportedVersion(version) }
        let index = Int(try reader.u32())
        let startCycle = try reader.u64()
        let cycleCount = try reader.u64()
        let start = try reader.cpu()
        let kernel = try reader.kernel()
        var map = MemoryMap()
        let regionCount = try reader.count(minimumSize: 13, field: "region count")
        for _ in 0..<regionCount {
            let at = reader.offset
            let first = try reader.u32(), end = try reader.u32()
            let permissions = Permissions(rawValue: try reader.u8())
            let name = try reader.string(limit: 64)
            guard first < end, end <= Memory.pageCount, permissions.rawValue < 8, map.isFree(firstPage: first, endPage: end) else {
                throw .invalid(field: "memory region", offset: at)
            }
            map.map(firstPage: first, endPage: end, permissions: permissions, name: name)
        }
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
        let input = try reader.data()
        let endCycle = try reader.u64()
        let endState = try reader.cpu()
        let endKernel = try reader.kernel()
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
        let digest = try reader.u64()
        try reader.finish()
        guard endCycle >= startCycle, endCycle - startCycle == cycleCount else {
            throw .invalid(field: "cycle count", offset: 0)
        }
        self.init(index: index, startCycle: startCycle, cycleCount: cycleCount, start: start, kernel: kernel,
                  memoryMap: map, pages: pages, input: input,
                  end: SegmentEnd(cycle: endCycle, state: endState, kernel: endKernel, status: status,
                                  publicOutput: output, pagesDigest: digest))
    }
}

extension BinaryWriter {
    mutating func cpu(_ state: CPUState) {
        for value in state.registers { u32(value) }
        u32(state.hi); u32(state.lo); u32(state.pc); u32(state.nextPC)
    }

    mutating func kernel(_ state: KernelState) {
        u32(state.breakStart); u32(state.programBreak); u32(state.breakLimit); u32(state.mmapTop)
        u32(state.threadPointer)
        u64(state.sleptNanoseconds)
        u64(UInt64(state.inputPosition))
        u64(state.randomCounter)
        u32(state.nextPipe)
        u32(UInt32(state.pipes.count))
        for (pipe, bytes) in state.pipes.sorted(by: { $0.key < $1.key }) {
            u32(pipe)
            data(bytes)
        }
        u32(UInt32(state.descriptors.count))
        for (fd, descriptor) in state.descriptors.sorted(by: { $0.key < $1.key }) {
            u32(fd)
            switch descriptor {
            case let .pipeReader(pipe): u8(0); u32(pipe)
            case let .pipeWriter(pipe): u8(1); u32(pipe)
            case let .epoll(interests):
                u8(2)
                u32(UInt32(interests.count))
                for (watched, interest) in interests.sorted(by: { $0.key < $1.key }) {
                    u32(watched); u32(interest.events); u64(interest.data)
                }
            }
        }
    }
}

extension BinaryReader {
    mutating func cpu() throws(DecodingError) -> CPUState {
        var registers = [UInt32](repeating: 0, count: 32)
        for index in 0..<32 { registers[index] = try u32() }
        let at = offset
        let state = CPUState(registers: registers, hi: try u32(), lo: try u32(), pc: try u32(), nextPC: try u32())
        guard registers[0] == 0 else { throw .invalid(field: "register $zero", offset: at - 128) }
        return state
    }

    mutating func kernel() throws(DecodingError) -> KernelState {
        var state = KernelState(breakStart: try u32(), breakLimit: 0, mmapTop: 0)
        state.programBreak = try u32()
        state.breakLimit = try u32()
        state.mmapTop = try u32()
        state.threadPointer = try u32()
        state.sleptNanoseconds = try u64()
        let at = offset
        let position = try u64()
        guard position < 1 << 40 else { throw .invalid(field: "input position", offset: at) }
        state.inputPosition = Int(position)
        state.randomCounter = try u64()
        state.nextPipe = try u32()
        for _ in 0..<(try count(minimumSize: 8, field: "pipe count")) {
            let at = offset
            let pipe = try u32()
            guard state.pipes[pipe] == nil else { throw .invalid(field: "pipe number", offset: at) }
            state.pipes[pipe] = try data(limit: 1 << 16)
        }
        for _ in 0..<(try count(minimumSize: 5, field: "descriptor count")) {
            let at = offset
            let fd = try u32()
            guard fd > 3, state.descriptors[fd] == nil else { throw .invalid(field: "descriptor", offset: at) }
            switch try u8() {
            case 0: state.descriptors[fd] = .pipeReader(pipe: try u32())
            case 1: state.descriptors[fd] = .pipeWriter(pipe: try u32())
            case 2:
                var interests: [UInt32: EpollInterest] = [:]
                for _ in 0..<(try count(minimumSize: 16, field: "epoll interest count")) {
                    let watched = try u32()
                    interests[watched] = EpollInterest(events: try u32(), data: try u64())
                }
                state.descriptors[fd] = .epoll(interests: interests)
            default: throw .invalid(field: "descriptor kind", offset: at + 4)
            }
        }
        return state
    }
}
