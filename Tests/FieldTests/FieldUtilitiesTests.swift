import Foundation
import XCTest

@testable import Field

final class FieldUtilitiesTests: XCTestCase {
    // MARK: - Batch inverse

    func testBatchInverseMatchesIndividualInverses() {
        let values = randomElements(257, seed: 40).map { $0.isZero ? .one : $0 }
        let inverses = batchInverse(values)
        XCTAssertEqual(inverses.count, values.count)
        for (value, inverse) in zip(values, inverses) {
            XCTAssertEqual(inverse, value.inverse())
            XCTAssertEqual(value * inverse, .one)
        }
        var inPlace = values
        batchInvert(&inPlace)
        XCTAssertEqual(inPlace, inverses)
    }

    func testBatchInverseOfExtensionElements() {
        var generator = SplitMix64(seed: 41)
        let values = (0..<64).map { _ in GoldilocksExtension.random(using: &generator) }
        let inverses = batchInverse(values)
        for (value, inverse) in zip(values, inverses) { XCTAssertEqual(inverse, value.inverse()) }
    }

    func testBatchInverseSmallInputs() {
        XCTAssertEqual(batchInverse([Goldilocks]()), [])
        XCTAssertEqual(batchInverse([Goldilocks.two]), [Goldilocks.two.inverse()])
        XCTAssertEqual(batchInverse([Goldilocks.minusOne, .one]), [.minusOne, .one])
        // Repeated values.
        let seven = Goldilocks(uncheckedCanonical: 7)
        XCTAssertEqual(batchInverse([seven, seven, seven]), [seven.inverse(), seven.inverse(), seven.inverse()])
    }

    // MARK: - Bit reversal

    func testReverseBitsKnownValues() {
        XCTAssertEqual(reverseBits(0, bits: 0), 0)
        XCTAssertEqual(reverseBits(1, bits: 1), 1)
        XCTAssertEqual(reverseBits(1, bits: 3), 0b100)
        XCTAssertEqual(reverseBits(0b110, bits: 3), 0b011)
        XCTAssertEqual(reverseBits(0b0001_0110, bits: 8), 0b0110_1000)
        XCTAssertEqual(reverseBits(1, bits: 20), 1 << 19)
        XCTAssertEqual(reverseBits(1, bits: 63), 1 << 62)
        XCTAssertEqual(reverseBits(1, bits: 64), Int.min)
        XCTAssertEqual(reverseBits(0x1234_5678, bits: 32), 0x1E6A_2C48)
    }

    func testReverseBitsMatchesNaiveDefinition() {
        for bits in 0...12 {
            for value in 0..<(1 << bits) {
                var naive = 0
                for bit in 0..<bits where value & (1 << bit) != 0 { naive |= 1 << (bits - 1 - bit) }
                XCTAssertEqual(reverseBits(value, bits: bits), naive, "\(value) over \(bits) bits")
            }
        }
    }

    func testBitReversePermuteIsAnInvolutionMatchingReverseBits() {
        for logSize in 0...10 {
            let n = 1 << logSize
            let original = Array(0..<n)
            var permuted = original
            permuted.bitReversePermute()
            for i in 0..<n { XCTAssertEqual(permuted[i], reverseBits(i, bits: logSize), "n = \(n), i = \(i)") }
            permuted.bitReversePermute()
            XCTAssertEqual(permuted, original)
        }
    }

    func testBitReversePermuteOnASliceWithNonzeroStart() {
        var array = Array(100..<120)
        array[4..<12].bitReversePermute()
        XCTAssertEqual(Array(array[0..<4]), [100, 101, 102, 103])
        XCTAssertEqual(Array(array[4..<12]), [104, 108, 106, 110, 105, 109, 107, 111])
        XCTAssertEqual(Array(array[12...]), Array(112..<120))
    }

    func testBitReversePermuteOfFieldElements() {
        let values = randomElements(64, seed: 42)
        var permuted = values
        permuted.bitReversePermute()
        for i in 0..<64 { XCTAssertEqual(permuted[i], values[reverseBits(i, bits: 6)]) }
    }

    func testExactLog2() {
        XCTAssertEqual(1.exactLog2, 0)
        XCTAssertEqual(2.exactLog2, 1)
        XCTAssertEqual(1024.exactLog2, 10)
        XCTAssertEqual((1 << 40).exactLog2, 40)
    }

    // MARK: - RowMajorMatrix

    /// 3 columns × 4 rows with entry 10·row + column.
    private var sample: RowMajorMatrix<Int> {
        RowMajorMatrix(values: (0..<4).flatMap { row in (0..<3).map { 10 * row + $0 } }, width: 3)
    }

    func testMatrixShapeAndAccess() {
        let matrix = sample
        XCTAssertEqual(matrix.width, 3)
        XCTAssertEqual(matrix.height, 4)
        XCTAssertEqual(matrix[2, 1], 21)
        XCTAssertEqual(matrix[3, 2], 32)
        XCTAssertEqual(Array(matrix.row(1)), [10, 11, 12])
        XCTAssertEqual(matrix.rows.map(Array.init), [[0, 1, 2], [10, 11, 12], [20, 21, 22], [30, 31, 32]])
        XCTAssertEqual(matrix.column(2), [2, 12, 22, 32])
        XCTAssertEqual(matrix.columns, [[0, 10, 20, 30], [1, 11, 21, 31], [2, 12, 22, 32]])
        var mutable = matrix
        mutable[1, 2] = -5
        XCTAssertEqual(mutable.values[5], -5)
        XCTAssertNotEqual(mutable, matrix)
    }

    func testMatrixFromColumns() {
        let matrix = RowMajorMatrix(columns: [[0, 10, 20, 30], [1, 11, 21, 31], [2, 12, 22, 32]])
        XCTAssertEqual(matrix, sample)
        XCTAssertEqual(RowMajorMatrix(columns: sample.columns), sample)
        let single = RowMajorMatrix(columns: [[Goldilocks.one, .two]])
        XCTAssertEqual(single.width, 1)
        XCTAssertEqual(single.height, 2)
        let empty = RowMajorMatrix<Int>(columns: [[], []])
        XCTAssertEqual(empty.width, 2)
        XCTAssertEqual(empty.height, 0)
    }

    func testMatrixRepeating() {
        let matrix = RowMajorMatrix(repeating: Goldilocks.two, width: 5, height: 3)
        XCTAssertEqual(matrix.values.count, 15)
        XCTAssertEqual(matrix.height, 3)
        XCTAssertTrue(matrix.values.allSatisfy { $0 == .two })
    }

    func testTranspose() {
        let transposed = sample.transposed()
        XCTAssertEqual(transposed.width, 4)
        XCTAssertEqual(transposed.height, 3)
        for row in 0..<4 {
            for column in 0..<3 { XCTAssertEqual(transposed[column, row], sample[row, column]) }
        }
        XCTAssertEqual(transposed.transposed(), sample)
        XCTAssertEqual(transposed.rows.map(Array.init), sample.columns)
    }

    func testBitReversedRows() {
        let matrix = RowMajorMatrix(values: Array(0..<16), width: 2)  // 8 rows
        let reversed = matrix.bitReversedRows()
        XCTAssertEqual(reversed.width, 2)
        XCTAssertEqual(reversed.height, 8)
        for row in 0..<8 { XCTAssertEqual(Array(reversed.row(row)), Array(matrix.row(reverseBits(row, bits: 3)))) }
        XCTAssertEqual(reversed.bitReversedRows(), matrix)
        XCTAssertEqual(Array(reversed.row(1)), [8, 9])
        // Same as permuting each column.
        for column in 0..<2 {
            var permuted = matrix.column(column)
            permuted.bitReversePermute()
            XCTAssertEqual(reversed.column(column), permuted)
        }
    }

    // MARK: - Byte coding

    func testWriterLayoutIsLittleEndian() {
        var writer = ByteWriter()
        writer.write(UInt8(0xAB))
        writer.write(UInt32(0x0102_0304))
        writer.write(UInt64(0x0102_0304_0506_0708))
        writer.writeCount(258)
        writer.write(Goldilocks.minusOne)
        XCTAssertEqual(writer.bytes, [
            0xAB,
            0x04, 0x03, 0x02, 0x01,
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
            0x02, 0x01, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF,
        ])
    }

    func testRoundTrips() throws {
        let bases = randomElements(10, seed: 43)
        var generator = SplitMix64(seed: 44)
        let extensions = (0..<7).map { _ in GoldilocksExtension.random(using: &generator) }
        var writer = ByteWriter()
        writer.write(UInt8(7))
        writer.write(UInt32.max)
        writer.write(UInt64.max)
        writer.writeCount(0)
        writer.write(Goldilocks.minusOne)
        writer.write(extensions[0])
        writer.write(elements: bases)
        writer.write(elements: extensions)
        writer.write(elements: [Goldilocks]())
        writer.write(bytes: [1, 2, 3])

        var reader = ByteReader(writer.bytes)
        XCTAssertEqual(try reader.readByte(), 7)
        XCTAssertEqual(try reader.readUInt32(), UInt32.max)
        XCTAssertEqual(try reader.readUInt64(), UInt64.max)
        XCTAssertEqual(try reader.readCount(0...0, what: "empty"), 0)
        XCTAssertEqual(try reader.readElement(), .minusOne)
        XCTAssertEqual(try reader.readExtension(), extensions[0])
        XCTAssertEqual(try reader.readElements(Goldilocks.self, count: 0...100, what: "bases"), bases)
        XCTAssertEqual(try reader.readElements(GoldilocksExtension.self, count: 7...7, what: "extensions"), extensions)
        XCTAssertEqual(try reader.readElements(Goldilocks.self, count: 0...0, what: "none"), [])
        XCTAssertEqual(reader.remaining, 3)
        XCTAssertThrowsError(try reader.finish()) { error in
            XCTAssertEqual(error as? ByteDecodingError, .trailingBytes(offset: writer.bytes.count - 3, count: 3))
        }
        XCTAssertEqual(try reader.readByte(), 1)
        XCTAssertEqual(try reader.readByte(), 2)
        XCTAssertEqual(try reader.readByte(), 3)
        XCTAssertNoThrow(try reader.finish())
        XCTAssertEqual(reader.offset, writer.bytes.count)
    }

    func testGenericReadOfBothFields() throws {
        var writer = ByteWriter()
        writer.write(Goldilocks(uncheckedCanonical: 5))
        writer.write(GoldilocksExtension(Goldilocks(uncheckedCanonical: 6), Goldilocks(uncheckedCanonical: 7)))
        var reader = ByteReader(writer.bytes)
        XCTAssertEqual(try reader.read(Goldilocks.self), Goldilocks(uncheckedCanonical: 5))
        XCTAssertEqual(try reader.read(GoldilocksExtension.self), GoldilocksExtension(6, 7))
        try reader.finish()
    }

    func testTruncation() {
        var reader = ByteReader([1, 2, 3, 4, 5])
        XCTAssertThrowsError(try reader.readUInt64()) { error in
            XCTAssertEqual(error as? ByteDecodingError, .truncated(offset: 0, needed: 3))
        }
        XCTAssertEqual(reader.offset, 0, "a failed read consumes nothing")
        XCTAssertEqual(try reader.readUInt32(), 0x0403_0201)
        XCTAssertThrowsError(try reader.readUInt32()) { error in
            XCTAssertEqual(error as? ByteDecodingError, .truncated(offset: 4, needed: 3))
        }
        XCTAssertEqual(try reader.readByte(), 5)
        XCTAssertThrowsError(try reader.readByte()) { error in
            XCTAssertEqual(error as? ByteDecodingError, .truncated(offset: 5, needed: 1))
        }
        var empty = ByteReader([])
        XCTAssertThrowsError(try empty.readElement()) { error in
            XCTAssertEqual(error as? ByteDecodingError, .truncated(offset: 0, needed: 8))
        }
    }

    func testTruncatedElementListIsRejectedBeforeReading() {
        var writer = ByteWriter()
        writer.writeCount(3)
        writer.write(Goldilocks.one)
        writer.write(Goldilocks.two)  // one element short
        var reader = ByteReader(writer.bytes)
        XCTAssertThrowsError(try reader.readElements(Goldilocks.self, count: 0...10, what: "list")) { error in
            XCTAssertEqual(error as? ByteDecodingError, .truncated(offset: 4, needed: 8))
        }
        var extensionReader = ByteReader(writer.bytes)
        XCTAssertThrowsError(try extensionReader.readElements(GoldilocksExtension.self, count: 0...10, what: "list")) { error in
            XCTAssertEqual(error as? ByteDecodingError, .truncated(offset: 4, needed: 32))
        }
        // Three extension elements promised, two present: refused up front (offset 4), not after
        // reading two of them.
        var shortExtensions = ByteWriter()
        shortExtensions.writeCount(3)
        shortExtensions.write(GoldilocksExtension.one)
        shortExtensions.write(GoldilocksExtension.one)
        var shortReader = ByteReader(shortExtensions.bytes)
        XCTAssertThrowsError(try shortReader.readElements(GoldilocksExtension.self, count: 0...10, what: "list")) { error in
            XCTAssertEqual(error as? ByteDecodingError, .truncated(offset: 4, needed: 16))
        }
        // Whole-range truncation of a valid encoding fails at every cut.
        var full = ByteWriter()
        full.write(elements: randomElements(3, seed: 45))
        for cut in 0..<full.bytes.count {
            var cutReader = ByteReader(Array(full.bytes[..<cut]))
            XCTAssertThrowsError(try cutReader.readElements(Goldilocks.self, count: 0...3, what: "list"), "cut at \(cut)") { error in
                guard case .truncated = error as? ByteDecodingError else { return XCTFail("\(error)") }
            }
        }
    }

    func testNonCanonicalElementsAreRejected() {
        for raw in [FieldReference.p, FieldReference.p + 1, UInt64.max] {
            var writer = ByteWriter()
            writer.write(UInt32(9))
            writer.write(raw)
            var reader = ByteReader(writer.bytes)
            _ = try? reader.readUInt32()
            XCTAssertThrowsError(try reader.readElement()) { error in
                XCTAssertEqual(error as? ByteDecodingError, .nonCanonical(offset: 4, value: raw))
            }
        }
        var writer = ByteWriter()
        writer.write(Goldilocks.one)
        writer.write(FieldReference.p)
        var reader = ByteReader(writer.bytes)
        XCTAssertThrowsError(try reader.readExtension()) { error in
            XCTAssertEqual(error as? ByteDecodingError, .nonCanonical(offset: 8, value: FieldReference.p))
        }
        var listWriter = ByteWriter()
        listWriter.writeCount(2)
        listWriter.write(UInt64(1))
        listWriter.write(UInt64.max)
        var listReader = ByteReader(listWriter.bytes)
        XCTAssertThrowsError(try listReader.readElements(Goldilocks.self, count: 0...2, what: "list")) { error in
            XCTAssertEqual(error as? ByteDecodingError, .nonCanonical(offset: 12, value: UInt64.max))
        }
    }

    func testCountOutOfRange() {
        var writer = ByteWriter()
        writer.write(UInt8(0))
        writer.writeCount(11)
        var reader = ByteReader(writer.bytes)
        _ = try? reader.readByte()
        XCTAssertThrowsError(try reader.readCount(1...10, what: "rows")) { error in
            XCTAssertEqual(error as? ByteDecodingError, .countOutOfRange(offset: 1, count: 11, allowed: 1...10, what: "rows"))
        }
        // A huge count is refused before anything is allocated or read.
        var huge = ByteWriter()
        huge.write(UInt32.max)
        var hugeReader = ByteReader(huge.bytes)
        XCTAssertThrowsError(try hugeReader.readElements(GoldilocksExtension.self, count: 0...1000, what: "openings")) { error in
            XCTAssertEqual(error as? ByteDecodingError,
                           .countOutOfRange(offset: 0, count: Int(UInt32.max), allowed: 0...1000, what: "openings"))
        }
        var zero = ByteReader([0, 0, 0, 0])
        XCTAssertThrowsError(try zero.readCount(1...1, what: "x"))
    }

    func testDecodingErrorDescriptionsNameTheOffset() {
        let errors: [ByteDecodingError] = [
            .truncated(offset: 12, needed: 3),
            .nonCanonical(offset: 12, value: 5),
            .countOutOfRange(offset: 12, count: 9, allowed: 0...4, what: "rows"),
            .invalidValue(offset: 12, what: "tag"),
            .trailingBytes(offset: 12, count: 2),
        ]
        for error in errors { XCTAssertTrue(error.description.contains("12"), error.description) }
        XCTAssertTrue(errors[2].description.contains("rows"))
    }

    // MARK: - parallelFor

    /// Runs `parallelFor` over `range` with `threads` threads and checks every index is visited
    /// exactly once by disjoint, contiguous chunks.
    private func checkCoverage(_ range: Range<Int>, threads: Int, minimumChunk: Int = 1, file: StaticString = #filePath, line: UInt = #line) {
        let saved = Parallelism.threadCount
        Parallelism.threadCount = threads
        defer { Parallelism.threadCount = saved }

        let lock = NSLock()
        var chunks = [Range<Int>]()
        var visits = [Int](repeating: 0, count: range.count)
        visits.withUnsafeMutableBufferPointer { visits in
            parallelFor(range, minimumChunk: minimumChunk) { chunk in
                lock.withLock { chunks.append(chunk) }
                for index in chunk { visits[index - range.lowerBound] += 1 }
            }
        }
        XCTAssertTrue(visits.allSatisfy { $0 == 1 }, "every index exactly once (\(range), \(threads) threads)", file: file, line: line)
        let sorted = chunks.sorted { $0.lowerBound < $1.lowerBound }
        XCTAssertTrue(sorted.allSatisfy { !$0.isEmpty }, "no empty chunks", file: file, line: line)
        if !range.isEmpty {
            XCTAssertEqual(sorted.first?.lowerBound, range.lowerBound, file: file, line: line)
            XCTAssertEqual(sorted.last?.upperBound, range.upperBound, file: file, line: line)
            for (a, b) in zip(sorted, sorted.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound, file: file, line: line) }
            XCTAssertLessThanOrEqual(chunks.count, threads * Parallelism.chunksPerThread, file: file, line: line)
            if threads == 1 { XCTAssertEqual(chunks.count, 1, "one thread runs serially", file: file, line: line) }
            if minimumChunk > 1, chunks.count > 1 {
                XCTAssertTrue(chunks.allSatisfy { $0.count >= minimumChunk }, "chunks honour the minimum", file: file, line: line)
            }
        } else {
            XCTAssertTrue(chunks.isEmpty, file: file, line: line)
        }
    }

    func testParallelForCoversEveryIndexOnce() {
        for threads in [1, 2, 7] {
            checkCoverage(0..<1000, threads: threads)
            checkCoverage(17..<1017, threads: threads)
            checkCoverage(-5..<3, threads: threads)
            checkCoverage(0..<1000, threads: threads, minimumChunk: 300)
        }
    }

    func testParallelForSmallRanges() {
        for threads in [1, 2, 7] {
            checkCoverage(0..<0, threads: threads)
            checkCoverage(0..<1, threads: threads)
            checkCoverage(3..<6, threads: threads)
            checkCoverage(0..<6, threads: threads)
        }
    }

    func testParallelForSplitsAndStaysSerialWhenAsked() {
        let saved = Parallelism.threadCount
        defer { Parallelism.threadCount = saved }
        let lock = NSLock()
        var calls = 0
        Parallelism.threadCount = 1
        parallelFor(0..<100) { chunk in
            lock.withLock { calls += 1 }
            XCTAssertEqual(chunk, 0..<100)
        }
        XCTAssertEqual(calls, 1, "one thread runs one chunk")

        calls = 0
        Parallelism.threadCount = 7
        parallelFor(0..<100) { _ in lock.withLock { calls += 1 } }
        XCTAssertEqual(calls, 7 * Parallelism.chunksPerThread, "seven threads split the range in seven times chunksPerThread")

        calls = 0
        parallelFor(0..<100, minimumChunk: 100) { chunk in
            lock.withLock { calls += 1 }
            XCTAssertEqual(chunk, 0..<100)
        }
        XCTAssertEqual(calls, 1, "a range no longer than the minimum chunk runs serially")
    }

    func testThreadCountIsAtLeastOne() {
        let saved = Parallelism.threadCount
        defer { Parallelism.threadCount = saved }
        Parallelism.threadCount = 0
        XCTAssertEqual(Parallelism.threadCount, 1)
        Parallelism.threadCount = -3
        XCTAssertEqual(Parallelism.threadCount, 1)
        Parallelism.threadCount = 3
        XCTAssertEqual(Parallelism.threadCount, 3)
    }

    func testParallelForComputesTheSameAsSerial() {
        let saved = Parallelism.threadCount
        defer { Parallelism.threadCount = saved }
        let inputs = randomElements(4096, seed: 46)
        var results = [[Goldilocks]]()
        for threads in [1, 2, 7] {
            Parallelism.threadCount = threads
            var output = [Goldilocks](repeating: .zero, count: inputs.count)
            output.withUnsafeMutableBufferPointer { output in
                parallelFor(0..<inputs.count, minimumChunk: 64) { chunk in
                    for i in chunk { output[i] = inputs[i] * inputs[i] + .one }
                }
            }
            results.append(output)
        }
        XCTAssertEqual(results[0], inputs.map { $0 * $0 + .one })
        XCTAssertEqual(results[1], results[0])
        XCTAssertEqual(results[2], results[0])
    }
}
