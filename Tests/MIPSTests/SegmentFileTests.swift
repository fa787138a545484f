import Foundation
import XCTest

@testable import MIPS

/// The segment file format (version 3): round trips, the SHA-256 trailer that refuses any
/// changed byte, the length that tells truncation apart, field validation, and a committed
/// fixture that pins the bytes on disk.
final class SegmentFileTests: XCTestCase {
    private var segments: [Segment] { SegmentTests.segmentedRun.segments }

    /// `bytes` with its length and checksum recomputed: a file that passes the checksum, to reach
    /// the field checks behind it (what a corrupted file could look like without the checksum).
    private func resealed(_ bytes: [UInt8]) -> [UInt8] { Segment.sealed(Array(bytes.dropLast(SHA256.digestSize))) }

    /// File offset of the word at `address` in the pages of `segment`'s serialization.
    private func offset(ofWord address: UInt32, in segment: Segment) -> Int {
        // Header, index, two cycle counts, null guard, CPU state (39 words and the mode byte).
        var offset = Segment.headerSize + 4 + 16 + 4 + 39 * 4 + 1
        offset += 4 + segment.memoryMap.regions.reduce(0) { $0 + 13 + $1.name.utf8.count }
        offset += 4  // page count
        offset += segment.pages.keys.filter { $0 < address >> 12 }.count * (4 + Memory.pageSize)
        return offset + 4 + Int((address >> 2) & 1023) * 4
    }

    // MARK: - SHA-256

    /// FIPS 180-2 Appendix B (B.1 "abc", B.2 the 448-bit message, B.3 a million "a"), the empty
    /// message, and a 64-byte one (padding takes a second block), computed with GNU coreutils
    /// `sha256sum`.
    func testSHA256KnownAnswers() {
        let vectors: [(String, [UInt8])] = [
            ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", []),
            ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Array("abc".utf8)),
            ("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
             Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            ("ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb", Array(repeating: 0x61, count: 64)),
            ("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Array(repeating: 0x61, count: 1_000_000)),
        ]
        for (expected, message) in vectors {
            XCTAssertEqual(SHA256.hex(SHA256.hash(message)), expected, "\(message.count) bytes")
        }
        // A slice hashes as the bytes it holds, wherever it starts.
        let framed: [UInt8] = [1, 2] + Array("abc".utf8) + [3]
        XCTAssertEqual(SHA256.hash(framed[2..<5]), SHA256.hash(Array("abc".utf8)))
    }

    // MARK: - Round trips

    func testSerializationRoundTrips() throws {
        for segment in segments {
            let bytes = segment.serialized()
            XCTAssertEqual(Array(bytes.prefix(8)), Segment.magic)
            XCTAssertEqual(Array(bytes[8..<10]), [0, 3], "version 3")
            XCTAssertEqual(try Segment(serialized: bytes), segment, "segment \(segment.index)")
        }
    }

    /// A committed segment file (`Tests/Fixtures/segment-v3-c-exitcode-0.bin`): it decodes,
    /// re-encodes to the same bytes and replays to its recorded end, and its SHA-256 is pinned.
    /// A change to the format therefore fails here: bump ``Segment/formatVersion``, then
    /// regenerate the file with
    /// `zkmips execute mips-guests/bin/c-exitcode --segment-cycles 16 --max-cycles 16 --write-segments DIR`
    /// (DIR/segment-0.bin) and update the digest below.
    func testCommittedFixtureDecodesAndReencodesExactly() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/segment-v3-c-exitcode-0.bin")
        let bytes = try [UInt8](Data(contentsOf: url))
        XCTAssertEqual(SHA256.hex(SHA256.hash(bytes)), "f92c31fd02da1d52d1af9e892806f887ede87ea32afb794f4477a6f1f45d703c",
                       "the fixture changed: regenerate it only with a new format version")
        let segment = try Segment(serialized: bytes)
        XCTAssertEqual(segment.serialized(), bytes, "the encoder writes the committed bytes")
        XCTAssertEqual(segment.index, 0)
        XCTAssertEqual(segment.startCycle, 0)
        XCTAssertEqual(segment.cycleCount, 16)
        XCTAssertEqual(segment.start.mode, .user)
        XCTAssertEqual(segment.end.status, .running)
        XCTAssertEqual(segment.pages.count, 2)
        XCTAssertEqual(Set(segment.end.pageDigests.keys), Set(segment.pages.keys))
        XCTAssertEqual(segment.replay(), segment.end)
        XCTAssertNoThrow(try SegmentChain.validate([segment]))
    }

    // MARK: - The checksum

    /// The hole the checksum closes: a bit flipped in a page word that the segment writes before
    /// it reads never shows in a replay, so version 2 decoded the file and `replay` printed
    /// "matches". Now the file is refused.
    func testAFlippedBitInAWordWrittenBeforeItIsReadIsRefused() throws {
        let segment = segments[3]
        // A data word whose first access in the segment is a write.
        var seen: Set<UInt32> = []
        let write = try XCTUnwrap(segment.trace().events.memoryAccesses.first { access in
            seen.insert(access.address).inserted && access.kind == .write && access.address >> 12 == SegmentTests.data >> 12
        })
        var bytes = segment.serialized()
        let at = offset(ofWord: write.address, in: segment)
        XCTAssertEqual(bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }, write.previous, "the word's start value")
        bytes[at + 3] ^= 0x01

        // Without the checksum (resealed) the change decodes and replays to the recorded end.
        let changed = try Segment(serialized: resealed(bytes))
        XCTAssertNotEqual(changed.pages, segment.pages)
        XCTAssertEqual(changed.replay(), changed.end, "a replay cannot see the change")

        XCTAssertThrowsError(try Segment(serialized: bytes)) { error in
            guard case let .checksumMismatch(recorded, computed) = error as? SegmentDecodingError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(recorded, Array(bytes.suffix(32)))
            XCTAssertEqual(computed, SHA256.hash(Array(bytes.dropLast(32))))
            XCTAssertTrue("\(error)".contains("checksum mismatch"), "\(error)")
        }
    }

    /// Every single-bit change anywhere in a file is refused, each part with its own error: the
    /// magic, the version, the length, everything else by the checksum.
    func testEveryFlippedBitIsRefused() {
        let bytes = segments[2].serialized()
        var generator = SeededGenerator(seed: 0x5E6_0003)
        let positions = Array(0..<64) + (0..<150).map { _ in Int.random(in: 64..<bytes.count, using: &generator) }
            + Array(bytes.count - 40..<bytes.count)
        for position in positions {
            var mutant = bytes
            mutant[position] ^= 1 << UInt8(position % 8)
            XCTAssertThrowsError(try Segment(serialized: mutant), "byte \(position)") { error in
                guard let error = error as? SegmentDecodingError else { return XCTFail("\(error)") }
                switch position {
                case 0..<8: XCTAssertEqual(error, .badMagic)
                case 8..<10: XCTAssertEqual(error, .unsupportedVersion(UInt16(mutant[8]) << 8 | UInt16(mutant[9])))
                case 10..<18:
                    switch error {
                    case .truncated, .trailingBytes, .invalid(field: _, offset: Segment.lengthOffset): break
                    default: XCTFail("byte \(position) (length): \(error)")
                    }
                default:
                    guard case .checksumMismatch = error else { return XCTFail("byte \(position): \(error)") }
                }
            }
        }
    }

    // MARK: - Length, magic, version

    func testTruncatedAndExtendedFilesAreRefused() {
        let bytes = segments[1].serialized()
        var generator = SeededGenerator(seed: 0x5E6_0001)
        let lengths = Array(0..<300) + (0..<50).map { _ in Int.random(in: 300..<bytes.count, using: &generator) }
        for length in lengths {
            XCTAssertThrowsError(try Segment(serialized: Array(bytes.prefix(length))), "length \(length)") { error in
                guard let error = error as? SegmentDecodingError, case .truncated = error else {
                    return XCTFail("length \(length): \(error)")
                }
                if length >= Segment.headerSize {
                    XCTAssertEqual(error, .truncated(offset: length, needed: bytes.count - length), "the length field says")
                }
            }
        }
        XCTAssertThrowsError(try Segment(serialized: bytes + [0])) { error in
            XCTAssertEqual(error as? SegmentDecodingError, .trailingBytes(count: 1))
        }
        var badMagic = bytes
        badMagic[0] ^= 0xff
        XCTAssertThrowsError(try Segment(serialized: badMagic)) { XCTAssertEqual($0 as? SegmentDecodingError, .badMagic) }
        var badVersion = bytes
        badVersion[9] = 99
        XCTAssertThrowsError(try Segment(serialized: badVersion)) {
            XCTAssertEqual($0 as? SegmentDecodingError, .unsupportedVersion(99))
        }
    }

    /// Format 2 added the system state (mode, EPC pair, UserLocal); format 3 the length, the end
    /// memory map, per-page end digests and the checksum. A segment that starts in the kernel
    /// round-trips its state; a mode byte other than 0/1 and older versions are refused.
    func testSystemStateIsSerializedAndOldVersionsAreRefused() throws {
        let segment = try XCTUnwrap(segments.first { $0.start.mode == .kernel }, "some segment starts inside the kernel")
        XCTAssertNotEqual(segment.start.exceptionPC, 0)
        let bytes = segment.serialized()
        XCTAssertEqual(try Segment(serialized: bytes).start, segment.start)
        // Header 18, index 4, two cycle counts 16, null guard 4; then 39 words of CPU state.
        let modeOffset = Segment.headerSize + 4 + 16 + 4 + 39 * 4
        XCTAssertEqual(bytes[modeOffset], 1, "kernel mode")
        var badMode = bytes
        badMode[modeOffset] = 2
        XCTAssertThrowsError(try Segment(serialized: resealed(badMode))) { error in
            XCTAssertEqual(error as? SegmentDecodingError, .invalid(field: "privilege mode", offset: modeOffset))
        }
        for version: UInt8 in [1, 2] {
            var old = bytes
            old[9] = version
            XCTAssertThrowsError(try Segment(serialized: old)) {
                XCTAssertEqual($0 as? SegmentDecodingError, .unsupportedVersion(UInt16(version)))
            }
        }
        XCTAssertEqual(Segment.formatVersion, 3)
    }

    /// The end record must hold one digest per page, no more, no fewer.
    func testPageDigestsMustMatchThePages() throws {
        var segment = segments[4]
        let page = try XCTUnwrap(segment.end.pageDigests.keys.min())
        segment.end.pageDigests[page] = nil
        XCTAssertThrowsError(try Segment(serialized: segment.serialized())) { error in
            guard case .invalid(field: "page digests (not one for each page)", _) = error as? SegmentDecodingError else {
                return XCTFail("\(error)")
            }
        }
        segment.end.pageDigests[page] = 0
        segment.end.pageDigests[0xfffff] = 0
        XCTAssertThrowsError(try Segment(serialized: segment.serialized()))
    }

    /// Random changes behind a valid checksum (so the field checks are what runs) either
    /// decode, to a segment that round-trips itself, or throw; never crash.
    func testCorruptedFieldsDecodeOrThrow() {
        let segment = segments[2]
        let bytes = segment.serialized()
        // The structural part: header fields, CPU state, map, page numbers; then anywhere
        // (the magic, version and length are left alone: they are checked before the checksum).
        let contentEnd = bytes.count - SHA256.digestSize
        let headerEnd = min(contentEnd, 600)
        var generator = SeededGenerator(seed: 0x5E6_0002)
        var decoded = 0, rejected = 0
        for round in 0..<300 {
            var mutant = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = round % 2 == 0
                    ? Int.random(in: Segment.headerSize..<headerEnd, using: &generator)
                    : Int.random(in: Segment.headerSize..<contentEnd, using: &generator)
                mutant[position] = UInt8.random(in: 0...255, using: &generator)
            }
            do {
                let result = try Segment(serialized: resealed(mutant))
                decoded += 1
                XCTAssertEqual(try Segment(serialized: result.serialized()), result)
            } catch {
                rejected += 1
                XCTAssertFalse(error.description.isEmpty)
            }
        }
        XCTAssertGreaterThan(decoded, 0)
        XCTAssertGreaterThan(rejected, 0)
    }
}
