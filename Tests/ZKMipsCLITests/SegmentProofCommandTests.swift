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
