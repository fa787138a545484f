import Field
import XCTest
@testable import Poseidon

/// Known-answer vectors from `../shared/vectors/poseidon-goldilocks.md` (plonky2's tests and an
/// independent C++ implementation), checked against both forms of the permutation.
final class PoseidonVectorTests: XCTestCase {
    /// Vectors 1–4: full 12-lane input → output.
    static let fullVectors: [(input: [UInt64], output: [UInt64])] = [
        (
            [UInt64](repeating: 0, count: 12),
            [
                0x3c18a9786cb0b359, 0xc4055e3364a246c3, 0x7953db0ab48808f4, 0xc71603f33a1144ca,
                0xd7709673896996dc, 0x46a84e87642f44ed, 0xd032648251ee0b3c, 0x1c687363b207df62,
                0xdf8565563e8045fe, 0x40f5b37ff4254dae, 0xd070f637b431067c, 0x1792b1c4342109d7,
            ]
        ),
        (
            (0..<12).map { UInt64($0) },
            [
                0xd64e1e3efc5b8e9e, 0x53666633020aaa47, 0xd40285597c6a8825, 0x613a4f81e81231d2,
                0x414754bfebd051f0, 0xcb1f8980294a023f, 0x6eb2a9e4d54a9d0f, 0x1902bc3af467e056,
                0xf045d5eafdc6021f, 0xe4150f77caaa3be5, 0xc9bfd01d39b50cce, 0x5c0a27fcb0e1459b,
            ]
        ),
        (
            [UInt64](repeating: 0xffffffff00000000, count: 12),
            [
                0xbe0085cfc57a8357, 0xd95af71847d05c09, 0xcf55a13d33c1c953, 0x95803a74f4530e82,
                0xfcd99eb30a135df1, 0xe095905e913a3029, 0xde0392461b42919b, 0x7d3260e24e81d031,
                0x10d3d0465d9deaa0, 0xa87571083dfc2a47, 0xe18263681e9958f8, 0xe28e96f1ae5e60d3,
            ]
        ),
        (
            [
                0x8ccbbbea4fe5d2b7, 0xc2af59ee9ec49970, 0x90f7e1a9e658446a, 0xdcc0630a3ab8b1b8,
                0x7ff8256bca20588c, 0x5d99a7ca0c44ecfb, 0x48452b17a70fbee3, 0xeb09d654690b6c88,
                0x4a55d3a39c676a88, 0xc0407a38d2285139, 0xa234bac9356386d1, 0xe1633f2bad98a52f,
            ],
            [
                0xa89280105650c4ec, 0xab542d53860d12ed, 0x5704148e9ccab94f, 0xd3a826d4b62da9f5,
                0x8a7a6ca87892574f, 0xc7017e1cad1a674e, 0x1f06668922318e34, 0xa3b203bc8102676f,
                0xfcc781b0ce382bf2, 0x934c69ff3ed14ba5, 0x504688a5996e8f13, 0x401f3f2ed524a2ba,
            ]
        ),
    ]

    func testFullVectorsFastForm() {
        for (index, vector) in Self.fullVectors.enumerated() {
            var state = PoseidonState(elements(vector.input))
            Poseidon.permute(&state)
            XCTAssertEqual(state.lanes, elements(vector.output), "vector \(index + 1)")
        }
    }

    func testFullVectorsReferenceForm() {
        for (index, vector) in Self.fullVectors.enumerated() {
            var state = PoseidonState(elements(vector.input))
            Poseidon.permuteReference(&state)
            XCTAssertEqual(state.lanes, elements(vector.output), "vector \(index + 1)")
        }
    }

    /// Vector 5 (Fibonacci input; first four output lanes only).
    func testFibonacciVector() {
        let input = elements([0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89])
        let expected = elements([0x3095570037f4605d, 0x3d561b5ef1bc8b58, 0x8129db5ec75c3226, 0x8ec2b67afb6b87ed])
        var fast = PoseidonState(input)
        Poseidon.permute(&fast)
        XCTAssertEqual(Array(fast.lanes[0..<4]), expected)
        var reference = PoseidonState(input)
        Poseidon.permuteReference(&reference)
        XCTAssertEqual(Array(reference.lanes[0..<4]), expected)
    }

    /// Derived sponge value: `hash_no_pad([1, 2, …, 10])` (two absorptions).
    func testHashOfOneToTen() {
        let expected = Digest(elements([0xc87ea91e08ab38be, 0xa7c57e2836a7d50a, 0x14b31b30a76f7773, 0xacdced6d96661721]))
        XCTAssertEqual(Poseidon.hash(elements((1...10).map { UInt64($0) })), expected)
    }

    /// Derived value: `two_to_one([1, 2, 3, 4], [5, 6, 7, 8])`.
    func testCompressVector() {
        let expected = Digest(elements([0xd110aa6a46373941, 0x8f238fcceb658894, 0x9cd4f8353866fb4f, 0x274913f0007aa232]))
        let left = Digest(elements([1, 2, 3, 4]))
        let right = Digest(elements([5, 6, 7, 8]))
        XCTAssertEqual(Poseidon.compress(left, right), expected)
    }

    /// The transcribed tables have the sizes the vectors file states, and every value is canonical.
    func testConstantTableShapes() {
        typealias C = PoseidonConstants
        XCTAssertEqual(C.roundConstants.count, 360)
        XCTAssertEqual(C.fastPartialFirstRoundConstant.count, 12)
        XCTAssertEqual(C.fastPartialRoundConstants.count, 22)
        XCTAssertEqual(C.fastPartialRoundConstants.last, 0)
        XCTAssertEqual(C.fastPartialRoundVs.count, 22 * 11)
        XCTAssertEqual(C.fastPartialRoundWHats.count, 22 * 11)
        XCTAssertEqual(C.fastPartialRoundInitialMatrix.count, 11 * 11)
        XCTAssertEqual(C.mdsCirculant, [17, 15, 41, 16, 2, 28, 13, 13, 39, 18, 34, 20])
        XCTAssertEqual(C.mdsDiagonal, [8] + [UInt64](repeating: 0, count: 11))
        let all = C.roundConstants + C.fastPartialFirstRoundConstant + C.fastPartialRoundConstants
            + C.fastPartialRoundVs + C.fastPartialRoundWHats + C.fastPartialRoundInitialMatrix
        XCTAssertTrue(all.allSatisfy { $0 < Goldilocks.modulus })
    }
}
