import Foundation
import XCTest
@testable import ZKMips

/// Runs every bundled guest (mips-guests/manifest.json, whose answers were recorded under
/// qemu-mips) and checks stdout, the public output and the exit code.
final class GuestManifestTests: XCTestCase {
    struct Guest: Decodable {
        let name: String
        let elf: String
        let sha256: String
        let input: String?
        let expectedStdout: String
        let publicOutputHex: String
        let exitCode: Int32
    }

    /// A manifest entry: a guest, or the kernel (`"kind": "kernel"`, described but not run).
    struct Entry: Decodable {
        let kind: String?
        let guest: Guest?

        init(from decoder: Decoder) throws {
            enum Keys: String, CodingKey { case kind }
            kind = try decoder.container(keyedBy: Keys.self).decodeIfPresent(String.self, forKey: .kind)
            guest = kind == nil ? try Guest(from: decoder) : nil
        }
    }

    /// Guests of more than 100 M cycles (the FPU sweep: 187 M, nine tenths of them in the
    /// kernel's emulator): a debug build interprets them too slowly for the unit tests, so there
    /// `scripts/differential.sh` (release build, in CI) checks them against the manifest.
    static let releaseOnlyGuests: Set<String> = ["cglibc-fpu"]

    static let guestsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("mips-guests")

    func loadManifest() throws -> [Guest] {
        let data = try Data(contentsOf: Self.guestsDirectory.appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode([Entry].self, from: data).compactMap(\.guest)
    }

    func run(_ guest: Guest, segmentCycles: UInt64? = nil) throws -> (Executor.Result, ProgramImage) {
        let elf = try [UInt8](Data(contentsOf: Self.guestsDirectory.appendingPathComponent(guest.elf)))
        let input = try guest.input.map { try [UInt8](Data(contentsOf: Self.guestsDirectory.appendingPathComponent($0))) } ?? []
        let image = try ProgramImage.load(elfBytes: elf)
        let machine = image.makeMachine(input: input)
        return (Executor.run(machine, maxCycles: 100_000_000, segmentCycles: segmentCycles), image)
    }

    func testEveryGuestMatchesTheManifest() throws {
        let guests = try loadManifest()
        XCTAssertGreaterThanOrEqual(guests.count, 20)
        XCTAssertTrue(Self.releaseOnlyGuests.isSubset(of: guests.map(\.name)))
        for guest in guests {
            #if DEBUG
            if Self.releaseOnlyGuests.contains(guest.name) { continue }
            #endif
            let (result, _) = try run(guest)
            XCTAssertEqual(result.outcome, .exited(code: guest.exitCode), guest.name)
            XCTAssertEqual(String(decoding: result.standardOutput, as: UTF8.self), guest.expectedStdout, guest.name)
            XCTAssertEqual(result.publicOutput.map { String(format: "%02x", $0) }.joined(), guest.publicOutputHex, guest.name)
        }
    }

    /// A multi-segment Go run: every segment, re-executed from its snapshot alone (after a
    /// round trip through the binary format), reaches exactly its recorded end.
    func testGoSegmentsReplayExactly() throws {
        let guest = try XCTUnwrap(loadManifest().first { $0.name == "go-collections" })
        let (result, _) = try run(guest, segmentCycles: 1 << 17)
        XCTAssertEqual(result.outcome, .exited(code: 0))
        XCTAssertGreaterThan(result.segments.count, 4)
        var cycle: UInt64 = 0
        var output: [UInt8] = []
        for segment in result.segments {
            XCTAssertEqual(segment.startCycle, cycle)
            cycle += segment.cycleCount
            output += segment.end.publicOutput
            let decoded = try Segment(serialized: segment.serialized())
            XCTAssertEqual(decoded, segment)
            XCTAssertEqual(decoded.replay(), segment.end, "segment \(segment.index)")
        }
        XCTAssertEqual(cycle, result.cycles)
        XCTAssertEqual(output, result.publicOutput)
        XCTAssertNoThrow(try SegmentChain.validate(result.segments), "the segments form a chain")
        if case .exited(code: 0) = result.segments.last?.end.status {} else { XCTFail("last segment must exit") }
    }

    /// Timers and sleeping (Go's netpoller: pipe, epoll) across segment boundaries.
    func testGoTimersSegmentsReplayExactly() throws {
        let guest = try XCTUnwrap(loadManifest().first { $0.name == "go-timers" })
        let (result, _) = try run(guest, segmentCycles: 1 << 16)
        XCTAssertEqual(result.outcome, .exited(code: 0))
        for segment in result.segments {
            let decoded = try Segment(serialized: segment.serialized())
            XCTAssertEqual(decoded, segment)
            XCTAssertEqual(decoded.replay(), segment.end, "segment \(segment.index)")
        }
        XCTAssertNoThrow(try SegmentChain.validate(result.segments), "the segments form a chain")
    }

    /// Segment boundaries fall inside the kernel too (its state lives in memory, the machine's
    /// in the snapshot): those segments replay exactly.
    func testSegmentsStartingInsideTheKernelReplayExactly() throws {
        let guest = try XCTUnwrap(loadManifest().first { $0.name == "go-hello" })
        let (result, _) = try run(guest, segmentCycles: 1 << 12)
        XCTAssertEqual(result.outcome, .exited(code: 0))
        let inKernel = result.segments.filter { $0.start.mode == .kernel }
        XCTAssertGreaterThan(inKernel.count, 5)
        XCTAssertNoThrow(try SegmentChain.validate(result.segments), "the segments form a chain")
        for segment in inKernel.prefix(20) {
            XCTAssertEqual(try Segment(serialized: segment.serialized()).replay(), segment.end, "segment \(segment.index)")
        }
    }

    func testGoProgramsArePatchedAndCProgramsAreNot() throws {
        for guest in try loadManifest() where guest.name == "go-hello" || guest.name == "c-fibonacci" {
            let (_, image) = try run(guest)
            let symbols = Set(image.patches.map(\.symbol))
            if guest.name.hasPrefix("go") {
                XCTAssertEqual(symbols, ["runtime.main.func1", "runtime.MemProfileRate"])
            } else {
                XCTAssertTrue(symbols.isEmpty)
            }
        }
    }
}
