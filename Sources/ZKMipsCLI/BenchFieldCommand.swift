import ArgumentParser
import Foundation
import ZKMips

struct BenchFieldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "field",
        abstract: "Not yet implemented."
    )

    @OptionGroup var options: BenchOptions

    func run() throws {
        throw CLIError("bench field is not implemented yet", status: 64)
    }
}
