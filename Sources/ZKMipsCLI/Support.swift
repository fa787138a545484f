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
    /// An output file (`--summary`, a segment) or directory could not be created or written
    /// (sysexits' EX_CANTCREAT).
    static let cannotCreate: Int32 = 73
}

/// The path that names the standard streams: `--input -` reads standard input, `--summary -`
/// writes standard output.
let standardStreamPath = "-"

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Reads a file, or fails with a message naming it.
func readFile(_ path: String, what: String) throws -> [UInt8] {
    // read(2) until end of file, so devices and pipes (/dev/null, /dev/stdin) read too.
    let fd = path == standardStreamPath ? STDIN_FILENO : open(path, O_RDONLY)
    if fd >= 0 {
        defer { if fd != STDIN_FILENO { close(fd) } }
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

/// Writes an output file, or fails with a message naming it (exit status
/// ``ExitStatus/cannotCreate``).
///
/// - `-` is standard output.
/// - A path that is one of our own standard streams (`/dev/stdout`, `/dev/stderr`,
///   `/dev/fd/2`, or the file the shell redirected stdout/stderr to) is written through that
///   stream, at its current position: opening it again with `O_TRUNC` would cut off what the
///   stream already holds, and the stream's later writes would land inside ours.
/// - Any other path that is not a regular file (a FIFO, a terminal, `/dev/null`) is opened
///   without `O_TRUNC` or `O_CREAT`.
/// - A regular file is created or replaced.
func writeFile(_ bytes: [UInt8], to path: String, what: String) throws {
    func failure(_ reason: String) -> CLIError {
        CLIError("cannot write \(what) '\(path)': \(reason)", status: ExitStatus.cannotCreate)
    }
    let fd: Int32
    var opened = false
    if path == standardStreamPath {
        fd = STDOUT_FILENO
    } else if let stream = standardStream(sameAs: path) {
        fd = stream
    } else {
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists, info.st_mode & S_IFMT == S_IFDIR { throw failure("is a directory") }
        let isRegular = !exists || info.st_mode & S_IFMT == S_IFREG
        fd = isRegular ? open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644) : open(path, O_WRONLY)
        guard fd >= 0 else { throw failure(String(cString: strerror(errno))) }
        opened = true
    }
    defer { if opened { close(fd) } }
    var written = 0
    while written < bytes.count {
        let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
        if count > 0 { written += count; continue }
        if count < 0, errno == EINTR { continue }
        throw failure(count < 0 ? String(cString: strerror(errno)) : "short write")
    }
}

/// The standard output or error descriptor when `path` names the same file (device and inode:
/// `/dev/stderr`, `/proc/self/fd/1`, a file the shell redirected a stream to), else nil.
private func standardStream(sameAs path: String) -> Int32? {
    var target = stat()
    guard stat(path, &target) == 0 else { return nil }
    for stream in [STDOUT_FILENO, STDERR_FILENO] {
        var info = stat()
        if fstat(stream, &info) == 0, info.st_dev == target.st_dev, info.st_ino == target.st_ino { return stream }
    }
    return nil
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
