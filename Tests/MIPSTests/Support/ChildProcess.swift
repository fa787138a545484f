// Runs one test of this bundle in a child process. A guest input that makes the host trap (an
// arithmetic overflow, a failed precondition) would kill the whole test run; in a child, the
// parent test sees the crash and fails cleanly instead.

import Foundation
import XCTest

enum ChildProcess {
    /// Environment variable naming the probe a child process should run.
    static let probeVariable = "ZKMIPS_TEST_PROBE"

    /// Whether this process is a child started to run the probe `name`.
    static func isRunningProbe(_ name: String) -> Bool {
        ProcessInfo.processInfo.environment[probeVariable] == name
    }

    /// Runs the test `className/methodName` of this bundle in a child process with the probe
    /// variable set to `methodName`. Fails the calling test unless the child exits normally
    /// with status 0 (its own assertions passed and it did not crash).
    static func assertProbePasses(_ className: String, _ methodName: String, what: String,
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        #if os(Linux)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["MIPSTests.\(className)/\(methodName)"]
        var environment = ProcessInfo.processInfo.environment
        environment[probeVariable] = methodName
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n")
        let tail = lines.suffix(6).joined(separator: "\n")
        if process.terminationReason == .uncaughtSignal {
            // The crash reason and the first frames in our sources.
            let reason = lines.filter { $0.contains("runtime failure") || $0.contains("Fatal error") }.prefix(1)
            let frames = lines.filter { $0.contains("/Sources/") }.prefix(2)
            let summary = (reason + frames).isEmpty ? tail : (reason + frames).joined(separator: "\n")
            XCTFail("\(what): the host crashed (signal \(process.terminationStatus)):\n\(summary)", file: file, line: line)
        } else {
            XCTAssertEqual(process.terminationStatus, 0, "\(what):\n\(tail)", file: file, line: line)
        }
        #else
        throw XCTSkip("child-process probes run on Linux only")
        #endif
    }
}
