import ArgumentParser
import Foundation
import ZKMips

struct BenchMerkleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merkle",
        abstract: "Not yet implemented."
    )

    @OptionGroup var options: BenchOptions

    func run() throws {
        throw CLIError("bench merkle is not implemented yet", status: 64)
    }
}
