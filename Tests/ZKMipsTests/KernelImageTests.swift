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
        XCTAssertEqual(sha256Hex(committed), KernelImageData.sha256)
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
        XCTAssertEqual(kernel.vdso.count, Memory.pageSize, "one user-executable page")
        XCTAssertGreaterThan(kernel.end, kernel.vdso.upperBound)
        XCTAssertTrue(kernel.functions.contains { $0.name == "kernel_exception" })
        XCTAssertTrue((KernelLayout.base..<kernel.end).contains(kernel.bootAddress))
    }

    func testProgramImagesCarryTheKernelAndABootBlock() throws {
        let elf = try [UInt8](Data(contentsOf: Self.guests.appendingPathComponent("bin/c-exitcode")))
        let image = try ProgramImage.load(elfBytes: elf)
        let kernel = KernelImage.embedded
        for (number, words) in kernel.pages where !(kernel.bootAddress >> 12 == number) {
            XCTAssertEqual(image.pages[number], words, "kernel page \(number)")
        }
        let boot = kernel.bootAddress
        let word = { (offset: UInt32) -> UInt32 in image.pages[(boot + offset) >> 12]?[Int(((boot + offset) >> 2) & 1023)] ?? 0 }
        XCTAssertEqual(word(0), 0x5a4b_4254, "magic")
        XCTAssertEqual(word(4), 1, "version")
        XCTAssertEqual(word(8), KernelLayout.nullGuardEnd)
        XCTAssertEqual(word(16), image.breakStart)
        XCTAssertEqual(image.map.region(containing: KernelLayout.base >> 12)?.permissions.contains(.kernel), true)
        XCTAssertEqual(image.map.region(containing: kernel.vdso.lowerBound >> 12)?.permissions, [.read, .execute])
        XCTAssertEqual(image.cpu.mode, .user)
        XCTAssertNotNil(image.symbols.describe(KernelLayout.exceptionVector), "kernel symbols name kernel addresses")
    }

    func testMalformedKernelImagesAreRefused() {
        XCTAssertThrowsError(try KernelImage(elfBytes: [0x7f, 0x45])) { error in
            guard case .elf = error as? KernelImage.Problem else { return XCTFail("\(error)") }
        }
        // A valid MIPS ELF that is not a kernel: a guest.
        let guest = (try? [UInt8](Data(contentsOf: Self.guests.appendingPathComponent("bin/c-exitcode")))) ?? []
        XCTAssertThrowsError(try KernelImage(elfBytes: guest)) { error in
            XCTAssertEqual(error as? KernelImage.Problem, .wrongAddress("zk_exception_vector must be at 0x80000000"))
        }
    }
}

/// SHA-256 (FIPS 180-4), to check the committed kernel against its recorded digest.
func sha256Hex(_ message: [UInt8]) -> String {
    let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]
    var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    var data = message + [0x80]
    while data.count % 64 != 56 { data.append(0) }
    let bits = UInt64(message.count) * 8
    for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }
    var w = [UInt32](repeating: 0, count: 64)
    for chunk in stride(from: 0, to: data.count, by: 64) {
        for i in 0..<16 {
            w[i] = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(data[chunk + 4 * i + $1]) }
        }
        for i in 16..<64 {
            let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
        for i in 0..<64 {
            let t1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        for (i, v) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ v }
    }
    return h.map { String($0, radix: 16).leftPadded(to: 8) }.joined()
}
