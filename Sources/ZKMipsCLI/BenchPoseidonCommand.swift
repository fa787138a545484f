import ArgumentParser
import Foundation
import ZKMips

struct BenchPoseidonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poseidon",
        abstract: "Not yet implemented."
    )

    @OptionGroup var options: BenchOptions

    func run() throws {
        throw CLIError("bench poseidon is not implemented yet", status: 64)
    }
}
