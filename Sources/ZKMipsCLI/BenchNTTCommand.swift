import ArgumentParser
import Foundation
import ZKMips

/// `zkmips bench ntt`: NTTs of one vector, batched NTTs of a matrix, the coset LDE and
/// barycentric openings, one JSON line per operation and thread count.
struct BenchNTTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ntt",
        abstract: "NTT, coset LDE and barycentric evaluation throughput (Goldilocks)."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "log₂ of the single-vector NTT size.")
    var logSize: Int = 20

    @Option(help: "Columns of the LDE matrix.")
    var columns: Int = 64

    @Option(help: "log₂ of the LDE matrix height (before blowup).")
    var logRows: Int = 18

    @Option(help: "log₂ of the LDE blowup.")
    var logBlowup: Int = 1

    func validate() throws {
        guard (1...26).contains(logSize) else { throw ValidationError("--log-size must be in 1…26") }
        guard (1...24).contains(logRows) else { throw ValidationError("--log-rows must be in 1…24") }
        guard (0...4).contains(logBlowup) else { throw ValidationError("--log-blowup must be in 0…4") }
        guard (1...4096).contains(columns) else { throw ValidationError("--columns must be in 1…4096") }
    }

    func run() throws {
        var generator = SplitMix64(seed: 0x4E54_54)
        let vector = (0..<(1 << logSize)).map { _ in Goldilocks.random(using: &generator) }
        let extensionVector = (0..<(1 << logSize)).map { _ in GoldilocksExtension.random(using: &generator) }
        let matrix = RowMajorMatrix(values: (0..<(columns << logRows)).map { _ in Goldilocks.random(using: &generator) },
                                    width: columns)
        // Build the (cached) twiddle tables up front so their construction is not timed.
        for log in [logSize, logRows, logRows + logBlowup] {
            var warm = [Goldilocks](repeating: .one, count: 1 << log)
            NTT.forward(&warm)
            NTT.inverse(&warm)
        }

        for threads in options.threads {
            vectorLine("forward", threads: threads, vector) { NTT.forward(&$0) }
            vectorLine("forward-bitreversed", threads: threads, vector) { NTT.forward(&$0, outputOrder: .bitReversed) }
            vectorLine("inverse", threads: threads, vector) { NTT.inverse(&$0) }
            vectorLine("forward-coset", threads: threads, vector) { NTT.forward(&$0, shift: .multiplicativeGenerator) }
            vectorLine("forward-extension", threads: threads, extensionVector) { NTT.forward(&$0) }
        }
        for threads in options.threads {
            // Transforms in place repeatedly (the values do not matter for the timing).
            var transformed = matrix
            transformed.values.withUnsafeMutableBufferPointer { _ in }  // make the copy unique up front
            let seconds = bestSeconds(threads: threads, repeats: options.repeats) {
                NTT.forward(&transformed, outputOrder: .bitReversed)
            }
            printBenchLine([
                "bench": "ntt", "op": "matrix-forward-bitreversed", "columns": columns, "logRows": logRows,
                "threads": threads, "seconds": seconds,
            ])
        }
        for threads in options.threads {
            var lde = RowMajorMatrix<Goldilocks>(values: [.zero], width: 1)
            let seconds = bestSeconds(threads: threads, repeats: options.repeats) {
                lde = matrix.cosetLDE(logBlowup: logBlowup)
            }
            printBenchLine([
                "bench": "lde", "columns": columns, "logRows": logRows, "logBlowup": logBlowup,
                "threads": threads, "seconds": seconds,
            ])
            let domain = TwoAdicCoset(logSize: logRows + logBlowup, shift: .multiplicativeGenerator)
            let z = GoldilocksExtension(.random(using: &generator), .random(using: &generator))
            var opened: [GoldilocksExtension] = []
            let openSeconds = bestSeconds(threads: threads, repeats: options.repeats) {
                opened = lde.evaluateColumns(at: z, overBitReversed: domain)
            }
            precondition(opened.count == columns)
            printBenchLine([
                "bench": "barycentric", "columns": columns, "logRows": logRows + logBlowup,
                "threads": threads, "seconds": openSeconds,
            ])
        }
    }

    /// Times `body` transforming a copy of `input` in place, repeatedly (the values do not
    /// matter for the timing; the copy is made before the clock starts).
    private func vectorLine<E: FieldElement>(_ op: String, threads: Int, _ input: [E], _ body: (inout [E]) -> Void) {
        var values = input
        values.withUnsafeMutableBufferPointer { _ in }
        let seconds = bestSeconds(threads: threads, repeats: options.repeats) { body(&values) }
        printBenchLine([
            "bench": "ntt", "op": op, "field": E.degree == 1 ? "base" : "extension", "logSize": logSize,
            "threads": threads, "seconds": seconds,
        ])
    }
}
