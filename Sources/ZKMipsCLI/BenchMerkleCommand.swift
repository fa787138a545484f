import ArgumentParser
import Foundation
import ZKMips

struct BenchMerkleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merkle",
        abstract: "Time to build a Poseidon Merkle tree over the rows of a matrix, per thread count."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "log₂ of the number of rows (leaves).")
    var logRows: Int = 18

    @Option(help: "Columns per row.")
    var columns: Int = 64

    @Option(help: "log₂ of the cap size.")
    var capHeight: Int = 4

    func validate() throws {
        guard (1...24).contains(logRows) else { throw ValidationError("--log-rows must be 1…24") }
        guard (1...4096).contains(columns) else { throw ValidationError("--columns must be 1…4096") }
        guard (0...logRows).contains(capHeight) else { throw ValidationError("--cap-height must be 0…\(logRows) (--log-rows), got \(capHeight)") }
    }

    func run() throws {
        var generator = SplitMix64(seed: 1)
        let matrix = RowMajorMatrix(values: (0..<(columns << logRows)).map { _ in Goldilocks.random(using: &generator) }, width: columns)
        var baseline: Double?
        for threads in options.threads {
            var cap: MerkleCap?
            let seconds = bestSeconds(threads: threads, repeats: options.repeats) {
                cap = MerkleTree(leaves: matrix, capHeight: capHeight).cap
            }
            precondition(cap != nil)
            baseline = baseline ?? seconds
            printBenchLine([
                "bench": "merkle", "logRows": logRows, "columns": columns, "capHeight": capHeight, "threads": threads,
                "seconds": seconds, "speedup": baseline! / seconds,
                "hashedElementsPerSecond": Double(columns << logRows) / seconds,
            ])
        }
    }
}
