import Foundation
import XCTest
import ZKMips

/// The `zkmips` command as a user runs it: exit statuses, messages on bad input, summaries.
final class CLITests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let guests = packageRoot.appendingPathComponent("mips-guests")

    /// The executable SwiftPM built next to the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("zkmips")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs zkmips from `directory` (default: the package root). `stdin` is fed to it (default:
    /// none); `stderrFile` receives its standard error instead of a pipe (`Run.stderr` is then
    /// empty).
    func zkmips(_ arguments: [String], executable: URL = CLITests.executable, in directory: URL = CLITests.packageRoot,
                stdin: [UInt8]? = nil, stderrFile: URL? = nil) throws -> Run {
        // The test target depends on ZKMipsCLI, so the executable must be there: fail, don't skip.
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            XCTFail("zkmips executable not found at \(executable.path)")
            throw CocoaError(.fileNoSuchFile)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        let errorFile = try stderrFile.map { try FileHandle(forWritingTo: $0) }
        process.standardError = errorFile ?? err
        if stdin != nil { process.standardInput = input }
        try process.run()
        try errorFile?.close()
        if let stdin {
            try input.fileHandleForWriting.write(contentsOf: Data(stdin))
            try input.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = stderrFile == nil ? err.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zkmips-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zkmips-cli-\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func guest(_ name: String) -> String { Self.guests.appendingPathComponent("bin/\(name)").path }

    // MARK: - execute

    func testExecuteRunsAGuestAndWritesTheSummary() throws {
        let summary = try temporaryFile("summary.json", [])
        let run = try zkmips(["execute", guest("go-fibonacci"), "--input", Self.guests.appendingPathComponent("inputs/go-fibonacci.in").path,
                              "--summary", summary, "--segment-cycles", "65536"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("2880067194370816120"), run.stdout)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        XCTAssertEqual(json["exitCode"] as? Int, 0)
        XCTAssertEqual(json["publicOutputHex"] as? String, "27f80ddaa1ba7878")
        XCTAssertGreaterThan(json["cycles"] as? Int ?? 0, 100_000)
        XCTAssertGreaterThan(json["segments"] as? Int ?? 0, 2)
        XCTAssertNotNil(json["instructionsPerSecond"] as? Int)
    }

    func testExitStatusIsTheGuestsExitCode() throws {
        let run = try zkmips(["execute", guest("c-exitcode")])
        XCTAssertEqual(run.status, 7)
    }

    func testMissingProgramIsNamed() throws {
        let run = try zkmips(["execute", "/nonexistent/program"])
        XCTAssertEqual(run.status, 66)
        XCTAssertTrue(run.stderr.contains("'/nonexistent/program' does not exist"), run.stderr)
    }

    func testBrokenELFIsALoadErrorThatSaysWhatIsWrong() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: guest("c-fibonacci"))))
        let truncated = try temporaryFile("truncated", Array(bytes.prefix(40)))
        var run = try zkmips(["execute", truncated])
        XCTAssertEqual(run.status, 66)
        XCTAssertTrue(run.stderr.contains(truncated) && run.stderr.contains("ELF: "), run.stderr)
        XCTAssertTrue(run.stderr.contains("truncated"), run.stderr)

        var littleEndian = bytes
        littleEndian[5] = 1  // EI_DATA = ELFDATA2LSB
        run = try zkmips(["execute", try temporaryFile("le", littleEndian)])
        XCTAssertEqual(run.status, 66)
        XCTAssertTrue(run.stderr.lowercased().contains("big-endian"), run.stderr)
    }

    /// Replaces the entry instruction of a C guest with `word` and runs it.
    func runWithEntryInstruction(_ word: [UInt8], name: String) throws -> (run: Run, entry: UInt32) {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: guest("c-fibonacci"))))
        let elf = try ELFFile(bytes: bytes)
        let segment = try XCTUnwrap(elf.segment(containing: elf.entry))
        let offset = Int(segment.fileOffset + (elf.entry - segment.virtualAddress))
        bytes.replaceSubrange(offset..<offset + 4, with: word)
        return (try zkmips(["execute", try temporaryFile(name, bytes)]), elf.entry)
    }

    func testFaultPrintsPcWordAndDisassembly() throws {
        // An unaligned load is a machine fault (execute refuses it; no signal).
        let (unaligned, at) = try runWithEntryInstruction([0x8c, 0x04, 0x00, 0x01], name: "unaligned")  // lw $a0, 1($zero)
        XCTAssertEqual(unaligned.status, 139)
        XCTAssertTrue(unaligned.stderr.contains("pc 0x" + String(at, radix: 16).leftPaddedWithZeros(8)), unaligned.stderr)
        XCTAssertTrue(unaligned.stderr.contains("0x8c040001"), unaligned.stderr)
        XCTAssertTrue(unaligned.stderr.contains("unaligned"), unaligned.stderr)
    }

    func testFatalSignalNamesTheSignalAndWhere() throws {
        // A `teq $zero, $zero, 7` (GCC's divide-by-zero trap) at the entry: Linux delivers SIGFPE.
        let (run, entry) = try runWithEntryInstruction([0x00, 0x00, 0x01, 0xf4], name: "trap")
        XCTAssertEqual(run.status, 136, run.stderr)
        XCTAssertTrue(run.stderr.contains("SIGFPE"), run.stderr)
        XCTAssertTrue(run.stderr.contains("pc 0x" + String(entry, radix: 16).leftPaddedWithZeros(8)), run.stderr)
    }

    func testCycleLimit() throws {
        let run = try zkmips(["execute", guest("go-long"), "--max-cycles", "10000"])
        XCTAssertEqual(run.status, 124)
        XCTAssertTrue(run.stderr.contains("stopped after 10000 cycles"), run.stderr)
    }

    func testBadFlagsAreUsageErrors() throws {
        var run = try zkmips(["execute", guest("c-exitcode"), "--segment-cycles", "1000"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("power of two"), run.stderr)
        run = try zkmips(["execute", guest("c-exitcode"), "--no-such-flag"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("--no-such-flag"), run.stderr)
    }

    func testNegativeNumbersAreNamedNotMissing() throws {
        // swift-argument-parser used to read "-5" as an option: "Missing value for '--max-cycles'".
        var run = try zkmips(["execute", guest("c-exitcode"), "--max-cycles", "-5"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("--max-cycles must be a positive number, got -5"), run.stderr)
        run = try zkmips(["execute", guest("c-exitcode"), "--segment-cycles", "-4096"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("--segment-cycles must be a power of two, got -4096"), run.stderr)
        run = try zkmips(["bench", "execute", "--repeats", "-1"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("--repeats must be a positive number, got -1"), run.stderr)
        run = try zkmips(["bench", "field", "--threads", "1", "-2"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("--threads must be at least 1, got -2"), run.stderr)
        run = try zkmips(["bench", "merkle", "--cap-height", "-1"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("--cap-height must be"), run.stderr)
    }

    func testUsageListsTheOptionsBeforeTheGuestArguments() throws {
        let run = try zkmips(["execute", "--help"])
        XCTAssertEqual(run.status, 0)
        let usage = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.hasPrefix("USAGE:") }, run.stdout)
        let input = try XCTUnwrap(usage.range(of: "--input"), String(usage))
        let guestArguments = try XCTUnwrap(usage.range(of: "-- [<guest-arguments>"), String(usage))
        XCTAssertLessThan(input.lowerBound, guestArguments.lowerBound, String(usage))
        XCTAssertTrue(usage.hasSuffix("-- [<guest-arguments> ...]"), String(usage))
        let help = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(help.contains("73 when --summary or --write-segments cannot be written"), help)
    }

    // MARK: - output files

    func testSummaryToStandardErrorKeepsWhatTheStreamAlreadyHolds() throws {
        // The README's `--summary /dev/stderr`, with stderr redirected to a file (`2>log`): the
        // summary used to reopen the file with O_TRUNC and overwrite the lines before it.
        let log = URL(fileURLWithPath: try temporaryFile("stderr.log", []))
        let run = try zkmips(["execute", guest("c-exitcode"), "--trace-syscalls", "--summary", "/dev/stderr"], stderrFile: log)
        XCTAssertEqual(run.status, 7)
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(lines.first?.contains("write(0x3") == true, "the syscall lines written before the summary are kept: \(lines)")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any], "\(lines)")
        XCTAssertEqual(json["exitCode"] as? Int, 7)
    }

    func testSummaryDashIsStandardOutputAfterTheGuestsOutput() throws {
        let directory = try temporaryDirectory()
        let run = try zkmips(["execute", guest("c-exitcode"), "--summary", "-"], in: directory)
        XCTAssertEqual(run.status, 7, run.stderr)
        let lines = run.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, run.stdout)
        XCTAssertEqual(lines.first, "exiting with code 7")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any], run.stdout)
        XCTAssertEqual(json["publicOutputHex"] as? String, "657869743a37")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("-").path), "no file named '-'")
    }

    func testSummaryToAFIFOIsWrittenInPlace() throws {
        let fifo = try temporaryDirectory().appendingPathComponent("summary.fifo")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        // A reader on another thread: opening a FIFO for writing waits for one.
        nonisolated(unsafe) var received = Data()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            received = FileHandle(forReadingAtPath: fifo.path)?.readDataToEndOfFile() ?? Data()
            done.signal()
        }
        let run = try zkmips(["execute", guest("c-exitcode"), "--summary", fifo.path])
        XCTAssertEqual(run.status, 7, run.stderr)
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: received) as? [String: Any], String(decoding: received, as: UTF8.self))
        XCTAssertEqual(json["exitCode"] as? Int, 7)
        var info = stat()
        XCTAssertEqual(stat(fifo.path, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "still a FIFO, not replaced by a regular file")
    }

    func testInputDashIsStandardInput() throws {
        let inputPath = Self.guests.appendingPathComponent("inputs/c-sha256.in").path
        let fromFile = try zkmips(["execute", guest("c-sha256"), "--input", inputPath])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: inputPath)))
        let fromStdin = try zkmips(["execute", guest("c-sha256"), "--input", "-"], stdin: bytes)
        XCTAssertEqual(fromStdin.status, 0, fromStdin.stderr)
        XCTAssertEqual(fromStdin.stdout, fromFile.stdout)
    }

    func testUnwritableOutputsHaveTheirOwnExitStatusAndNameThePath() throws {
        let missing = "/nonexistent-zkmips-folder/summary.json"
        var run = try zkmips(["execute", guest("c-exitcode"), "--summary", missing])
        XCTAssertEqual(run.status, 73, "not 66, which means the program could not be loaded")
        XCTAssertTrue(run.stderr.contains("cannot write summary '\(missing)'"), run.stderr)
        let file = try temporaryFile("a-file", [])
        run = try zkmips(["execute", guest("c-exitcode"), "--segment-cycles", "1024", "--write-segments", file + "/segments"])
        XCTAssertEqual(run.status, 73, run.stderr)
        XCTAssertTrue(run.stderr.contains(file + "/segments"), run.stderr)
    }

    func testStatsPrintsTheInstructionMix() throws {
        let run = try zkmips(["execute", guest("c-sha256"), "--stats", "--input", Self.guests.appendingPathComponent("inputs/c-sha256.in").path])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("addu") && run.stderr.contains("total") && run.stderr.contains("in kernel"), run.stderr)
    }

    // MARK: - inspect and replay

    func testInspectListsTheGoPatches() throws {
        let run = try zkmips(["inspect", guest("go-hello")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("Go program"))
        XCTAssertTrue(run.stdout.contains("runtime.main.func1"))
        XCTAssertFalse(run.stdout.contains("runtime.gcenable"), "the garbage collector runs")
    }

    func testWrittenSegmentsReplayAndTruncatedOnesAreRejected() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zkmips-segments-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        var run = try zkmips(["execute", guest("c-bigint"), "--segment-cycles", "32768", "--write-segments", directory.path,
                              "--input", Self.guests.appendingPathComponent("inputs/c-bigint.in").path])
        XCTAssertEqual(run.status, 0, run.stderr)
        // In index order (segment-10 after segment-9): replay checks the files form a chain.
        func index(_ name: String) -> Int { Int(name.dropFirst("segment-".count).dropLast(".bin".count)) ?? -1 }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted { index($0) < index($1) }
        XCTAssertGreaterThan(files.count, 2)
        run = try zkmips(["replay"] + files.map { directory.appendingPathComponent($0).path })
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertFalse(run.stdout.contains("MISMATCH"))

        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(files[0])))
        run = try zkmips(["replay", try temporaryFile("truncated.bin", Array(bytes.prefix(bytes.count / 2)))])
        XCTAssertEqual(run.status, 65)
        XCTAssertTrue(run.stderr.contains("truncated"), run.stderr)
    }

    // MARK: - bench

    func testBenchExecuteSaysWhereItLookedForItsDefaultProgram() throws {
        // A copy of zkmips outside the repository, run from outside it: nothing to find.
        let directory = try temporaryDirectory()
        let copy = directory.appendingPathComponent("zkmips")
        try FileManager.default.copyItem(at: Self.executable, to: copy)
        let run = try zkmips(["bench", "execute", "--repeats", "1"], executable: copy, in: directory)
        XCTAssertEqual(run.status, 66)
        XCTAssertTrue(run.stderr.contains("mips-guests/bin/go-long was not found in '\(directory.path)'"), run.stderr)
        XCTAssertTrue(run.stderr.contains("--program PATH"), run.stderr)
    }

    /// The MIPS tables prove a small segment through the CLI; exit 0 means it verified.
    func testBenchProveMIPSProvesASegment() throws {
        let run = try zkmips(["bench", "prove-mips", "--log-cycles", "6", "--threads", "1"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, run.stdout)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any], run.stdout)
        XCTAssertEqual(json["bench"] as? String, "prove-mips")
        XCTAssertEqual(json["log_cycles"] as? Int, 6)
        for key in ["cells_per_cycle", "witness_s", "total_s", "cycles_per_second", "verify_ms"] {
            XCTAssertGreaterThan(json[key] as? Double ?? -1, 0, key)
        }
        XCTAssertNotNil((json["cells_per_cycle_by_table"] as? [String: Double])?["cpu"])
        XCTAssertTrue(run.stderr.contains("[bench prove-mips]"), "progress on stderr")
        let refused = try zkmips(["bench", "prove-mips", "--log-cycles", "40"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("--log-cycles must be 6…21"), refused.stderr)
    }

    func testBenchProveProvesAndVerifiesASmallSyntheticTable() throws {
        let run = try zkmips(["bench", "prove", "--log-rows", "6", "--threads", "1", "--repeats", "1"])
        // Exit 0 means the proof verified (a failed verification exits 1 with a message).
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, run.stdout)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any], run.stdout)
        XCTAssertEqual(json["bench"] as? String, "prove")
        XCTAssertEqual(json["threads"] as? Int, 1)
        XCTAssertEqual(json["log_rows"] as? Int, 6)
        XCTAssertEqual(json["columns"] as? Int, 100)
        XCTAssertEqual(json["preset"] as? String, "fast")
        for key in ["total_s", "lde_s", "commit_s", "logup_s", "quotient_s", "openings_s", "fri_s", "lde_plus_commit_s",
                    "ratio_total_to_lde_commit", "verify_ms"] {
            XCTAssertGreaterThan(json[key] as? Double ?? -1, 0, key)
        }
        XCTAssertGreaterThan(json["proof_bytes"] as? Int ?? 0, 0)
        XCTAssertTrue(run.stderr.contains("[bench prove] "), run.stderr)
    }
}

extension String {
    func leftPaddedWithZeros(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
