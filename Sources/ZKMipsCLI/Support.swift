import Foundation
import ZKMips

/// Exit statuses of `zkmips` itself (a guest that exits passes its own code through).
enum ExitStatus {
    /// The program or an input file could not be read or loaded.
    static let loadFailure: Int32 = 66
    /// A file (segment, …) is malformed.
    static let badFile: Int32 = 65
    /// The cycle limit ran out before the guest exited.
    static let cycleLimit: Int32 = 124
    /// The guest faulted.
    static let fault: Int32 = 139
}

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Reads a file, or fails with a message naming it.
func readFile(_ path: String, what: String) throws -> [UInt8] {
    // read(2) until end of file, so devices and pipes (/dev/null, /dev/stdin) read too.
    let fd = open(path, O_RDONLY)
    if fd >= 0 {
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 { bytes += chunk[0..<count]; continue }
            if count == 0 { return bytes }
            if errno != EINTR { break }
        }
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        var isDirectory: ObjCBool = false
        let reason = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            ? (isDirectory.boolValue ? "is a directory" : "cannot be read") : "does not exist"
        throw CLIError("\(what) '\(path)' \(reason)", status: ExitStatus.loadFailure)
    }
    return [UInt8](data)
}

/// Writes a file in place (not atomically, so `/dev/stderr` and pipes work), or fails with a
/// message naming it.
func writeFile(_ bytes: [UInt8], to path: String, what: String) throws {
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    } catch {
        throw CLIError("cannot write \(what) '\(path)': \(error.localizedDescription)", status: ExitStatus.loadFailure)
    }
}

/// An error that ends the command with a message and an exit status.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    let status: Int32
    init(_ description: String, status: Int32) {
        self.description = description
        self.status = status
    }
}

/// Loads an ELF, turning load errors into a message that names the file.
func loadProgram(_ path: String, arguments: [String] = ProcessLayout.defaultArguments) throws -> ProgramImage {
    let bytes = try readFile(path, what: "program")
    do {
        return try ProgramImage.load(elfBytes: bytes, arguments: arguments)
    } catch {
        throw CLIError("\(path): \(error)", status: ExitStatus.loadFailure)
    }
}

extension Collection<UInt8> {
    var hexString: String { map { String($0, radix: 16).leftPadded(2) }.joined() }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

/// Serialises a JSON object with keys in a stable order, one line.
func jsonLine(_ object: [String: Any]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}

/// Facts about the host for benchmark lines.
enum HostInfo {
    static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        }
        return "unknown"
    }

    static var machine: [String: Any] {
        ["cpu": cpuModel, "cores": ProcessInfo.processInfo.activeProcessorCount]
    }
}

/// Wall-clock seconds since an arbitrary start.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// Prints a progress line on stderr at most every `interval` seconds, after `delay`.
final class ProgressReporter {
    private let start = monotonicSeconds()
    private var last: Double
    private let interval: Double
    private let enabled: Bool
    private var printed = false

    init(enabled: Bool, delay: Double = 2, interval: Double = 2) {
        self.enabled = enabled
        self.interval = interval
        last = start + delay - interval
    }

    func report(cycles: UInt64) {
        guard enabled else { return }
        let now = monotonicSeconds()
        guard now - last >= interval else { return }
        last = now
        printed = true
        let rate = Double(cycles) / max(now - start, 1e-9)
        printError(String(format: "zkmips: %.1f M cycles, %.1f M instructions/s", Double(cycles) / 1e6, rate / 1e6))
    }
}
