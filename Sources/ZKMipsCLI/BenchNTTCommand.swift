import ArgumentParser
import Foundation
import ZKMips

struct BenchNTTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ntt",
        abstract: "Not yet implemented."
    )

    @OptionGroup var options: BenchOptions

    func run() throws {
        throw CLIError("bench ntt is not implemented yet", status: 64)
    }
}
