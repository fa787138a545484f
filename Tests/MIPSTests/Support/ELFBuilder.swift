// Builds small ELF32 big-endian MIPS executables for the ELF parser tests.
//
// Layout of a built image: ELF header (52 bytes) | program headers (32 bytes each) | segment
// contents (each 4-byte aligned) | [.strtab | .symtab | .shstrtab | section headers
// (null, .symtab, .strtab, .shstrtab)]. The section part is present only when `symbols` is not nil.

/// A description of an ELF executable; `build()` lays it out as bytes.
struct ELFBuilder {
    struct Segment {
        var type: UInt32 = ELFBuilder.ptLoad
        var virtualAddress: UInt32
        var contents: [UInt8]
        /// `p_memsz`; `nil` means `contents.count` (no .bss).
        var memorySize: UInt32?
        /// `p_flags` (`PF_R` = 4, `PF_W` = 2, `PF_X` = 1).
        var flags: UInt32 = 5
        var alignment: UInt32 = 0x1000
    }

    struct Symbol {
        var name: String
        var value: UInt32
        var size: UInt32 = 0
        /// `STT_*`: 0 notype, 1 object, 2 func, 3 section, 4 file.
        var type: UInt8 = 2
        /// `STB_*`: 0 local, 1 global, 2 weak.
        var binding: UInt8 = 1
        /// `st_shndx`; defaults to `SHN_ABS` so the symbol counts as defined.
        var sectionIndex: UInt16 = 0xFFF1
    }

    static let ptLoad: UInt32 = 1
    static let ptDynamic: UInt32 = 2
    static let ptInterp: UInt32 = 3
    static let ptNote: UInt32 = 4

    var entry: UInt32
    var segments: [Segment]
    /// `nil`: no section headers at all (a stripped file). Otherwise a .symtab with these symbols
    /// after the null symbol.
    var symbols: [Symbol]?

    var elfClass: UInt8 = 1
    var dataEncoding: UInt8 = 2
    var identVersion: UInt8 = 1
    var type: UInt16 = 2
    var machine: UInt16 = 8
    var version: UInt32 = 1
    /// MIPS32r2 | O32 | CPIC | PIC | NOREORDER, as GCC writes for `-march=mips32r2`.
    var flags: UInt32 = 0x7000_1007

    /// A typical three-segment static executable with a symbol table:
    /// text at 0x00400000 (r-x), rodata at 0x00410000 (r--), data+bss at 0x00420000 (rw-).
    static func standard() -> ELFBuilder {
        let text: [UInt8] = [
            0x3C, 0x1C, 0x00, 0x42,  // lui  gp, 0x42
            0x24, 0x02, 0x0F, 0xA1,  // li   v0, 4001 (exit)
            0x00, 0x00, 0x00, 0x0C,  // syscall
            0x00, 0x00, 0x00, 0x00,  // nop
        ]
        return ELFBuilder(
            entry: 0x0040_0000,
            segments: [
                Segment(virtualAddress: 0x0040_0000, contents: text, flags: 5),
                Segment(virtualAddress: 0x0041_0000, contents: Array("hello, world\n\0".utf8), flags: 4),
                Segment(
                    virtualAddress: 0x0042_0000, contents: [0xDE, 0xAD, 0xBE, 0xEF, 0, 0, 0, 1],
                    memorySize: 0x2000, flags: 6, alignment: 0x10000),
            ],
            symbols: [
                Symbol(name: "main.c", value: 0, type: 4, binding: 0),
                Symbol(name: "_start", value: 0x0040_0000, size: 16, type: 2),
                Symbol(name: "message", value: 0x0041_0000, size: 14, type: 1),
                Symbol(name: "runtime.counter", value: 0x0042_0004, size: 4, type: 1),
                Symbol(name: "_gp", value: 0x0042_7FF0, type: 0),
            ])
    }

    /// The built bytes and where things are, for tests that patch fields.
    struct Image {
        var bytes: [UInt8]
        let programHeaderOffset: Int
        /// File offset of each segment's contents, in `segments` order.
        let segmentOffsets: [Int]
        /// `nil` when built without symbols.
        let sectionHeaderOffset: Int?
        static let symtabSection = 1
        static let strtabSection = 2
        static let shstrtabSection = 3

        // Elf32_Ehdr field offsets.
        static let eType = 16, eMachine = 18, eVersion = 20, eEntry = 24, ePhoff = 28, eShoff = 32
        static let eFlags = 36, eEhsize = 40, ePhentsize = 42, ePhnum = 44, eShentsize = 46, eShnum = 48
        static let eShstrndx = 50

        enum ProgramField: Int, CaseIterable {
            case type = 0, offset = 4, virtualAddress = 8, physicalAddress = 12
            case fileSize = 16, memorySize = 20, flags = 24, alignment = 28
        }

        enum SectionField: Int, CaseIterable {
            case name = 0, type = 4, flags = 8, address = 12, offset = 16, size = 20
            case link = 24, info = 28, alignment = 32, entrySize = 36
        }

        /// File offset of `field` in program header `index`.
        func offset(ofProgramHeader index: Int, _ field: ProgramField) -> Int {
            programHeaderOffset + 32 * index + field.rawValue
        }

        /// File offset of `field` in section header `index`; the image must have sections.
        func offset(ofSection index: Int, _ field: SectionField) -> Int {
            sectionHeaderOffset! + 40 * index + field.rawValue
        }

        func read32(at offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }

        mutating func write32(_ value: UInt32, at offset: Int) {
            ELFBuilder.put32(value, into: &bytes, at: offset)
        }

        mutating func write16(_ value: UInt16, at offset: Int) {
            bytes[offset] = UInt8(value >> 8)
            bytes[offset + 1] = UInt8(truncatingIfNeeded: value)
        }
    }

    func build() -> Image {
        var out: [UInt8] = []
        // ELF header; offsets patched below.
        out += [0x7F, 0x45, 0x4C, 0x46, elfClass, dataEncoding, identVersion, 0]
        out += [UInt8](repeating: 0, count: 8)
        Self.append16(type, to: &out)
        Self.append16(machine, to: &out)
        Self.append32(version, to: &out)
        Self.append32(entry, to: &out)
        Self.append32(52, to: &out)  // e_phoff
        Self.append32(0, to: &out)  // e_shoff, patched
        Self.append32(flags, to: &out)
        Self.append16(52, to: &out)  // e_ehsize
        Self.append16(32, to: &out)  // e_phentsize
        Self.append16(UInt16(segments.count), to: &out)
        Self.append16(symbols == nil ? 0 : 40, to: &out)  // e_shentsize
        Self.append16(symbols == nil ? 0 : 4, to: &out)  // e_shnum
        Self.append16(symbols == nil ? 0 : 3, to: &out)  // e_shstrndx
        precondition(out.count == 52)

        let programHeaderOffset = out.count
        out += [UInt8](repeating: 0, count: 32 * segments.count)
        var segmentOffsets: [Int] = []
        for (index, segment) in segments.enumerated() {
            Self.align(&out, to: 4)
            segmentOffsets.append(out.count)
            let base = programHeaderOffset + 32 * index
            let fields: [UInt32] = [
                segment.type, UInt32(out.count), segment.virtualAddress, segment.virtualAddress,
                UInt32(segment.contents.count), segment.memorySize ?? UInt32(segment.contents.count),
                segment.flags, segment.alignment,
            ]
            for (i, value) in fields.enumerated() { Self.put32(value, into: &out, at: base + 4 * i) }
            out += segment.contents
        }

        var sectionHeaderOffset: Int?
        if let symbols {
            // .strtab
            Self.align(&out, to: 4)
            let strtabOffset = out.count
            var strtab: [UInt8] = [0]
            var nameOffsets: [UInt32] = []
            for symbol in symbols {
                nameOffsets.append(UInt32(strtab.count))
                strtab += Array(symbol.name.utf8) + [0]
            }
            out += strtab
            // .symtab: the null symbol, then locals must precede globals (sh_info = first global).
            Self.align(&out, to: 4)
            let symtabOffset = out.count
            out += [UInt8](repeating: 0, count: 16)
            for (symbol, nameOffset) in zip(symbols, nameOffsets) {
                Self.append32(nameOffset, to: &out)
                Self.append32(symbol.value, to: &out)
                Self.append32(symbol.size, to: &out)
                out.append(symbol.binding << 4 | symbol.type & 0xF)
                out.append(0)
                Self.append16(symbol.sectionIndex, to: &out)
            }
            let firstGlobal = UInt32(1 + (symbols.firstIndex { $0.binding != 0 } ?? symbols.count))
            // .shstrtab
            let shstrtabOffset = out.count
            let shstrtab = Array("\0.symtab\0.strtab\0.shstrtab\0".utf8)
            out += shstrtab
            // Section headers.
            Self.align(&out, to: 4)
            sectionHeaderOffset = out.count
            Self.put32(UInt32(out.count), into: &out, at: 32)
            let headers: [[UInt32]] = [
                [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                [1, 2, 0, 0, UInt32(symtabOffset), UInt32(16 * (symbols.count + 1)), 2, firstGlobal, 4, 16],
                [9, 3, 0, 0, UInt32(strtabOffset), UInt32(strtab.count), 0, 0, 1, 0],
                [17, 3, 0, 0, UInt32(shstrtabOffset), UInt32(shstrtab.count), 0, 0, 1, 0],
            ]
            for header in headers {
                for value in header { Self.append32(value, to: &out) }
            }
        }
        return Image(
            bytes: out, programHeaderOffset: programHeaderOffset, segmentOffsets: segmentOffsets,
            sectionHeaderOffset: sectionHeaderOffset)
    }

    // MARK: - Big-endian helpers

    static func append16(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    static func append32(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    static func put32(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * i)) }
    }

    static func align(_ bytes: inout [UInt8], to alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
}

extension ELFBuilder {
    /// `standard()` with changes applied before building.
    static func standardImage(_ change: (inout ELFBuilder) -> Void) -> Image {
        var builder = ELFBuilder.standard()
        change(&builder)
        return builder.build()
    }
}
