// Tests for the ELF32 big-endian MIPS parser: valid images, one test per `ELFError` case, and a
// fuzz test that mutates and truncates valid images and requires the parser never to crash.

import XCTest

@testable import MIPS

final class ELFTests: XCTestCase {
    typealias Image = ELFBuilder.Image

    // MARK: - Helpers

    private func parse(_ image: Image, file: StaticString = #filePath, line: UInt = #line) -> ELFFile? {
        do {
            return try ELFFile(bytes: image.bytes)
        } catch {
            XCTFail("unexpected error: \(error)", file: file, line: line)
            return nil
        }
    }

    private func assertError(
        _ bytes: [UInt8], _ expected: ELFError, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            _ = try ELFFile(bytes: bytes)
            XCTFail("parsed, expected \(expected)", file: file, line: line)
        } catch {
            XCTAssertEqual(error, expected, file: file, line: line)
            XCTAssertTrue(error.description.hasPrefix("ELF: "), error.description, file: file, line: line)
        }
    }

    private func assertError(
        _ image: Image, _ expected: ELFError, file: StaticString = #filePath, line: UInt = #line
    ) {
        assertError(image.bytes, expected, file: file, line: line)
    }

    /// `standard()` with changes applied before building.
    private func standard(_ change: (inout ELFBuilder) -> Void) -> Image {
        var builder = ELFBuilder.standard()
        change(&builder)
        return builder.build()
    }

    // MARK: - Valid images

    func testParsesStandardExecutable() throws {
        let builder = ELFBuilder.standard()
        let elf = try XCTUnwrap(parse(builder.build()))
        XCTAssertEqual(elf.entry, 0x0040_0000)
        XCTAssertEqual(elf.flags, 0x7000_1007)
        XCTAssertEqual(elf.programHeaderOffset, 52)
        XCTAssertEqual(elf.programHeaderCount, 3)
        XCTAssertEqual(elf.segments.count, 3)

        let text = elf.segments[0], rodata = elf.segments[1], data = elf.segments[2]
        XCTAssertEqual(text.programHeaderIndex, 0)
        XCTAssertEqual(text.virtualAddress, 0x0040_0000)
        XCTAssertEqual(text.memorySize, 16)
        XCTAssertEqual(text.fileBytes, builder.segments[0].contents)
        XCTAssertEqual(text.bssSize, 0)
        XCTAssertEqual(text.flags, [.read, .execute])
        XCTAssertEqual(text.flags.description, "r-x")
        XCTAssertEqual(text.alignment, 0x1000)

        XCTAssertEqual(rodata.virtualAddress, 0x0041_0000)
        XCTAssertEqual(rodata.fileBytes, Array("hello, world\n\0".utf8))
        XCTAssertEqual(rodata.flags, .read)

        XCTAssertEqual(data.virtualAddress, 0x0042_0000)
        XCTAssertEqual(data.memorySize, 0x2000)
        XCTAssertEqual(data.fileSize, 8)
        XCTAssertEqual(data.bssSize, 0x2000 - 8)
        XCTAssertEqual(data.flags, [.read, .write])
        XCTAssertEqual(data.alignment, 0x10000)
        XCTAssertEqual(data.endAddress, 0x0042_2000)

        XCTAssertEqual(elf.segment(containing: 0x0042_1FFF), data)
        XCTAssertNil(elf.segment(containing: 0x0042_2000))
        XCTAssertNil(elf.segment(containing: 0x0040_0010))
    }

    func testParsesSymbols() throws {
        let elf = try XCTUnwrap(parse(ELFBuilder.standard().build()))
        XCTAssertEqual(elf.symbols.map(\.name), ["main.c", "_start", "message", "runtime.counter", "_gp"])
        XCTAssertEqual(
            elf.symbol(named: "_start"),
            ELFSymbol(name: "_start", value: 0x0040_0000, size: 16, kind: .function, sectionIndex: 0xFFF1))
        XCTAssertEqual(elf.symbol(named: "message")?.kind, .object)
        XCTAssertEqual(elf.symbol(named: "message")?.size, 14)
        XCTAssertEqual(elf.symbol(named: "runtime.counter")?.value, 0x0042_0004)
        XCTAssertEqual(elf.symbol(named: "_gp")?.kind, .other)
        XCTAssertEqual(elf.symbol(named: "main.c")?.kind, .other)
        XCTAssertNil(elf.symbol(named: "main.main"))
        XCTAssertNil(elf.symbol(named: ""))
    }

    func testSymbolLookupPrefersDefinedSymbol() throws {
        let image = standard {
            $0.symbols = [
                .init(name: "dup", value: 0, sectionIndex: 0),
                .init(name: "dup", value: 0x0040_0004, sectionIndex: 1),
                .init(name: "dup", value: 0x0040_0008, sectionIndex: 1),
            ]
        }
        let elf = try XCTUnwrap(parse(image))
        XCTAssertEqual(elf.symbols.count, 3)
        XCTAssertEqual(elf.symbol(named: "dup")?.value, 0x0040_0004)
    }

    func testStrippedExecutableHasNoSymbols() throws {
        let elf = try XCTUnwrap(parse(standard { $0.symbols = nil }))
        XCTAssertEqual(elf.symbols, [])
        XCTAssertEqual(elf.segments.count, 3)
    }

    func testEmptySymbolTable() throws {
        let elf = try XCTUnwrap(parse(standard { $0.symbols = [] }))
        XCTAssertEqual(elf.symbols, [])
    }

    func testIgnoresOtherProgramHeadersAndEmptyLoads() throws {
        let image = standard {
            $0.segments.insert(.init(type: ELFBuilder.ptNote, virtualAddress: 0, contents: [1, 2, 3, 4]), at: 0)
            $0.segments.append(.init(virtualAddress: 0x0040_0000, contents: [], memorySize: 0))
        }
        let elf = try XCTUnwrap(parse(image))
        XCTAssertEqual(elf.segments.map(\.programHeaderIndex), [1, 2, 3])
        XCTAssertEqual(elf.programHeaderCount, 5)
    }

    func testAcceptsMIPS32AndMIPSIFlags() {
        // MIPS I, MIPS II (Go), MIPS32 with O32 (Go: 0x50001004), MIPS32r2, MIPS32r2 + NAN2008.
        for flags: UInt32 in [0, 0x1000_0000, 0x5000_1004, 0x7000_1007, 0x7000_0400] {
            XCTAssertEqual(parse(standard { $0.flags = flags })?.flags, flags)
        }
    }

    func testSegmentEndingAtTopOfAddressSpace() throws {
        let image = standard {
            $0.segments.append(.init(virtualAddress: 0xFFFF_F000, contents: [], memorySize: 0x1000, flags: 6))
        }
        let elf = try XCTUnwrap(parse(image))
        XCTAssertEqual(elf.segments.last?.endAddress, 1 << 32)
        XCTAssertTrue(elf.segments.last!.contains(0xFFFF_FFFF))
    }

    func testBSSOnlySegmentMayHaveAnyFileOffset() throws {
        var image = standard {
            $0.segments.append(.init(virtualAddress: 0x1000_0000, contents: [], memorySize: 0x100, flags: 6))
        }
        image.write32(0xFFFF_FFF0, at: image.offset(ofProgramHeader: 3, .offset))
        let elf = try XCTUnwrap(parse(image))
        XCTAssertEqual(elf.segments[3].bssSize, 0x100)
        XCTAssertEqual(elf.segments[3].fileBytes, [])
    }

    func testAdjacentSegmentsDoNotOverlap() {
        let image = standard {
            $0.segments[1].virtualAddress = 0x0040_0010  // right after the 16-byte text segment
        }
        XCTAssertNotNil(parse(image))
    }

    func testImageExactlyAtLimit() {
        let image = standard {
            $0.segments[2].memorySize = UInt32(ELFFile.maximumImageSize) - 16 - 14
            $0.segments[2].virtualAddress = 0x1000_0000
        }
        XCTAssertNotNil(parse(image))
    }

    func testExtendedProgramHeaderCount() throws {
        var image = ELFBuilder.standard().build()
        image.write16(0xFFFF, at: Image.ePhnum)  // PN_XNUM: the count is section 0's sh_info
        image.write32(3, at: image.offset(ofSection: 0, .info))
        let elf = try XCTUnwrap(parse(image))
        XCTAssertEqual(elf.segments.count, 3)
        XCTAssertEqual(elf.programHeaderCount, 3)
    }

    func testExtendedSectionHeaderCount() throws {
        var image = ELFBuilder.standard().build()
        image.write16(0, at: Image.eShnum)  // the count is section 0's sh_size
        image.write32(4, at: image.offset(ofSection: 0, .size))
        XCTAssertEqual(try XCTUnwrap(parse(image)).symbols.count, 5)
    }

    // MARK: - File header errors

    func testNotELF() {
        assertError([], .notELF)
        assertError([0x7F, 0x45, 0x4C], .notELF)
        assertError(Array(String(repeating: "not an elf file ", count: 8).utf8), .notELF)
        var image = ELFBuilder.standard().build()
        image.bytes[3] = 0x47
        assertError(image, .notELF)
    }

    func testTruncatedHeader() {
        let bytes = Array(ELFBuilder.standard().build().bytes.prefix(40))
        assertError(bytes, .truncated(what: "ELF header", offset: 0, needed: 52, available: 40))
    }

    func testTruncatedProgramHeaderTable() {
        var image = ELFBuilder.standard().build()
        image.write16(1000, at: Image.ePhnum)
        assertError(
            image,
            .truncated(what: "program header table", offset: 52, needed: 32_000, available: image.bytes.count - 52))
        image.write16(3, at: Image.ePhnum)
        image.write32(0xFFFF_FFFF, at: Image.ePhoff)
        assertError(image, .truncated(what: "program header table", offset: 0xFFFF_FFFF, needed: 96, available: 0))
    }

    func testNot32Bit() {
        assertError(standard { $0.elfClass = 2 }, .not32Bit(class: 2))
        assertError(standard { $0.elfClass = 0 }, .not32Bit(class: 0))
    }

    func testNotBigEndian() {
        assertError(standard { $0.dataEncoding = 1 }, .notBigEndian)
    }

    func testBadVersion() {
        assertError(standard { $0.identVersion = 0 }, .badVersion)
        assertError(standard { $0.version = 2 }, .badVersion)
    }

    func testNotExecutable() {
        assertError(standard { $0.type = 1 }, .notExecutable(type: 1))  // ET_REL
        assertError(standard { $0.type = 4 }, .notExecutable(type: 4))  // ET_CORE
        assertError(standard { $0.type = 3 }, .notExecutable(type: 3))  // ET_DYN
        let message = ELFError.notExecutable(type: 3).description
        XCTAssertTrue(message.contains("position-independent/dynamic executables are not supported"), message)
        XCTAssertTrue(message.contains("-static -no-pie"), message)
    }

    func testWrongMachine() {
        assertError(standard { $0.machine = 3 }, .wrongMachine(3))  // EM_386
        assertError(standard { $0.machine = 0 }, .wrongMachine(0))
    }

    func testUnsupportedArchitecture() {
        // MIPS III, IV, V, MIPS64, MIPS64r2, MIPS32r6, MIPS64r6.
        for flags: UInt32 in [0x2000_0000, 0x3000_0000, 0x4000_0000, 0x6000_0000, 0x8000_0000, 0x9000_1007, 0xA000_0000] {
            assertError(standard { $0.flags = flags }, .unsupportedArchitecture(flags: flags))
        }
    }

    // MARK: - Program header errors

    func testBadProgramHeaderSize() {
        var image = ELFBuilder.standard().build()
        image.write16(56, at: Image.ePhentsize)
        assertError(image, .badProgramHeaderSize(entrySize: 56))
    }

    func testDynamicallyLinked() {
        assertError(
            standard {
                $0.segments.insert(.init(type: ELFBuilder.ptInterp, virtualAddress: 0, contents: Array("/lib/ld.so.1\0".utf8)), at: 1)
            },
            .dynamicallyLinked(segment: 1))
        assertError(
            standard { $0.segments.append(.init(type: ELFBuilder.ptDynamic, virtualAddress: 0x0050_0000, contents: [0, 0, 0, 0])) },
            .dynamicallyLinked(segment: 3))
    }

    func testNoLoadableSegments() {
        var image = ELFBuilder.standard().build()
        image.write16(0, at: Image.ePhnum)
        assertError(image, .noLoadableSegments)
        assertError(
            standard { $0.segments = [.init(type: ELFBuilder.ptNote, virtualAddress: 0, contents: [0, 0, 0, 0])] },
            .noLoadableSegments)
        assertError(
            standard { $0.segments = [.init(virtualAddress: 0x0040_0000, contents: [], memorySize: 0)] },
            .noLoadableSegments)
    }

    func testFileSizeExceedsMemorySize() {
        assertError(
            standard { $0.segments[1].memorySize = 4 },
            .fileSizeExceedsMemorySize(segment: 1, fileSize: 14, memorySize: 4))
    }

    func testSegmentOutsideFile() {
        var image = ELFBuilder.standard().build()
        image.write32(UInt32(image.bytes.count - 10), at: image.offset(ofProgramHeader: 1, .offset))
        assertError(
            image,
            .segmentOutsideFile(
                segment: 1, offset: UInt32(image.bytes.count - 10), fileSize: 14, available: image.bytes.count))
        image.write32(0xFFFF_FFFF, at: image.offset(ofProgramHeader: 1, .offset))
        assertError(
            image, .segmentOutsideFile(segment: 1, offset: 0xFFFF_FFFF, fileSize: 14, available: image.bytes.count))
    }

    func testSegmentWrapsAddressSpace() {
        assertError(
            standard {
                $0.segments.append(.init(virtualAddress: 0xFFFF_F000, contents: [], memorySize: 0x1001, flags: 6))
            },
            .segmentWrapsAddressSpace(segment: 3, virtualAddress: 0xFFFF_F000, memorySize: 0x1001))
    }

    func testBadAlignment() {
        assertError(standard { $0.segments[2].alignment = 0x3000 }, .badAlignment(segment: 2, alignment: 0x3000))
    }

    func testOverlappingSegments() {
        let image = standard { $0.segments[2].virtualAddress = 0x0041_0008 }  // inside rodata
        let expected = ELFError.overlappingSegments(
            .init(index: 2, virtualAddress: 0x0041_0008, memorySize: 0x2000),
            .init(index: 1, virtualAddress: 0x0041_0000, memorySize: 14))
        assertError(image, expected)
        XCTAssertEqual(
            expected.description,
            "ELF: segment 2 (vaddr 0x00410008, memsz 8192) overlaps segment 1 (vaddr 0x00410000, memsz 14)")
        // Same start address, and a later segment that contains an earlier one entirely.
        assertError(
            standard { $0.segments[0].virtualAddress = 0x0041_0000; $0.entry = 0x0041_0000 },
            .overlappingSegments(
                .init(index: 1, virtualAddress: 0x0041_0000, memorySize: 14),
                .init(index: 0, virtualAddress: 0x0041_0000, memorySize: 16)))
        assertError(
            standard { $0.segments[2].virtualAddress = 0x003F_F000; $0.segments[2].memorySize = 0x20000 },
            .overlappingSegments(
                .init(index: 2, virtualAddress: 0x003F_F000, memorySize: 0x20000),
                .init(index: 0, virtualAddress: 0x0040_0000, memorySize: 16)))
    }

    func testImageTooLarge() {
        let image = standard {
            $0.segments[2].memorySize = 0x3000_0000
            $0.segments.append(.init(virtualAddress: 0x4000_0000, contents: [], memorySize: 0x3000_0000, flags: 6))
        }
        assertError(image, .imageTooLarge(bytes: 16 + 14 + 0x6000_0000, limit: 1 << 30))
        XCTAssertEqual(ELFFile.maximumImageSize, 1 << 30)
    }

    func testEntryNotExecutable() {
        assertError(standard { $0.entry = 0x0042_0000 }, .entryNotExecutable(entry: 0x0042_0000))  // rw- data
        assertError(standard { $0.entry = 0x0041_0000 }, .entryNotExecutable(entry: 0x0041_0000))  // r-- rodata
        assertError(standard { $0.entry = 0x0040_0010 }, .entryNotExecutable(entry: 0x0040_0010))  // just past text
        assertError(standard { $0.entry = 0 }, .entryNotExecutable(entry: 0))
        assertError(standard { $0.entry = 0x0040_0002 }, .entryNotExecutable(entry: 0x0040_0002))  // misaligned
        XCTAssertTrue(ELFError.entryNotExecutable(entry: 0x0040_0002).description.contains("aligned"))
        XCTAssertNotNil(parse(standard { $0.entry = 0x0040_000C }))
    }

    // MARK: - Section and symbol table errors

    func testBadSectionHeaderSize() {
        var image = ELFBuilder.standard().build()
        image.write16(64, at: Image.eShentsize)
        assertError(image, .badSectionHeaderSize(entrySize: 64))
    }

    func testTruncatedSectionHeaderTable() {
        var image = ELFBuilder.standard().build()
        let offset = image.sectionHeaderOffset!
        image.write16(5, at: Image.eShnum)
        assertError(
            image,
            .truncated(what: "section header table", offset: offset, needed: 200, available: image.bytes.count - offset))
        image.write16(0, at: Image.eShnum)
        image.write32(UInt32(image.bytes.count - 39), at: Image.eShoff)
        assertError(
            image,
            .truncated(what: "section header 0", offset: image.bytes.count - 39, needed: 40, available: 39))
    }

    func testExtendedProgramHeaderCountWithoutSections() {
        var image = standard { $0.symbols = nil }
        image.write16(0xFFFF, at: Image.ePhnum)
        assertError(
            image,
            .badSectionHeader(
                section: 0, reason: "e_phnum is PN_XNUM (0xffff) but there is no section header 0 with the count"))
    }

    func testBadSymbolTableEntrySize() {
        var image = ELFBuilder.standard().build()
        image.write32(24, at: image.offset(ofSection: 1, .entrySize))
        assertError(image, .badSymbolTable(section: 1, reason: "sh_entsize is 24, expected 16"))
    }

    func testBadSymbolTableSize() {
        var image = ELFBuilder.standard().build()
        image.write32(17, at: image.offset(ofSection: 1, .size))
        assertError(image, .badSymbolTable(section: 1, reason: "sh_size 17 is not a multiple of 16"))
    }

    func testSymbolTableOutsideFile() {
        var image = ELFBuilder.standard().build()
        image.write32(0xFFFF_FFF0, at: image.offset(ofSection: 1, .size))
        guard case .badSymbolTable(section: 1, let reason)? = parseError(image) else {
            return XCTFail("expected badSymbolTable")
        }
        XCTAssertTrue(reason.contains("extend past the end"), reason)
    }

    func testSymbolTableBadLink() {
        var image = ELFBuilder.standard().build()
        image.write32(4, at: image.offset(ofSection: 1, .link))
        assertError(image, .badSymbolTable(section: 1, reason: "sh_link 4 is not a section index (there are 4 sections)"))
        image.write32(0xFFFF_FFFF, at: image.offset(ofSection: 1, .link))
        assertError(
            image, .badSymbolTable(section: 1, reason: "sh_link 4294967295 is not a section index (there are 4 sections)"))
    }

    func testSecondSymbolTable() {
        var image = ELFBuilder.standard().build()
        image.write32(2, at: image.offset(ofSection: 3, .type))
        assertError(image, .badSymbolTable(section: 3, reason: "a second SHT_SYMTAB (the first is section 1)"))
    }

    func testSymbolNameOutsideStringTable() {
        var image = ELFBuilder.standard().build()
        let symtab = Int(image.read32(at: image.offset(ofSection: 1, .offset)))
        let strtabSize = image.read32(at: image.offset(ofSection: 2, .size))
        image.write32(strtabSize, at: symtab + 16 * 3)  // symbol 3's st_name, one past the end
        assertError(
            image,
            .badSymbolTable(
                section: 1,
                reason: "symbol 3: st_name \(ELFError.hex(strtabSize)) is outside the string table "
                    + "(section 2, size \(strtabSize))"))
    }

    func testStringTableWrongType() {
        var image = ELFBuilder.standard().build()
        image.write32(0, at: image.offset(ofSection: 1, .link))  // the null section
        assertError(image, .badStringTable(section: 0, reason: "sh_type is 0, expected SHT_STRTAB (3)"))
        image.write32(1, at: image.offset(ofSection: 1, .link))  // itself
        assertError(image, .badStringTable(section: 1, reason: "sh_type is 2, expected SHT_STRTAB (3)"))
    }

    func testStringTableOutsideFile() {
        var image = ELFBuilder.standard().build()
        image.write32(UInt32(image.bytes.count), at: image.offset(ofSection: 2, .offset))
        guard case .badStringTable(section: 2, let reason)? = parseError(image) else {
            return XCTFail("expected badStringTable")
        }
        XCTAssertTrue(reason.contains("extend past the end"), reason)
    }

    func testStringTableNotTerminated() {
        var image = ELFBuilder.standard().build()
        let strtab = Int(image.read32(at: image.offset(ofSection: 2, .offset)))
        let size = Int(image.read32(at: image.offset(ofSection: 2, .size)))
        image.bytes[strtab + size - 1] = 0x41
        assertError(image, .badStringTable(section: 2, reason: "does not end with a NUL byte"))
    }

    func testEveryErrorHasAMessage() {
        let errors: [ELFError] = [
            .notELF, .truncated(what: "x", offset: 1, needed: 2, available: 0), .not32Bit(class: 2), .notBigEndian,
            .badVersion, .notExecutable(type: 1), .notExecutable(type: 3), .wrongMachine(3),
            .unsupportedArchitecture(flags: 0x6000_0000), .badProgramHeaderSize(entrySize: 0),
            .dynamicallyLinked(segment: 1), .noLoadableSegments,
            .fileSizeExceedsMemorySize(segment: 0, fileSize: 2, memorySize: 1),
            .segmentOutsideFile(segment: 0, offset: 1, fileSize: 2, available: 3),
            .segmentWrapsAddressSpace(segment: 0, virtualAddress: 1, memorySize: 2),
            .badAlignment(segment: 0, alignment: 3),
            .overlappingSegments(
                .init(index: 1, virtualAddress: 0, memorySize: 1), .init(index: 0, virtualAddress: 0, memorySize: 1)),
            .imageTooLarge(bytes: 2, limit: 1), .entryNotExecutable(entry: 0), .entryNotExecutable(entry: 1),
            .badSectionHeaderSize(entrySize: 0), .badSectionHeader(section: 0, reason: "r"),
            .badSymbolTable(section: 0, reason: "r"), .badStringTable(section: 0, reason: "r"),
        ]
        for error in errors {
            XCTAssertTrue(error.description.hasPrefix("ELF: "), error.description)
            XCTAssertFalse(error.description.contains("\n"), error.description)
        }
        XCTAssertEqual(Set(errors.map(\.description)).count, errors.count)
    }

    private func parseError(_ image: Image) -> ELFError? {
        do {
            _ = try ELFFile(bytes: image.bytes)
            return nil
        } catch {
            return error
        }
    }
}

// MARK: - Fuzzing

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, so every run fuzzes the same
/// mutants and a failure is reproducible.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ELFTests {
    /// Parses `bytes`; the parser must return or throw, never trap. When it accepts, the
    /// documented guarantees must hold.
    @discardableResult
    private func exercise(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let elf: ELFFile
        do {
            elf = try ELFFile(bytes: bytes)
        } catch {
            XCTAssertFalse(error.description.isEmpty, file: file, line: line)
            return false
        }
        XCTAssertFalse(elf.segments.isEmpty, file: file, line: line)
        var total: UInt64 = 0
        for segment in elf.segments {
            XCTAssertGreaterThan(segment.memorySize, 0, file: file, line: line)
            XCTAssertLessThanOrEqual(UInt64(segment.fileBytes.count), UInt64(segment.memorySize), file: file, line: line)
            XCTAssertLessThanOrEqual(segment.endAddress, 1 << 32, file: file, line: line)
            total += UInt64(segment.memorySize)
        }
        XCTAssertLessThanOrEqual(total, ELFFile.maximumImageSize, file: file, line: line)
        let sorted = elf.segments.sorted { $0.virtualAddress < $1.virtualAddress }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            XCTAssertLessThanOrEqual(a.endAddress, UInt64(b.virtualAddress), file: file, line: line)
        }
        XCTAssertEqual(elf.entry & 3, 0, file: file, line: line)
        XCTAssertTrue(elf.segment(containing: elf.entry)?.flags.contains(.execute) ?? false, file: file, line: line)
        for symbol in elf.symbols.prefix(64) where !symbol.name.isEmpty {
            XCTAssertEqual(elf.symbol(named: symbol.name)?.name, symbol.name, file: file, line: line)
        }
        // The whole loader (mapping, stack, Go patches) must cope with whatever the parser accepts.
        do {
            let image = try ProgramImage.load(elf: elf)
            XCTAssertEqual(image.cpu.pc, elf.entry, file: file, line: line)
        } catch {
            XCTAssertFalse(error.description.isEmpty, file: file, line: line)
        }
        return true
    }

    /// File offsets of the fields that hold counts, offsets and sizes, read from a valid image:
    /// (offset, width in bytes).
    private func countAndOffsetFields(of bytes: [UInt8]) -> [(offset: Int, width: Int)] {
        func u16(_ o: Int) -> Int { Int(bytes[o]) << 8 | Int(bytes[o + 1]) }
        func u32(_ o: Int) -> Int { Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]) }
        var fields: [(offset: Int, width: Int)] = [
            (Image.ePhoff, 4), (Image.eShoff, 4), (Image.eEntry, 4),
            (Image.ePhnum, 2), (Image.eShnum, 2), (Image.eShstrndx, 2), (Image.ePhentsize, 2), (Image.eShentsize, 2),
        ]
        let phoff = u32(Image.ePhoff), phnum = u16(Image.ePhnum)
        for index in 0..<phnum where phoff + 32 * (index + 1) <= bytes.count {
            let base = phoff + 32 * index
            fields += [(base + 4, 4), (base + 8, 4), (base + 16, 4), (base + 20, 4)]  // offset, vaddr, filesz, memsz
        }
        let shoff = u32(Image.eShoff), shnum = u16(Image.eShnum)
        for index in 0..<shnum where shoff != 0 && shoff + 40 * (index + 1) <= bytes.count {
            let base = shoff + 40 * index
            fields += [(base + 4, 4), (base + 16, 4), (base + 20, 4), (base + 24, 4), (base + 36, 4)]  // type, offset, size, link, entsize
        }
        return fields
    }

    /// Extreme values for a field in a file of `size` bytes.
    private func extremeValues(fileSize size: Int) -> [UInt32] {
        [0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF, UInt32(size - 1), UInt32(size), UInt32(size + 1)]
    }

    private func write(_ value: UInt32, width: Int, into bytes: inout [UInt8], at offset: Int) {
        for i in 0..<width { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - i))) }
    }

    /// How many mutants of each kind `fuzz` runs.
    private struct FuzzPlan {
        /// Random bytes at random positions, 1–8 per mutant.
        var mutants: Int
        /// Prefixes of random length (every length up to 512 is always tried as well).
        var randomTruncations = 200
        /// Single count/offset/size fields set to extreme values; `nil` tries every pair.
        var extremeFields: Int?
        /// Mutants with 2–4 such fields changed at once.
        var combinations = 1_000
    }

    /// Parses mutants of the valid image `base` (see `FuzzPlan`), stopping early after `budget`.
    /// Returns how many mutants ran and how many the parser accepted.
    @discardableResult
    private func fuzz(_ base: [UInt8], seed: UInt64, plan: FuzzPlan, budget: Duration = .seconds(10)) -> (run: Int, accepted: Int) {
        var rng = SplitMix64(state: seed)
        let clock = ContinuousClock(), start = clock.now
        func timeLeft() -> Bool { clock.now - start < budget }
        let fields = countAndOffsetFields(of: base)
        // Structural regions: the ELF header, program headers and section headers.
        let hotSpots = fields.map(\.offset) + Array(0..<min(base.count, 52))
        var run = 0, accepted = 0
        func check(_ bytes: [UInt8]) {
            run += 1
            if exercise(bytes) { accepted += 1 }
        }

        // 1. Random bytes at random positions; half aimed at or just after structural fields.
        for _ in 0..<plan.mutants where timeLeft() {
            var bytes = base
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let position: Int
                if Bool.random(using: &rng) {
                    position = min(base.count - 1, hotSpots.randomElement(using: &rng)! + Int.random(in: 0..<4, using: &rng))
                } else {
                    position = Int.random(in: 0..<base.count, using: &rng)
                }
                bytes[position] = UInt8.random(in: 0...255, using: &rng)
            }
            check(bytes)
        }

        // 2. Truncations at every length up to 512 bytes, then at random lengths.
        for length in 0...min(512, base.count) where timeLeft() {
            check(Array(base.prefix(length)))
        }
        for _ in 0..<plan.randomTruncations where timeLeft() {
            check(Array(base.prefix(Int.random(in: 0..<base.count, using: &rng))))
        }

        // 3. Count/offset/size fields set to extreme values, one at a time, then several at once.
        let values = extremeValues(fileSize: base.count)
        var singles = fields.flatMap { field in values.map { (field, $0) } }
        if let limit = plan.extremeFields {
            singles.shuffle(using: &rng)
            singles = Array(singles.prefix(limit))
        }
        for (field, value) in singles where timeLeft() {
            var bytes = base
            write(value, width: field.width, into: &bytes, at: field.offset)
            check(bytes)
        }
        for _ in 0..<plan.combinations where timeLeft() {
            var bytes = base
            for _ in 0..<Int.random(in: 2...4, using: &rng) {
                let field = fields.randomElement(using: &rng)!
                write(values.randomElement(using: &rng)!, width: field.width, into: &bytes, at: field.offset)
            }
            check(bytes)
        }
        return (run, accepted)
    }

    func testFuzzBuiltImagesNeverCrash() throws {
        let full = ELFBuilder.standard().build().bytes
        let twoSegments = standard {
            $0.segments.removeLast()
            $0.symbols = [.init(name: "_start", value: 0x0040_0000, size: 16), .init(name: "x", value: 0x0041_0000, type: 1)]
        }.bytes
        let stripped = standard { $0.symbols = nil }.bytes
        XCTAssertTrue(exercise(full))
        XCTAssertTrue(exercise(twoSegments))
        XCTAssertTrue(exercise(stripped))

        let big = fuzz(full, seed: 0x5EED_0001, plan: FuzzPlan(mutants: 5_000))
        let small = fuzz(twoSegments, seed: 0x5EED_0002, plan: FuzzPlan(mutants: 1_000))
        let plain = fuzz(stripped, seed: 0x5EED_0003, plan: FuzzPlan(mutants: 1_000))
        // Some mutants must still be valid, or the fuzzer only ever exercises the header checks.
        XCTAssertGreaterThan(big.accepted, 100)
        XCTAssertGreaterThan(small.accepted + plain.accepted, 50)
        XCTAssertGreaterThan(big.run, 5_000)
    }

    /// Fuzzes one real guest binary from `mips-guests/bin/` if any has been built.
    func testFuzzGuestBinaryNeverCrashes() throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("mips-guests/bin")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let guests = names.sorted().compactMap { name -> (String, [UInt8])? in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                data.starts(with: [0x7F, 0x45, 0x4C, 0x46])
            else { return nil }
            return (name, [UInt8](data))
        }
        // The smallest keeps the run short.
        guard let (name, bytes) = guests.min(by: { $0.1.count < $1.1.count }) else {
            throw XCTSkip("no ELF files in mips-guests/bin")
        }
        XCTAssertTrue(exercise(bytes), "\(name) should parse")
        // A real binary takes milliseconds to parse in a debug build: fewer mutants, and a time cap.
        let plan = FuzzPlan(mutants: 300, randomTruncations: 100, extremeFields: 300, combinations: 200)
        let result = fuzz(bytes, seed: 0x5EED_0004, plan: plan, budget: .seconds(3))
        XCTAssertGreaterThan(result.run, 0, name)
    }
}
