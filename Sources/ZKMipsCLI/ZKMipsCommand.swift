import ArgumentParser

@main
struct ZKMipsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkmips",
        abstract: "A zero-knowledge virtual machine for MIPS32: run and (soon) prove Go and C programs.",
        subcommands: [ExecuteCommand.self, InspectCommand.self, ReplayCommand.self, ProveSegmentCommand.self, VerifySegmentCommand.self, CheckSegmentsCommand.self, BenchCommand.self, ConformanceCommand.self]
    )

    static func main() {
        main(NegativeValues.attached(to: Array(CommandLine.arguments.dropFirst())))
    }
}

/// swift-argument-parser reads any word that starts with a dash as an option, so
/// `--max-cycles -5` fails with "Missing value for '--max-cycles'" and `--threads 1 -2` with
/// "Unknown option '-2'". No option of ours is a dash and a digit, so such a word is a negative
/// number meant as a value: written as `--max-cycles=-5` it reaches the option's own parsing
/// and validation, which say what is wrong with it ("--max-cycles must be a positive
/// number, got -5").
enum NegativeValues {
    /// The arguments with each negative number attached to the option before it. Arguments
    /// after `--` (the guest's) are left alone.
    static func attached(to arguments: [String]) -> [String] {
        var result: [String] = []
        var option: String?  // the last `--name` seen, while the words after it are its values
        for (index, word) in arguments.enumerated() {
            if word == "--" {
                return result + arguments[index...]
            }
            if isNegativeNumber(word), let name = option {
                // `--name -5` becomes `--name=-5`; a later value of an array option
                // (`--threads 1 -2`) becomes a repeat of it (`--threads 1 --threads=-2`).
                if result.last == name { result.removeLast() }
                result.append("\(name)=\(word)")
                continue
            }
            if word.hasPrefix("--"), !word.contains("=") {
                option = word
            } else if !isNumber(word) {
                option = nil  // `--input FILE -5`: -5 is not a value of --input
            }
            result.append(word)
        }
        return result
    }

    static func isNegativeNumber(_ word: String) -> Bool {
        word.first == "-" && isNumber(word.dropFirst())
    }

    private static func isNumber(_ word: some StringProtocol) -> Bool {
        word.first?.isWholeNumber == true && word.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
    }
}
