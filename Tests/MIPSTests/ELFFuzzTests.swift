import Foundation
import XCTest
@testable import MIPS

/// Mutates valid ELF images thousands of times: the parser and the loader must return or
/// throw, never trap. The generator is seeded, so every run fuzzes the same mutants and a
/// failure is reproducible.
final class ELFFuzzTests: XCTestCase {
    typealias Image = ELFBuilder.Image

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
        var rng = SeededGenerator(seed: seed)
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
        let twoSegments = ELFBuilder.standardImage {
            $0.segments.removeLast()
            $0.symbols = [.init(name: "_start", value: 0x0040_0000, size: 16), .init(name: "x", value: 0x0041_0000, type: 1)]
        }.bytes
        let stripped = ELFBuilder.standardImage { $0.symbols = nil }.bytes
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

    /// Fuzzes one real guest binary from `mips-guests/bin/`. The guests are committed, so a
    /// missing or unreadable directory or file fails the test.
    func testFuzzGuestBinaryNeverCrashes() throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("mips-guests/bin")
        var guests: [(String, [UInt8])] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
            let data = try XCTUnwrap(FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                                     "mips-guests/bin/\(name) cannot be read")
            if data.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { guests.append((name, [UInt8](data))) }
        }
        // The smallest keeps the run short.
        let (name, bytes) = try XCTUnwrap(guests.min { $0.1.count < $1.1.count }, "mips-guests/bin holds no ELF file")
        XCTAssertTrue(exercise(bytes), "\(name) should parse")
        // A real binary takes milliseconds to parse in a debug build: fewer mutants, and a time cap.
        let plan = FuzzPlan(mutants: 300, randomTruncations: 100, extremeFields: 300, combinations: 200)
        let result = fuzz(bytes, seed: 0x5EED_0004, plan: plan, budget: .seconds(3))
        XCTAssertGreaterThan(result.run, 0, name)
    }
}
