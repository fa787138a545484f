import Foundation
import XCTest

/// `zkmips prove-segment` and `verify-segment` as a user runs them on a guest's segment files.
extension CLITests {
    func testProveAndVerifyASegment() throws {
        let directory = try temporaryDirectory()
        var run = try zkmips(["execute", guest("c-exitcode"), "--segment-cycles", "1024", "--write-segments", directory.path,
                              "--input", Self.guests.appendingPathComponent("inputs/c-exitcode.in").path, "--quiet"])
        XCTAssertEqual(run.status, 7, run.stderr)
        let count = try FileManager.default.contentsOfDirectory(atPath: directory.path).count
        let last = directory.appendingPathComponent("segment-\(count - 1).bin").path
        let proof = directory.appendingPathComponent("last.proof").path

        run = try zkmips(["prove-segment", last, "-o", proof, "--threads", "2"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("step 4/4"), "progress on stderr: \(run.stderr)")
        XCTAssertTrue(run.stdout.contains("cycles proven in"), run.stdout)

        run = try zkmips(["verify-segment", proof, "--segment", last])
        XCTAssertEqual(run.status, 0, run.stderr)
        let claim = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(claim["verified"] as? Bool, true)
        XCTAssertEqual(claim["exitCode"] as? Int, 7)

        // Another segment's file: the statement does not start there.
        run = try zkmips(["verify-segment", proof, "--segment", directory.appendingPathComponent("segment-0.bin").path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("does not start where"), run.stderr)

        // A byte of the STARK proof flipped: refused, not crashed.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: proof)))
        bytes[bytes.count - 100] ^= 0x10
        let flipped = try temporaryFile("flipped.proof", bytes)
        run = try zkmips(["verify-segment", flipped])
        XCTAssertTrue([1, 65].contains(run.status), "status \(run.status): \(run.stderr)")
        XCTAssertTrue(run.stderr.contains(flipped), run.stderr)

        // Another preset's verifying key: refused.
        run = try zkmips(["verify-segment", proof, "--preset", "compact"])
        XCTAssertEqual(run.status, 1, run.stderr)

        // Not a segment file.
        run = try zkmips(["prove-segment", proof, "-o", proof + ".2"])
        XCTAssertEqual(run.status, 65)
        XCTAssertTrue(run.stderr.contains("not a valid segment file"), run.stderr)
    }
}

extension CLITests {
    /// `zkmips check-segments` as a user runs it: a JSON line per segment, every one holding,
    /// then the summary; bad flags are refused with a message.
    func testCheckSegmentsOfAGuest() throws {
        var run = try zkmips(["check-segments", guest("c-fibonacci"), "--segment-cycles", "4096",
                              "--input", Self.guests.appendingPathComponent("inputs/c-fibonacci.in").path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.count, 3, run.stdout)
        XCTAssertEqual(lines.prefix(2).map { $0?["holds"] as? Bool }, [true, true])
        XCTAssertEqual(lines.last??["failing"] as? Int, 0)
        XCTAssertEqual(lines.last??["cycles"] as? Int, 7663)
        XCTAssertTrue(run.stderr.contains("[check-segments] segment 1"), run.stderr)

        run = try zkmips(["check-segments", guest("c-fibonacci"), "--segment-cycles", "1000"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("--segment-cycles must be a power of two"), run.stderr)
    }
}
