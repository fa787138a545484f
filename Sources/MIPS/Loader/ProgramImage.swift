/// A program ready to run: its initial memory (the program, its stack, and the kernel with
/// its boot block) and registers. Each ``makeMachine(input:)`` starts a fresh, independent run
/// from it.
///
/// The initial memory image and the entry state are what the image ID will commit to
/// (DESIGN.md §1 step 1), so building one is deterministic: the same ELF, arguments and
/// environment always give the same pages.
public struct ProgramImage: Sendable {
    /// Initial contents of every page that is not all zero, by page number.
    public var pages: [UInt32: [UInt32]]
    /// The mappings `execute` checks accesses against (the kernel keeps its own copy).
    public var map: MemoryMap
    public var cpu: CPUState
    /// User accesses below this address raise SIGSEGV (0 for flat images).
    public var nullGuardEnd: UInt32
    /// Where the heap starts (the kernel's break).
    public var breakStart: UInt32
    /// Function symbols from the ELF and the kernel, for diagnostics.
    public var symbols: SymbolTable
    /// Changes made to the program at load time (Go runtime support).
    public var patches: [RuntimePatch]

    public init(pages: [UInt32: [UInt32]], map: MemoryMap, cpu: CPUState, nullGuardEnd: UInt32, breakStart: UInt32,
                symbols: SymbolTable = SymbolTable(), patches: [RuntimePatch] = []) {
        self.pages = pages
        self.map = map
        self.cpu = cpu
        self.nullGuardEnd = nullGuardEnd
        self.breakStart = breakStart
        self.symbols = symbols
        self.patches = patches
    }

    /// Bytes of initialised memory.
    public var imageSize: Int { pages.count * Memory.pageSize }

    /// A machine at the program's entry, reading `input` through fd 0.
    public func makeMachine(input: [UInt8] = []) -> Machine {
        let memory = Memory(map: map)
        for (number, words) in pages { memory.setPageContents(number, words) }
        return Machine(memory: memory, state: cpu, io: MachineIO(input: input), nullGuardEnd: nullGuardEnd)
    }

    /// A flat program for raw code (conformance tests): `code` at `address`, every user address
    /// readable, writable and executable (no null guard: the code may sit at address 0),
    /// pc = `address`, nextPC = `address + 4`, the given registers, and the kernel (brk starts
    /// and ends at 0x40000000; mmap finds no room).
    public static func flat(code: [UInt8], at address: UInt32 = 0, registers: [Register: UInt32] = [:]) -> ProgramImage {
        var builder = PageBuilder()
        builder.write(code, at: address)
        var cpu = CPUState(pc: address, nextPC: address &+ 4)
        for (register, value) in registers { cpu[register] = value }
        let boot = BootInfo(nullGuardEnd: 0, breakStart: 0x4000_0000, breakLimit: 0x4000_0000, mmapTop: 0x7000_0000,
                            mmapFloor: 0x4000_0000, regions: [(0, KernelLayout.base, 7, 0)])
        var map = MemoryMap.flat
        return withKernel(builder: &builder, map: &map, cpu: cpu, boot: boot, symbols: [], patches: [])
    }

    /// A process built by hand (tests, tools): `pages` and the user mappings `map`, registers
    /// `cpu`, a heap that starts at `breakStart` and may grow to `breakLimit`, anonymous
    /// mappings placed top-down below `mmapTop` (and above `breakLimit`), the null guard, and
    /// the kernel. At most 15 mappings, none of them in the null guard.
    public static func process(pages: [UInt32: [UInt32]], map: MemoryMap, cpu: CPUState, breakStart: UInt32,
                               breakLimit: UInt32, mmapTop: UInt32) throws(LoadError) -> ProgramImage {
        var builder = PageBuilder()
        builder.pages = pages
        var map = map
        guard map.regions.count < BootInfo.maximumRegions else { throw .tooManySegments(count: map.regions.count) }
        if let low = map.regions.first(where: { $0.start < KernelLayout.nullGuardEnd }) {
            throw .segmentInNullGuard(address: low.start)
        }
        let boot = BootInfo(nullGuardEnd: KernelLayout.nullGuardEnd, breakStart: breakStart, breakLimit: breakLimit,
                            mmapTop: mmapTop, mmapFloor: breakLimit, regions: BootInfo.regions(of: map))
        return withKernel(builder: &builder, map: &map, cpu: cpu, boot: boot, symbols: [], patches: [])
    }

    /// Adds the kernel and its boot block to a program's pages and map.
    static func withKernel(builder: inout PageBuilder, map: inout MemoryMap, cpu: CPUState, boot: BootInfo,
                           symbols: [SymbolTable.Symbol], patches: [RuntimePatch]) -> ProgramImage {
        let kernel = KernelImage.embedded
        for (number, words) in kernel.pages { builder.pages[number] = words }
        boot.write(into: &builder, at: kernel.bootAddress)
        kernel.addMappings(to: &map)
        let pages = builder.pages.filter { $0.value.contains { $0 != 0 } }
        return ProgramImage(pages: pages, map: map, cpu: cpu, nullGuardEnd: boot.nullGuardEnd, breakStart: boot.breakStart,
                            symbols: SymbolTable(functions: symbols + kernel.functions, count: symbols.count),
                            patches: patches)
    }
}

/// Accumulates bytes into page-sized word arrays.
struct PageBuilder {
    var pages: [UInt32: [UInt32]] = [:]

    mutating func write(_ bytes: some Collection<UInt8>, at address: UInt32) {
        var address = address
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let number = address >> 12
            var words = pages[number] ?? Array(repeating: 0, count: Memory.wordsPerPage)
            // Fill this page (up to its end) before looking the next one up.
            while index != bytes.endIndex, address >> 12 == number {
                let slot = Int((address >> 2) & 1023)
                let shift = UInt32(24 - 8 * (address & 3))
                words[slot] = (words[slot] & ~(0xff << shift)) | UInt32(bytes[index]) << shift
                index = bytes.index(after: index)
                address &+= 1
                if address == 0 { break }
            }
            pages[number] = words
            if address == 0 { break }
        }
    }

    mutating func writeWord(_ value: UInt32, at address: UInt32) {
        write([UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)], at: address)
    }

    func word(at address: UInt32) -> UInt32 {
        pages[address >> 12]?[Int((address >> 2) & 1023)] ?? 0
    }
}

/// Symbols by address, for naming where a fault happened.
public struct SymbolTable: Hashable, Sendable {
    public struct Symbol: Hashable, Sendable {
        public var name: String
        public var address: UInt32
        public var size: UInt32
    }

    /// Function symbols sorted by address.
    public private(set) var functions: [Symbol]
    /// Number of symbols in the ELF symbol table.
    public private(set) var count: Int

    public init(functions: [Symbol] = [], count: Int = 0) {
        self.functions = functions.sorted { $0.address < $1.address }
        self.count = count
    }

    /// `name+0xoffset` for the function containing `address`, if known.
    public func describe(_ address: UInt32) -> String? {
        var low = 0, high = functions.count
        while low < high {
            let mid = (low + high) / 2
            if functions[mid].address <= address { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let symbol = functions[low - 1]
        let offset = address - symbol.address
        guard symbol.size == 0 ? offset < 0x10000 : offset < symbol.size else { return nil }
        return offset == 0 ? symbol.name : "\(symbol.name)+0x\(String(offset, radix: 16))"
    }
}
