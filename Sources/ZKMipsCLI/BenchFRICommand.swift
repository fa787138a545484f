import ArgumentParser
import Foundation
import ZKMips

struct BenchFRICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fri",
        abstract: "FRI prove and verify time and proof size for one polynomial, per thread count."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "log₂ of the degree bound of the polynomial.")
    var logDegree: Int = 20

    @Option(help: PresetOption.help)
    var preset: PresetOption = .fast

    @Option(help: "log₂ of the folding arity (1…4).")
    var logArity: Int = 3

    func validate() throws {
        guard (1...24).contains(logDegree) else { throw ValidationError("--log-degree must be 1…24") }
        guard (1...4).contains(logArity) else { throw ValidationError("--log-arity must be 1…4") }
    }

    func run() throws {
        var parameters = preset.fri
        parameters.logFoldingArity = logArity
        let logSize = logDegree + parameters.logBlowup
        // A random polynomial of degree < 2^logDegree, evaluated on the LDE coset (bit-reversed).
        var generator = SplitMix64(seed: 2)
        var codeword = (0..<(1 << logDegree)).map { _ in GoldilocksExtension.random(using: &generator) }
        codeword += [GoldilocksExtension](repeating: .zero, count: (1 << logSize) - codeword.count)
        NTT.forward(&codeword, shift: .multiplicativeGenerator)
        codeword.bitReversePermute()
        let codewords = [logSize: codeword]
        let schedule = FRISchedule(inputLogHeights: [logSize], parameters: parameters)
        var baseline: Double?
        for threads in options.threads {
            var proof: FRIProof?
            let proveSeconds = bestSeconds(threads: threads, repeats: options.repeats) {
                var challenger = Challenger(label: "bench")
                proof = FRIProver.prove(codewords: codewords, parameters: parameters, challenger: &challenger).proof
            }
            baseline = baseline ?? proveSeconds
            var verified = false
            let verifySeconds = bestSeconds(threads: 1, repeats: options.repeats) {
                var challenger = Challenger(label: "bench")
                do {
                    let challenges = try FRIVerifier.replayCommitPhase(proof!, schedule: schedule, parameters: parameters, challenger: &challenger)
                    let reduced = challenges.queryIndices.map { [logSize: codeword[$0]] }
                    try FRIVerifier.verifyQueries(proof!, challenges: challenges, schedule: schedule, parameters: parameters, reducedOpenings: reduced)
                    verified = true
                } catch {
                    verified = false
                }
            }
            guard verified else { throw CLIError("bench fri: the proof did not verify", status: 1) }
            var writer = ByteWriter()
            proof!.write(to: &writer)
            printBenchLine([
                "bench": "fri", "preset": preset.rawValue, "logDegree": logDegree, "logBlowup": parameters.logBlowup,
                "logArity": logArity, "queries": parameters.queryCount, "powBits": parameters.proofOfWorkBits,
                "threads": threads, "proveSeconds": proveSeconds, "speedup": baseline! / proveSeconds,
                "verifySeconds": verifySeconds, "proofBytes": writer.bytes.count,
            ])
        }
    }
}
