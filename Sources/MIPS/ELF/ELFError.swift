// Errors raised while parsing an ELF32 big-endian MIPS executable (see `ELFFile`).
//
// Every case says what is wrong and where: a byte offset into the file, a program header index
// ("segment N", counted from 0 in program-header-table order, as `readelf -l` numbers them), or a
// section header index.

/// Why `ELFFile(bytes:)` refused a file.
public enum ELFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where a loadable segment sits, for messages about segments that collide.
    public struct SegmentExtent: Equatable, Sendable, CustomStringConvertible {
        /// Index of the segment's program header (0-based).
        public var index: Int
        public var virtualAddress: UInt32
        public var memorySize: UInt32

        public init(index: Int, virtualAddress: UInt32, memorySize: UInt32) {
            self.index = index
            self.virtualAddress = virtualAddress
            self.memorySize = memorySize
        }

        public var description: String {
            "segment \(index) (vaddr \(ELFError.hex(virtualAddress)), memsz \(memorySize))"
        }
    }

    // MARK: - File header

    /// The file does not start with the magic bytes `7f 45 4c 46` ("\x7fELF").
    case notELF
    /// A structure (`what`) needs `needed` bytes at file offset `offset`, but only `available`
    /// bytes remain there.
    case truncated(what: String, offset: Int, needed: Int, available: Int)
    /// `EI_CLASS` is not `ELFCLASS32` (1); 2 means a 64-bit ELF.
    case not32Bit(class: UInt8)
    /// `EI_DATA` is not `ELFDATA2MSB` (2): the file is not big-endian.
    case notBigEndian
    /// `EI_VERSION` or `e_version` is not `EV_CURRENT` (1).
    case badVersion
    /// `e_type` is not `ET_EXEC` (2). `ET_DYN` (3) is a position-independent or shared object.
    case notExecutable(type: UInt16)
    /// `e_machine` is not `EM_MIPS` (8).
    case wrongMachine(UInt16)
    /// The `EF_MIPS_ARCH` nibble of `e_flags` names an architecture other than MIPS I, MIPS II,
    /// MIPS32 or MIPS32r2 (MIPS III/IV/V and every MIPS64 level, or MIPS32r6).
    case unsupportedArchitecture(flags: UInt32)

    // MARK: - Program headers

    /// `e_phentsize` is not 32, the size of an `Elf32_Phdr`.
    case badProgramHeaderSize(entrySize: UInt16)
    /// Program header `segment` is `PT_INTERP` or `PT_DYNAMIC`: the program wants a dynamic loader.
    case dynamicallyLinked(segment: Int)
    /// There is no `PT_LOAD` segment with a non-zero memory size.
    case noLoadableSegments
    /// A `PT_LOAD` segment has `p_filesz > p_memsz`.
    case fileSizeExceedsMemorySize(segment: Int, fileSize: UInt32, memorySize: UInt32)
    /// A `PT_LOAD` segment's file bytes `offset ..< offset + fileSize` run past the end of the
    /// file, which is `available` bytes long.
    case segmentOutsideFile(segment: Int, offset: UInt32, fileSize: UInt32, available: Int)
    /// `p_vaddr + p_memsz` of a `PT_LOAD` segment is beyond 2³².
    case segmentWrapsAddressSpace(segment: Int, virtualAddress: UInt32, memorySize: UInt32)
    /// `p_align` of a `PT_LOAD` segment is neither 0 nor a power of two.
    case badAlignment(segment: Int, alignment: UInt32)
    /// Two `PT_LOAD` segments share memory. The first extent is the one whose program header
    /// comes later in the table.
    case overlappingSegments(SegmentExtent, SegmentExtent)
    /// The `PT_LOAD` segments' memory sizes add up to `bytes`, more than `limit`
    /// (`ELFFile.maximumImageSize`).
    case imageTooLarge(bytes: UInt64, limit: UInt64)
    /// `e_entry` is not 4-byte aligned or not inside a `PT_LOAD` segment with `PF_X`.
    case entryNotExecutable(entry: UInt32)

    // MARK: - Sections and symbols

    /// `e_shentsize` is not 40, the size of an `Elf32_Shdr`.
    case badSectionHeaderSize(entrySize: UInt16)
    /// Section header `section` is inconsistent (for example the extended-numbering header 0).
    case badSectionHeader(section: Int, reason: String)
    /// The `SHT_SYMTAB` section `section` is malformed.
    case badSymbolTable(section: Int, reason: String)
    /// The string table `section` linked from the symbol table is malformed.
    case badStringTable(section: Int, reason: String)

    // MARK: - Messages

    /// A one-line message for a user, starting with "ELF: ".
    public var description: String {
        switch self {
        case .notELF:
            return "ELF: not an ELF file (missing the \\x7fELF magic bytes)"
        case let .truncated(what, offset, needed, available):
            return "ELF: file is truncated: \(what) needs \(needed) bytes at offset \(Self.hex(offset)), "
                + "but only \(available) are available there"
        case let .not32Bit(elfClass):
            let kind = elfClass == 2 ? " (a 64-bit ELF)" : ""
            return "ELF: EI_CLASS is \(elfClass)\(kind); only 32-bit ELF (ELFCLASS32 = 1) is supported"
        case .notBigEndian:
            return "ELF: file is not big-endian (EI_DATA must be ELFDATA2MSB); build for GOARCH=mips or mips-linux-gnu, not mipsel"
        case .badVersion:
            return "ELF: unsupported ELF version (EI_VERSION and e_version must be 1)"
        case let .notExecutable(type):
            if type == 3 {
                return "ELF: e_type is ET_DYN: position-independent/dynamic executables are not supported, "
                    + "link with -static -no-pie"
            }
            return "ELF: e_type is \(type); a static executable (ET_EXEC = 2) is required"
        case let .wrongMachine(machine):
            return "ELF: e_machine is \(machine); a MIPS executable (EM_MIPS = 8) is required"
        case let .unsupportedArchitecture(flags):
            return "ELF: e_flags \(Self.hex(flags)) name an unsupported architecture "
                + "(EF_MIPS_ARCH \(Self.hex(flags & 0xF000_0000))); only MIPS I/II and MIPS32 r1/r2 are supported"
        case let .badProgramHeaderSize(size):
            return "ELF: e_phentsize is \(size); program headers must be 32 bytes"
        case let .dynamicallyLinked(segment):
            return "ELF: segment \(segment) is PT_INTERP/PT_DYNAMIC: dynamically linked executables are not "
                + "supported, link with -static"
        case .noLoadableSegments:
            return "ELF: the file has no loadable (PT_LOAD) segments"
        case let .fileSizeExceedsMemorySize(segment, fileSize, memorySize):
            return "ELF: segment \(segment) has p_filesz \(fileSize) larger than p_memsz \(memorySize)"
        case let .segmentOutsideFile(segment, offset, fileSize, available):
            return "ELF: segment \(segment) (offset \(Self.hex(offset)), filesz \(fileSize)) extends past the end "
                + "of the \(available)-byte file"
        case let .segmentWrapsAddressSpace(segment, address, memorySize):
            return "ELF: segment \(segment) (vaddr \(Self.hex(address)), memsz \(memorySize)) extends past the "
                + "end of the 32-bit address space"
        case let .badAlignment(segment, alignment):
            return "ELF: segment \(segment) has p_align \(alignment), which is not a power of two"
        case let .overlappingSegments(first, second):
            return "ELF: \(first) overlaps \(second)"
        case let .imageTooLarge(bytes, limit):
            return "ELF: loadable segments need \(bytes) bytes of memory, more than the limit of \(limit)"
        case let .entryNotExecutable(entry):
            if entry & 3 != 0 {
                return "ELF: entry point \(Self.hex(entry)) is not 4-byte aligned"
            }
            return "ELF: entry point \(Self.hex(entry)) is not inside an executable PT_LOAD segment"
        case let .badSectionHeaderSize(size):
            return "ELF: e_shentsize is \(size); section headers must be 40 bytes"
        case let .badSectionHeader(section, reason):
            return "ELF: section header \(section): \(reason)"
        case let .badSymbolTable(section, reason):
            return "ELF: symbol table (section \(section)): \(reason)"
        case let .badStringTable(section, reason):
            return "ELF: string table (section \(section)): \(reason)"
        }
    }

    /// `0x` followed by eight lowercase hex digits.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// `0x` followed by the offset in hex.
    static func hex(_ value: Int) -> String {
        value < 0 ? String(value) : "0x" + String(value, radix: 16)
    }
}
