import Field

/// The opening proof of several committed rounds of batches at extension points: the claimed
/// values, each round's rows at the FRI query positions, and one FRI proof for all of them.
public struct PCSProof: Hashable, Sendable {
    /// `openedValues[b][j][c]` = column c of batch b at batch b's j-th point (batches of all
    /// rounds, in round then batch order).
    public var openedValues: [[[GoldilocksExtension]]]
    /// Per round: its batches' LDE rows at the query positions, with one Merkle multi-proof.
    public var roundOpenings: [MixedMerkleOpening]
    public var fri: FRIProof

    public init(openedValues: [[[GoldilocksExtension]]], roundOpenings: [MixedMerkleOpening], fri: FRIProof) {
        self.openedValues = openedValues
        self.roundOpenings = roundOpenings
        self.fri = fri
    }

    public func write(to writer: inout ByteWriter) {
        writer.writeCount(openedValues.count)
        for batch in openedValues {
            writer.writeCount(batch.count)
            for values in batch { writer.write(elements: values) }
        }
        writer.writeCount(roundOpenings.count)
        for opening in roundOpenings { opening.write(to: &writer) }
        fri.write(to: &writer)
    }

    public static func read(from reader: inout ByteReader) throws(ByteDecodingError) -> PCSProof {
        let batchCount = try reader.readCount(0...1024, what: "opened batch")
        var values = [[[GoldilocksExtension]]]()
        for _ in 0..<batchCount {
            let pointCount = try reader.readCount(0...64, what: "opening point")
            var batch = [[GoldilocksExtension]]()
            for _ in 0..<pointCount {
                batch.append(try reader.readElements(GoldilocksExtension.self, count: 0...(1 << 16), what: "opened value"))
            }
            values.append(batch)
        }
        let openingCount = try reader.readCount(0...64, what: "round opening")
        var openings = [MixedMerkleOpening]()
        for _ in 0..<openingCount { openings.append(try MixedMerkleOpening.read(from: &reader)) }
        return PCSProof(openedValues: values, roundOpenings: openings, fri: try FRIProof.read(from: &reader))
    }
}
