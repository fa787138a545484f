import ArgumentParser
import Foundation
import ZKMips

struct BenchFRICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fri",
        abstract: "Not yet implemented."
    )

    @OptionGroup var options: BenchOptions

    func run() throws {
        throw CLIError("bench fri is not implemented yet", status: 64)
    }
}
