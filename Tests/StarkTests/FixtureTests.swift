import Commit
import ExampleMachines
import Field
@testable import Stark
import XCTest

/// A committed proof pins the format and the protocol: proving the same statement again must
/// give the same bytes, and the committed bytes must verify. A change to the layout or to the
/// transcript fails here; bump `StarkProof.formatVersion` on purpose and regenerate with
/// `ZKMIPS_UPDATE_FIXTURES=1 swift test --filter FixtureTests`.
final class FixtureTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fibonacci-8-fast-v\(StarkProof.formatVersion).zksp")

    func testCommittedProofIsReproducedAndVerifies() throws {
        let instance = try Instance.fibonacci(rows: 8)
        let fresh = try instance.prove().serialized()
        if ProcessInfo.processInfo.environment["ZKMIPS_UPDATE_FIXTURES"] == "1" {
            try Data(fresh).write(to: Self.fixture)
        }
        guard let committed = FileManager.default.contents(atPath: Self.fixture.path) else {
            return XCTFail("\(Self.fixture.path) is missing (it is committed; regenerate it only for a new format version)")
        }
        XCTAssertEqual(fresh.count, committed.count, "proof size changed")
        XCTAssertTrue(fresh == Array(committed), "the proof bytes changed: a format or protocol change needs a new format version")
        let proof = try StarkProof(bytes: Array(committed))
        XCTAssertNil(instance.rejection(proof))
    }
}
