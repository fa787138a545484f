/// Why a program could not be loaded.
public enum LoadError: Error, Equatable, Sendable, CustomStringConvertible {
    case elf(ELFError)
    /// A PT_LOAD segment overlaps the stack or mmap area the loader reserves.
    case segmentCollidesWithStack(address: UInt32)
    /// argv, envp and auxv do not fit in the first stack pages.
    case argumentsTooLarge(bytes: Int)
    /// More loadable segments than the kernel's boot block describes.
    case tooManySegments(count: Int)
    /// A PT_LOAD segment reaches into the null guard pages (below 0x10000), which Linux
    /// refuses to map (`mmap_min_addr`) and whose accesses raise SIGSEGV.
    case segmentInNullGuard(address: UInt32)

    public var description: String {
        switch self {
        case let .elf(error): return error.description
        case let .segmentCollidesWithStack(address):
            return "ELF: a loadable segment reaches \(hex32(address)), inside the area reserved for the stack and mmap (above \(hex32(ProcessLayout.mmapTop)))"
        case let .argumentsTooLarge(bytes): return "arguments and environment take \(bytes) bytes, more than the 64 KiB allowed"
        case let .segmentInNullGuard(address):
            return "ELF: a loadable segment starts at \(hex32(address)), inside the null guard pages below \(hex32(KernelLayout.nullGuardEnd))"
        case let .tooManySegments(count): return "ELF: \(count) loadable segments; at most \(BootInfo.maximumRegions - 1) are supported"
        }
    }
}

extension ProgramImage {
    /// Loads a static ELF32 big-endian MIPS executable as Linux would: maps each PT_LOAD with
    /// its permissions (zero-filled bss), builds the initial stack (argc, argv, envp, auxv with
    /// AT_PHDR, AT_PAGESZ, AT_RANDOM → 16 fixed bytes, …), sets pc/nextPC to the entry, and
    /// applies the Go runtime patches when the program is a Go binary (``GoSupport``). The
    /// kernel is loaded beside it, with a boot block describing the process (its mappings,
    /// heap and mmap area, the null guard).
    public static func load(elfBytes: [UInt8], arguments: [String] = ProcessLayout.defaultArguments,
                            environment: [String] = []) throws(LoadError) -> ProgramImage {
        let elf: ELFFile
        do { elf = try ELFFile(bytes: elfBytes) } catch { throw .elf(error) }
        return try load(elf: elf, arguments: arguments, environment: environment)
    }

    public static func load(elf: ELFFile, arguments: [String] = ProcessLayout.defaultArguments,
                            environment: [String] = []) throws(LoadError) -> ProgramImage {
        var builder = PageBuilder()
        var map = MemoryMap()
        var highest: UInt64 = 0
        for segment in elf.segments {
            guard segment.endAddress <= UInt64(ProcessLayout.mmapTop) else {
                throw .segmentCollidesWithStack(address: UInt32(truncatingIfNeeded: segment.endAddress - 1))
            }
            guard segment.virtualAddress >= KernelLayout.nullGuardEnd else {
                throw .segmentInNullGuard(address: segment.virtualAddress)
            }
            builder.write(segment.fileBytes, at: segment.virtualAddress)
            var permissions: Permissions = []
            if segment.flags.contains(.read) { permissions.insert(.read) }
            if segment.flags.contains(.write) { permissions.insert(.write) }
            if segment.flags.contains(.execute) { permissions.insert([.execute, .read]) }
            let (first, end) = Memory.pageRange(start: segment.virtualAddress, size: UInt64(segment.memorySize))
            // Segments may share a page at their edges; the shared page gets both rights.
            for page in [first, end - 1] {
                if let existing = map.region(containing: page) { permissions.formUnion(existing.permissions) }
            }
            map.map(firstPage: first, endPage: end, permissions: permissions,
                    name: segment.flags.contains(.execute) ? "text" : segment.flags.contains(.write) ? "data" : "rodata")
            highest = max(highest, segment.endAddress)
        }

        var patches: [RuntimePatch] = []
        if GoSupport.isGoProgram(elf) {
            patches = GoSupport.patches(for: elf)
            for patch in patches {
                for (index, word) in patch.words.enumerated() {
                    builder.writeWord(word, at: patch.address &+ UInt32(index * 4))
                }
            }
        }

        let stackBottom = ProcessLayout.stackTop - ProcessLayout.stackSize
        map.map(firstPage: stackBottom >> 12, endPage: ProcessLayout.stackTop >> 12, permissions: [.read, .write], name: "stack")
        let sp = try buildInitialStack(into: &builder, elf: elf, arguments: arguments, environment: environment)

        let breakStart = UInt32(highest.roundedUpToPage)
        let breakLimit = UInt32(min(UInt64(breakStart) + UInt64(ProcessLayout.maximumBreakSize), UInt64(ProcessLayout.mmapTop)))
        var cpu = CPUState(pc: elf.entry, nextPC: elf.entry &+ 4)
        cpu[.sp] = sp

        guard map.regions.count < BootInfo.maximumRegions else { throw .tooManySegments(count: map.regions.count - 1) }
        let boot = BootInfo(nullGuardEnd: KernelLayout.nullGuardEnd, breakStart: breakStart, breakLimit: breakLimit,
                            mmapTop: ProcessLayout.mmapTop, mmapFloor: UInt32(UInt64(breakLimit).roundedUpToPage),
                            regions: BootInfo.regions(of: map))
        let functions = elf.symbols.filter { $0.kind == .function && $0.isDefined }
            .map { SymbolTable.Symbol(name: $0.name, address: $0.value, size: $0.size) }
        return withKernel(builder: &builder, map: &map, cpu: cpu, boot: boot, symbols: functions, patches: patches)
    }

    /// The 16 bytes AT_RANDOM points to: fixed, so runs are reproducible (Go and glibc seed
    /// hashing and stack protectors from them).
    public static let auxRandomBytes: [UInt8] = Array("zkmips-at-random".utf8)

    /// Lays out the Linux initial stack below ``ProcessLayout/stackTop`` and returns sp:
    /// `sp → argc, argv[0…n-1], NULL, envp…, NULL, auxv pairs…, AT_NULL`, then the strings and
    /// the AT_RANDOM bytes higher up. sp is 16-byte aligned.
    static func buildInitialStack(into builder: inout PageBuilder, elf: ELFFile, arguments: [String],
                                  environment: [String]) throws(LoadError) -> UInt32 {
        var cursor = ProcessLayout.stackTop - 16
        func push(_ bytes: [UInt8]) -> UInt32 {
            cursor -= UInt32(bytes.count)
            builder.write(bytes, at: cursor)
            return cursor
        }
        let stringBytes = (arguments + environment).reduce(0) { $0 + $1.utf8.count + 1 } + ProcessLayout.executablePath.utf8.count + 1
        guard stringBytes < 60_000 else { throw .argumentsTooLarge(bytes: stringBytes) }

        let execfn = push(Array(ProcessLayout.executablePath.utf8) + [0])
        let environmentPointers = environment.reversed().map { push(Array($0.utf8) + [0]) }.reversed()
        let argumentPointers = arguments.reversed().map { push(Array($0.utf8) + [0]) }.reversed()
        cursor &= ~15
        let random = push(auxRandomBytes)
        cursor &= ~15

        let (phdr, phnum) = elf.programHeadersInMemory
        let auxv: [(UInt32, UInt32)] = [
            (3, phdr),  // AT_PHDR
            (4, 32),  // AT_PHENT
            (5, phnum),  // AT_PHNUM
            (6, UInt32(Memory.pageSize)),  // AT_PAGESZ
            (7, 0),  // AT_BASE: no interpreter
            (8, 0),  // AT_FLAGS
            (9, elf.entry),  // AT_ENTRY
            (11, 0), (12, 0), (13, 0), (14, 0),  // AT_UID, AT_EUID, AT_GID, AT_EGID
            (16, 0),  // AT_HWCAP
            (17, 100),  // AT_CLKTCK
            (23, 0),  // AT_SECURE
            (25, random),  // AT_RANDOM
            (31, execfn),  // AT_EXECFN
            (0, 0),  // AT_NULL
        ]
        var words: [UInt32] = [UInt32(arguments.count)]
        words += argumentPointers
        words.append(0)
        words += environmentPointers
        words.append(0)
        for (key, value) in auxv { words += [key, value] }
        cursor -= UInt32(words.count * 4)
        cursor &= ~15
        for (index, word) in words.enumerated() { builder.writeWord(word, at: cursor + UInt32(index * 4)) }
        return cursor
    }
}
