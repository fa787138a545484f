import ArgumentParser

@main
struct ZKMipsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkmips",
        abstract: "A zero-knowledge virtual machine for MIPS32: run and (soon) prove Go and C programs.",
        subcommands: [ExecuteCommand.self, InspectCommand.self, ReplayCommand.self, BenchCommand.self, ConformanceCommand.self]
    )
}
