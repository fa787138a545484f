import Foundation
import XCTest
@testable import MIPS

/// The kernel embedded in the binary is the committed `mips-guests/bin/zkmips-kernel`, as the
/// manifest describes it, and every program image carries it with a boot block.
final class KernelImageTests: XCTestCase {
    static let guests = GuestManifestTests.guestsDirectory

    func testEmbeddedKernelIsTheCommittedOne() throws {
        let committed = try [UInt8](Data(contentsOf: Self.guests.appendingPathComponent("bin/zkmips-kernel")))
        XCTAssertEqual(KernelImageData.elf, committed, "rebuild with scripts/build-kernel.sh")
        XCTAssertEqual(SHA256.hex(SHA256.hash(committed)), KernelImageData.sha256, "MIPS.SHA256 agrees with sha256sum")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.guests.appendingPathComponent("manifest.json")))
        let entries = try XCTUnwrap(manifest as? [[String: Any]])
        let kernel = try XCTUnwrap(entries.first { $0["kind"] as? String == "kernel" }, "the manifest describes the kernel")
        XCTAssertEqual(kernel["sha256"] as? String, KernelImageData.sha256)
        XCTAssertEqual(kernel["elf"] as? String, "bin/zkmips-kernel")
    }

    func testKernelLayout() {
        let kernel = KernelImage.embedded
        XCTAssertEqual(kernel.pages[KernelLayout.exceptionVector >> 12]?.first.map { $0 >> 16 }, 0x3c1a,
                       "the vector starts with lui $k0 (loading the current context)")
        XCTAssertEqual(kernel.vdso, KernelLayout.vdso..<KernelLayout.base,
                       "one user-executable page, the last of user space: everything user code runs lies in user space, as the tables prove")
        XCTAssertGreaterThan(kernel.end, kernel.vdso.upperBound)
        XCTAssertTrue(kernel.functions.contains { $0.name == "kernel_exception" })
        XCTAssertTrue((KernelLayout.base..<kernel.end).contains(kernel.bootAddress))
    }

    func testProgramImagesCarryTheKernelAndABootBlock() throws {
        let elf = try [UInt8](Data(contentsOf: Self.guests.appendingPathComponent("bin/c-exitcode")))
        let image = try ProgramImage.load(elfBytes: elf)
        let kernel = KernelImage.embedded
        // The boot block (9 words and 16 regions of 4) may straddle two pages.
        let bootPages = (kernel.bootAddress >> 12)...((kernel.bootAddress + 4 * (9 + 16 * 4) - 1) >> 12)
        for (number, words) in kernel.pages where !bootPages.contains(number) {
            XCTAssertEqual(image.pages[number], words, "kernel page \(number)")
        }
        let boot = kernel.bootAddress
        let word = { (offset: UInt32) -> UInt32 in image.pages[(boot + offset) >> 12]?[Int(((boot + offset) >> 2) & 1023)] ?? 0 }
        XCTAssertEqual(word(0), 0x5a4b_4254, "magic")
        XCTAssertEqual(word(4), 1, "version")
        XCTAssertEqual(word(8), KernelLayout.nullGuardEnd)
        XCTAssertEqual(word(12), KernelLayout.vdso, "user space ends below the vDSO page (mmap never hands it out)")
        XCTAssertEqual(word(16), image.breakStart)
        XCTAssertEqual(image.map.region(containing: KernelLayout.base >> 12)?.permissions.contains(.kernel), true)
        XCTAssertEqual(image.map.region(containing: kernel.vdso.lowerBound >> 12)?.permissions, [.read, .execute])
        XCTAssertEqual(image.cpu.mode, .user)
        XCTAssertNotNil(image.symbols.describe(KernelLayout.exceptionVector), "kernel symbols name kernel addresses")
    }

    func testMalformedKernelImagesAreRefused() throws {
        XCTAssertThrowsError(try KernelImage(elfBytes: [0x7f, 0x45])) { error in
            guard case .elf = error as? KernelImage.Problem else { return XCTFail("\(error)") }
        }
        // A valid MIPS ELF that is not a kernel: a guest.
        let guest = try [UInt8](Data(contentsOf: Self.guests.appendingPathComponent("bin/c-exitcode")))
        XCTAssertThrowsError(try KernelImage(elfBytes: guest)) { error in
            XCTAssertEqual(error as? KernelImage.Problem, .wrongAddress("zk_exception_vector must be at 0x80000000"))
        }
    }
}
