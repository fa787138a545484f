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
        let image = ELFBuilder.standardImage {
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
        let elf = try XCTUnwrap(parse(ELFBuilder.standardImage { $0.symbols = nil }))
        XCTAssertEqual(elf.symbols, [])
        XCTAssertEqual(elf.segments.count, 3)
    }

    func testEmptySymbolTable() throws {
        let elf = try XCTUnwrap(parse(ELFBuilder.standardImage { $0.symbols = [] }))
        XCTAssertEqual(elf.symbols, [])
    }

    func testIgnoresOtherProgramHeadersAndEmptyLoads() throws {
        let image = ELFBuilder.standardImage {
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
            XCTAssertEqual(parse(ELFBuilder.standardImage { $0.flags = flags })?.flags, flags)
        }
    }

    func testSegmentEndingAtTopOfAddressSpace() throws {
        let image = ELFBuilder.standardImage {
            $0.segments.append(.init(virtualAddress: 0xFFFF_F000, contents: [], memorySize: 0x1000, flags: 6))
        }
        let elf = try XCTUnwrap(parse(image))
        XCTAssertEqual(elf.segments.last?.endAddress, 1 << 32)
        XCTAssertTrue(elf.segments.last!.contains(0xFFFF_FFFF))
    }

    func testBSSOnlySegmentMayHaveAnyFileOffset() throws {
        var image = ELFBuilder.standardImage {
            $0.segments.append(.init(virtualAddress: 0x1000_0000, contents: [], memorySize: 0x100, flags: 6))
        }
        image.write32(0xFFFF_FFF0, at: image.offset(ofProgramHeader: 3, .offset))
        let elf = try XCTUnwrap(parse(image))
        XCTAssertEqual(elf.segments[3].bssSize, 0x100)
        XCTAssertEqual(elf.segments[3].fileBytes, [])
    }

    func testAdjacentSegmentsDoNotOverlap() {
        let image = ELFBuilder.standardImage {
            $0.segments[1].virtualAddress = 0x0040_0010  // right after the 16-byte text segment
        }
        XCTAssertNotNil(parse(image))
    }

    func testImageExactlyAtLimit() {
        let image = ELFBuilder.standardImage {
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
        assertError(ELFBuilder.standardImage { $0.elfClass = 2 }, .not32Bit(class: 2))
        assertError(ELFBuilder.standardImage { $0.elfClass = 0 }, .not32Bit(class: 0))
    }

    func testNotBigEndian() {
        assertError(ELFBuilder.standardImage { $0.dataEncoding = 1 }, .notBigEndian)
    }

    func testBadVersion() {
        assertError(ELFBuilder.standardImage { $0.identVersion = 0 }, .badVersion)
        assertError(ELFBuilder.standardImage { $0.version = 2 }, .badVersion)
    }

    func testNotExecutable() {
        assertError(ELFBuilder.standardImage { $0.type = 1 }, .notExecutable(type: 1))  // ET_REL
        assertError(ELFBuilder.standardImage { $0.type = 4 }, .notExecutable(type: 4))  // ET_CORE
        assertError(ELFBuilder.standardImage { $0.type = 3 }, .notExecutable(type: 3))  // ET_DYN
        let message = ELFError.notExecutable(type: 3).description
        XCTAssertTrue(message.contains("position-independent/dynamic executables are not supported"), message)
        XCTAssertTrue(message.contains("-static -no-pie"), message)
    }

    func testWrongMachine() {
        assertError(ELFBuilder.standardImage { $0.machine = 3 }, .wrongMachine(3))  // EM_386
        assertError(ELFBuilder.standardImage { $0.machine = 0 }, .wrongMachine(0))
    }

    func testUnsupportedArchitecture() {
        // MIPS III, IV, V, MIPS64, MIPS64r2, MIPS32r6, MIPS64r6.
        for flags: UInt32 in [0x2000_0000, 0x3000_0000, 0x4000_0000, 0x6000_0000, 0x8000_0000, 0x9000_1007, 0xA000_0000] {
            assertError(ELFBuilder.standardImage { $0.flags = flags }, .unsupportedArchitecture(flags: flags))
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
            ELFBuilder.standardImage {
                $0.segments.insert(.init(type: ELFBuilder.ptInterp, virtualAddress: 0, contents: Array("/lib/ld.so.1\0".utf8)), at: 1)
            },
            .dynamicallyLinked(segment: 1))
        assertError(
            ELFBuilder.standardImage { $0.segments.append(.init(type: ELFBuilder.ptDynamic, virtualAddress: 0x0050_0000, contents: [0, 0, 0, 0])) },
            .dynamicallyLinked(segment: 3))
    }

    func testNoLoadableSegments() {
        var image = ELFBuilder.standard().build()
        image.write16(0, at: Image.ePhnum)
        assertError(image, .noLoadableSegments)
        assertError(
            ELFBuilder.standardImage { $0.segments = [.init(type: ELFBuilder.ptNote, virtualAddress: 0, contents: [0, 0, 0, 0])] },
            .noLoadableSegments)
        assertError(
            ELFBuilder.standardImage { $0.segments = [.init(virtualAddress: 0x0040_0000, contents: [], memorySize: 0)] },
            .noLoadableSegments)
    }

    func testFileSizeExceedsMemorySize() {
        assertError(
            ELFBuilder.standardImage { $0.segments[1].memorySize = 4 },
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
            ELFBuilder.standardImage {
                $0.segments.append(.init(virtualAddress: 0xFFFF_F000, contents: [], memorySize: 0x1001, flags: 6))
            },
            .segmentWrapsAddressSpace(segment: 3, virtualAddress: 0xFFFF_F000, memorySize: 0x1001))
    }

    func testBadAlignment() {
        assertError(ELFBuilder.standardImage { $0.segments[2].alignment = 0x3000 }, .badAlignment(segment: 2, alignment: 0x3000))
    }

    func testOverlappingSegments() {
        let image = ELFBuilder.standardImage { $0.segments[2].virtualAddress = 0x0041_0008 }  // inside rodata
        let expected = ELFError.overlappingSegments(
            .init(index: 2, virtualAddress: 0x0041_0008, memorySize: 0x2000),
            .init(index: 1, virtualAddress: 0x0041_0000, memorySize: 14))
        assertError(image, expected)
        XCTAssertEqual(
            expected.description,
            "ELF: segment 2 (vaddr 0x00410008, memsz 8192) overlaps segment 1 (vaddr 0x00410000, memsz 14)")
        // Same start address, and a later segment that contains an earlier one entirely.
        assertError(
            ELFBuilder.standardImage { $0.segments[0].virtualAddress = 0x0041_0000; $0.entry = 0x0041_0000 },
            .overlappingSegments(
                .init(index: 1, virtualAddress: 0x0041_0000, memorySize: 14),
                .init(index: 0, virtualAddress: 0x0041_0000, memorySize: 16)))
        assertError(
            ELFBuilder.standardImage { $0.segments[2].virtualAddress = 0x003F_F000; $0.segments[2].memorySize = 0x20000 },
            .overlappingSegments(
                .init(index: 2, virtualAddress: 0x003F_F000, memorySize: 0x20000),
                .init(index: 0, virtualAddress: 0x0040_0000, memorySize: 16)))
    }

    func testImageTooLarge() {
        let image = ELFBuilder.standardImage {
            $0.segments[2].memorySize = 0x3000_0000
            $0.segments.append(.init(virtualAddress: 0x4000_0000, contents: [], memorySize: 0x3000_0000, flags: 6))
        }
        assertError(image, .imageTooLarge(bytes: 16 + 14 + 0x6000_0000, limit: 1 << 30))
        XCTAssertEqual(ELFFile.maximumImageSize, 1 << 30)
    }

    func testEntryNotExecutable() {
        assertError(ELFBuilder.standardImage { $0.entry = 0x0042_0000 }, .entryNotExecutable(entry: 0x0042_0000))  // rw- data
        assertError(ELFBuilder.standardImage { $0.entry = 0x0041_0000 }, .entryNotExecutable(entry: 0x0041_0000))  // r-- rodata
        assertError(ELFBuilder.standardImage { $0.entry = 0x0040_0010 }, .entryNotExecutable(entry: 0x0040_0010))  // just past text
        assertError(ELFBuilder.standardImage { $0.entry = 0 }, .entryNotExecutable(entry: 0))
        assertError(ELFBuilder.standardImage { $0.entry = 0x0040_0002 }, .entryNotExecutable(entry: 0x0040_0002))  // misaligned
        XCTAssertTrue(ELFError.entryNotExecutable(entry: 0x0040_0002).description.contains("aligned"))
        XCTAssertNotNil(parse(ELFBuilder.standardImage { $0.entry = 0x0040_000C }))
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
        var image = ELFBuilder.standardImage { $0.symbols = nil }
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
