import ArgumentParser
import Foundation
import ZKMips

struct ConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Run raw MIPS conformance tests (flat .bin files, see ../shared/mips-tests/README.md).",
        discussion: "Used by scripts/conformance.sh. Prints one line per test and 'N passed, N failed'.",
        shouldDisplay: false
    )

    enum Expectation: String, ExpressibleByArgument {
        /// The test must return with done = result = 1.
        case pass
        /// The test must stop with an error before returning: a machine fault, or the kernel
        /// killing it with a signal (a trap, overflow or reserved instruction).
        case fault
        /// The test must exit with code 1 without returning (exit_group).
        case exit
    }

    @Option(help: "What each test must do: pass, fault or exit.")
    var expect: Expectation = .pass

    @Argument(help: "Flat big-endian code files, loaded at address 0.")
    var tests: [String]

    func run() throws {
        var passed = 0, failed = 0
        for path in tests {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            guard let data = FileManager.default.contents(atPath: path) else {
                print("FAIL \(name): cannot read \(path)")
                failed += 1
                continue
            }
            let outcome = RawTestRunner.run(code: [UInt8](data))
            let ok: Bool
            switch (expect, outcome) {
            case (.pass, .passed), (.fault, .faulted), (.fault, .killed), (.exit, .exited(code: 1)): ok = true
            default: ok = false
            }
            if ok { passed += 1 } else { failed += 1 }
            print("\(ok ? "ok  " : "FAIL") \(name): \(outcome)")
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
