import Foundation
import XCTest

/// `zkmips replay` refuses files that are not consecutive segments of one run, in order, and
/// files whose checksum does not match — before replaying anything.
extension CLITests {
    /// Segment files of c-exitcode (three segments of 1024 cycles), in order.
    private func writeSegments() throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zkmips-chain-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let run = try zkmips(["execute", guest("c-exitcode"), "--segment-cycles", "1024", "--write-segments", directory.path,
                              "--input", Self.guests.appendingPathComponent("inputs/c-exitcode.in").path])
        XCTAssertEqual(run.status, 7, run.stderr)
        let count = try FileManager.default.contentsOfDirectory(atPath: directory.path).count
        XCTAssertGreaterThanOrEqual(count, 3)
        return (0..<count).map { directory.appendingPathComponent("segment-\($0).bin").path }
    }

    func testReplayRefusesSegmentsOutOfOrderOrRepeated() throws {
        let files = try writeSegments()
        var run = try zkmips(["replay"] + files)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)

        run = try zkmips(["replay", files[0], files[2], files[1]])
        XCTAssertEqual(run.status, 65)
        XCTAssertEqual(run.stdout, "", "nothing is replayed")
        XCTAssertTrue(run.stderr.contains("\(files[2]) does not continue \(files[0]): index 2, expected 1"), run.stderr)

        run = try zkmips(["replay", files[0], files[1], files[1]])
        XCTAssertEqual(run.status, 65)
        XCTAssertTrue(run.stderr.contains("\(files[1]) repeats segment 1, already given as \(files[1])"), run.stderr)
    }

    func testReplayRefusesAFlippedByte() throws {
        let files = try writeSegments()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: files[1])))
        bytes[bytes.count / 2] ^= 0x04
        let flipped = try temporaryFile("flipped.bin", bytes)
        let run = try zkmips(["replay", files[0], flipped, files[2]])
        XCTAssertEqual(run.status, 65)
        XCTAssertTrue(run.stderr.contains("\(flipped): not a valid segment file: checksum mismatch"), run.stderr)
    }
}
