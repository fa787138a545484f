import ArgumentParser
import Foundation
import ZKMips

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a MIPS32 ELF: entry, segments, symbols, image size and load-time patches."
    )

    @Argument(help: "Path to a static big-endian MIPS32 ELF executable.")
    var program: String

    func run() throws {
        do {
            let bytes = try readFile(program, what: "program")
            let elf: ELFFile
            do { elf = try ELFFile(bytes: bytes) } catch { throw CLIError("\(program): \(error)", status: ExitStatus.loadFailure) }
            let image = try loadProgram(program)
            print("program:     \(program) (\(bytes.count) bytes)")
            print("entry:       0x\(String(elf.entry, radix: 16))")
            print("flags:       0x\(String(elf.flags, radix: 16))")
            print("kind:        \(GoSupport.isGoProgram(elf) ? "Go program" : "C / other")")
            print("segments:    \(elf.segments.count)")
            for segment in elf.segments {
                print("  0x\(String(segment.virtualAddress, radix: 16).leftPadded(8)) memsz 0x\(String(segment.memorySize, radix: 16)) filesz 0x\(String(segment.fileSize, radix: 16)) \(segment.flags)")
            }
            print("symbols:     \(elf.symbols.count)")
            print("image size:  \(image.imageSize) bytes in \(image.pages.count) non-zero pages")
            print("stack:       sp = 0x\(String(image.cpu[.sp], radix: 16))")
            print("heap:        brk starts at 0x\(String(image.breakStart, radix: 16))")
            let kernel = KernelImage.embedded
            print("kernel:      0x\(String(KernelLayout.base, radix: 16))-0x\(String(kernel.end, radix: 16)), \(kernel.elfSize)-byte ELF, \(kernel.pages.count) initialised pages")
            print("patches:     \(image.patches.isEmpty ? "none" : String(image.patches.count))")
            for patch in image.patches { print("  \(patch)") }
        } catch let error as CLIError {
            printError("zkmips: \(error.description)")
            throw ExitCode(error.status)
        }
    }
}
