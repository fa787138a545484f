// A parsed, validated static ELF32 big-endian MIPS executable.
//
// Layouts and constants are from the System V gABI (ELF32: Elf32_Ehdr 52 bytes, Elf32_Phdr 32,
// Elf32_Shdr 40, Elf32_Sym 16) and the MIPS psABI (EM_MIPS = 8, EF_MIPS_ARCH = 0xf0000000).

/// A static ELF32 big-endian MIPS executable, parsed from bytes and validated.
///
/// `init(bytes:)` never traps on malformed input: every read is bounds-checked with 64-bit
/// arithmetic, and nothing is allocated in proportion to a count from the file before the table
/// that count describes has been checked to fit in the file. It accepts a file only if:
///
/// - the identification says ELF, `ELFCLASS32`, `ELFDATA2MSB`, `EV_CURRENT`; `e_version` is 1;
/// - `e_type` is `ET_EXEC` (`ET_DYN`, position-independent executables, is refused);
/// - `e_machine` is `EM_MIPS` (8) and the `EF_MIPS_ARCH` nibble of `e_flags` is MIPS I (0x0),
///   MIPS II (0x1), MIPS32 (0x5) or MIPS32r2 (0x7); other `e_flags` bits (e.g. `EF_MIPS_NAN2008`)
///   are not checked;
/// - no program header is `PT_INTERP` or `PT_DYNAMIC`;
/// - `e_phentsize` is 32, and every `PT_LOAD` has `p_filesz <= p_memsz`, its file bytes inside the
///   file, `p_vaddr + p_memsz <= 2³²`, and `p_align` 0 or a power of two; `PT_LOAD`s with
///   non-zero `p_memsz` do not overlap, and their memory sizes total at most
///   `maximumImageSize`;
/// - `e_entry` is 4-byte aligned and inside a `PT_LOAD` with `PF_X`;
/// - if there is a section header table (`e_shoff != 0`): `e_shentsize` is 40 and the table fits in
///   the file; if it has a `SHT_SYMTAB`, that is the only one, and it and its `sh_link`ed
///   `SHT_STRTAB` are well-formed (see `symbols`).
///
/// Extended numbering is honoured: `e_phnum == PN_XNUM` (0xffff) takes the count from section
/// header 0's `sh_info`, and `e_shnum == 0` with `e_shoff != 0` from its `sh_size`.
/// `e_ehsize` and `e_shstrndx` are not used, so they are not checked.
public struct ELFFile: Sendable {
    /// The largest total `p_memsz` over all `PT_LOAD` segments that is accepted: 1 GiB, a quarter
    /// of the 32-bit address space, well above any guest program and small enough that loading
    /// an image can't exhaust the host's memory.
    public static let maximumImageSize: UInt64 = 1 << 30

    /// `e_entry`: the address of the first instruction.
    public let entry: UInt32
    /// `e_flags`: processor-specific flags (the `EF_MIPS_*` bits).
    public let flags: UInt32
    /// `e_phoff`: the file offset of the program header table (for `AT_PHDR`).
    public let programHeaderOffset: UInt32
    /// The number of program headers of every type (`e_phnum`, or section header 0's `sh_info`
    /// under extended numbering), for `AT_PHNUM`. The table is 32 bytes per entry and lies
    /// inside the file.
    public let programHeaderCount: Int
    /// The `PT_LOAD` segments with non-zero `p_memsz`, in program header order. Never empty; the
    /// segments don't overlap.
    public let segments: [ELFSegment]
    /// The symbols of `.symtab`, in table order, without the null symbol at index 0. Empty if the
    /// file has no section headers or no `SHT_SYMTAB` (a stripped binary).
    public let symbols: [ELFSymbol]
    /// Name → index into `symbols`: the first defined symbol with that name, else the first.
    private let symbolIndex: [String: Int]

    /// Parses and validates `bytes` as a static ELF32 big-endian MIPS executable.
    ///
    /// - Throws: `ELFError` naming the first problem found, with its file offset, program header
    ///   index or section index. See the type's documentation for what is checked.
    public init(bytes: [UInt8]) throws(ELFError) {
        let reader = ELFReader(bytes: bytes)
        let header = try Header(reader)
        let sections = try SectionTable(header: header, reader: reader)
        let (segments, programHeaderCount) = try Self.loadSegments(header: header, sections: sections, reader: reader)
        let entry = header.entry
        guard entry & 3 == 0,
            segments.contains(where: { $0.flags.contains(.execute) && $0.contains(entry) })
        else {
            throw .entryNotExecutable(entry: entry)
        }
        var symbols: [ELFSymbol] = []
        if let sections {
            symbols = try sections.symbols(reader)
        }

        var index: [String: Int] = [:]
        index.reserveCapacity(symbols.count)
        for (i, symbol) in symbols.enumerated() where !symbol.name.isEmpty {
            if let existing = index[symbol.name], symbols[existing].isDefined || !symbol.isDefined {
                continue
            }
            index[symbol.name] = i
        }

        self.entry = entry
        self.flags = header.flags
        self.programHeaderOffset = header.programHeaderOffset
        self.programHeaderCount = programHeaderCount
        self.segments = segments
        self.symbols = symbols
        self.symbolIndex = index
    }

    /// The symbol called `name`: the first defined one if there are several, else the first
    /// undefined one; `nil` if there is none (or `name` is empty).
    public func symbol(named name: String) -> ELFSymbol? {
        symbolIndex[name].map { symbols[$0] }
    }

    /// The segment containing `address`, if any.
    public func segment(containing address: UInt32) -> ELFSegment? {
        segments.first { $0.contains(address) }
    }
}

// MARK: - File header

extension ELFFile {
    /// Constants from the gABI and the MIPS psABI.
    enum Constant {
        static let headerSize: UInt64 = 52
        static let programHeaderSize: UInt16 = 32
        static let sectionHeaderSize: UInt16 = 40
        static let symbolSize: UInt32 = 16

        static let classELF32: UInt8 = 1
        static let dataBigEndian: UInt8 = 2
        static let versionCurrent: UInt32 = 1
        static let typeExecutable: UInt16 = 2
        static let machineMIPS: UInt16 = 8
        static let archMask: UInt32 = 0xF000_0000
        /// `EF_MIPS_ARCH_1`, `_2`, `_32`, `_32R2`.
        static let acceptedArchitectures: Set<UInt32> = [0x0000_0000, 0x1000_0000, 0x5000_0000, 0x7000_0000]

        static let programLoad: UInt32 = 1
        static let programDynamic: UInt32 = 2
        static let programInterpreter: UInt32 = 3
        static let extendedProgramHeaderCount: UInt16 = 0xFFFF  // PN_XNUM

        static let sectionSymbolTable: UInt32 = 2
        static let sectionStringTable: UInt32 = 3
    }

    /// The fields of `Elf32_Ehdr`, after the identification, type, machine and architecture checks.
    struct Header {
        let entry: UInt32
        let programHeaderOffset: UInt32
        let sectionHeaderOffset: UInt32
        let flags: UInt32
        let programHeaderEntrySize: UInt16
        let programHeaderCount: UInt16
        let sectionHeaderEntrySize: UInt16
        let sectionHeaderCount: UInt16

        init(_ reader: ELFReader) throws(ELFError) {
            let bytes = reader.bytes
            guard bytes.count >= 4, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
                throw .notELF
            }
            _ = try reader.range("ELF header", offset: 0, size: Constant.headerSize)
            let elfClass = reader.u8(4)
            guard elfClass == Constant.classELF32 else { throw .not32Bit(class: elfClass) }
            guard reader.u8(5) == Constant.dataBigEndian else { throw .notBigEndian }
            guard reader.u8(6) == UInt8(Constant.versionCurrent), reader.u32(20) == Constant.versionCurrent else {
                throw .badVersion
            }
            let type = reader.u16(16)
            guard type == Constant.typeExecutable else { throw .notExecutable(type: type) }
            let machine = reader.u16(18)
            guard machine == Constant.machineMIPS else { throw .wrongMachine(machine) }
            let flags = reader.u32(36)
            guard Constant.acceptedArchitectures.contains(flags & Constant.archMask) else {
                throw .unsupportedArchitecture(flags: flags)
            }
            self.entry = reader.u32(24)
            self.programHeaderOffset = reader.u32(28)
            self.sectionHeaderOffset = reader.u32(32)
            self.flags = flags
            self.programHeaderEntrySize = reader.u16(42)
            self.programHeaderCount = reader.u16(44)
            self.sectionHeaderEntrySize = reader.u16(46)
            self.sectionHeaderCount = reader.u16(48)
        }
    }
}

// MARK: - Program headers

extension ELFFile {
    /// Reads the program header table and returns the validated, non-empty `PT_LOAD` segments
    /// and the number of program headers.
    static func loadSegments(
        header: Header, sections: SectionTable?, reader: ELFReader
    ) throws(ELFError) -> (segments: [ELFSegment], programHeaderCount: Int) {
        var count = UInt64(header.programHeaderCount)
        if header.programHeaderCount == Constant.extendedProgramHeaderCount {
            guard let sections else {
                throw .badSectionHeader(
                    section: 0, reason: "e_phnum is PN_XNUM (0xffff) but there is no section header 0 with the count")
            }
            count = UInt64(sections.header(0, reader).info)
        }
        guard count > 0 else { throw .noLoadableSegments }
        guard header.programHeaderEntrySize == Constant.programHeaderSize else {
            throw .badProgramHeaderSize(entrySize: header.programHeaderEntrySize)
        }
        // count < 2³², so count × 32 < 2³⁷: no overflow in UInt64. After this check the table
        // is inside the file, so the loop below runs at most bytes.count / 32 times.
        let table = try reader.range(
            "program header table", offset: UInt64(header.programHeaderOffset),
            size: count * UInt64(Constant.programHeaderSize))

        let fileSize = UInt64(reader.count)
        var segments: [ELFSegment] = []
        var totalMemory: UInt64 = 0  // ≤ count × (2³² − 1) < 2⁶⁴: can't overflow.
        for index in 0..<Int(count) {
            let base = table + index * Int(Constant.programHeaderSize)
            let type = reader.u32(base)
            switch type {
            case Constant.programInterpreter, Constant.programDynamic:
                throw .dynamicallyLinked(segment: index)
            case Constant.programLoad:
                break
            default:
                continue
            }
            let offset = reader.u32(base + 4)
            let address = reader.u32(base + 8)
            let fileBytesSize = reader.u32(base + 16)
            let memorySize = reader.u32(base + 20)
            let flags = reader.u32(base + 24)
            let alignment = reader.u32(base + 28)

            guard fileBytesSize <= memorySize else {
                throw .fileSizeExceedsMemorySize(segment: index, fileSize: fileBytesSize, memorySize: memorySize)
            }
            // A segment with no file bytes (pure .bss) may carry any p_offset.
            guard fileBytesSize == 0 || UInt64(offset) + UInt64(fileBytesSize) <= fileSize else {
                throw .segmentOutsideFile(segment: index, offset: offset, fileSize: fileBytesSize, available: reader.count)
            }
            guard UInt64(address) + UInt64(memorySize) <= 1 << 32 else {
                throw .segmentWrapsAddressSpace(segment: index, virtualAddress: address, memorySize: memorySize)
            }
            guard alignment & (alignment &- 1) == 0 else {  // 0 &- 1 wraps to all ones: 0 passes.
                throw .badAlignment(segment: index, alignment: alignment)
            }
            totalMemory += UInt64(memorySize)
            guard memorySize > 0 else { continue }
            // Checked above: offset + filesz ≤ bytes.count (or filesz is 0).
            let start = fileBytesSize == 0 ? 0 : Int(offset)
            let contents = Array(reader.bytes[start..<(start + Int(fileBytesSize))])
            segments.append(
                ELFSegment(
                    programHeaderIndex: index, virtualAddress: address, memorySize: memorySize,
                    fileOffset: offset, fileBytes: contents,
                    flags: ELFSegment.Permissions(rawValue: flags & 0b111), alignment: alignment))
        }
        guard !segments.isEmpty else { throw .noLoadableSegments }
        guard totalMemory <= maximumImageSize else {
            throw .imageTooLarge(bytes: totalMemory, limit: maximumImageSize)
        }
        try checkOverlaps(segments)
        return (segments, Int(count))
    }

    /// Throws `.overlappingSegments` for the first pair (in address order) that shares memory.
    /// Sorting by start address makes adjacent comparisons enough: if any two segments overlap,
    /// some address-adjacent pair does.
    static func checkOverlaps(_ segments: [ELFSegment]) throws(ELFError) {
        let order = segments.indices.sorted {
            (segments[$0].virtualAddress, segments[$0].programHeaderIndex)
                < (segments[$1].virtualAddress, segments[$1].programHeaderIndex)
        }
        for (lower, upper) in zip(order, order.dropFirst())
        where segments[lower].endAddress > UInt64(segments[upper].virtualAddress) {
            let a = segments[lower], b = segments[upper]
            let (later, earlier) = a.programHeaderIndex > b.programHeaderIndex ? (a, b) : (b, a)
            throw .overlappingSegments(extent(later), extent(earlier))
        }
    }

    private static func extent(_ segment: ELFSegment) -> ELFError.SegmentExtent {
        .init(index: segment.programHeaderIndex, virtualAddress: segment.virtualAddress, memorySize: segment.memorySize)
    }
}
