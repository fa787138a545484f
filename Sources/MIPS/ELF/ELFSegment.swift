// A loadable (PT_LOAD) segment of an ELF executable; see `ELFFile.segments`.

/// One `PT_LOAD` segment: `fileBytes` are copied to `virtualAddress`, and the remaining
/// `bssSize` bytes up to `memorySize` are zero.
///
/// `ELFFile` guarantees `fileBytes.count <= memorySize`, `memorySize > 0`, and
/// `virtualAddress + memorySize <= 2³²` (the segment does not wrap the address space).
public struct ELFSegment: Sendable, Equatable {
    /// Access rights from `p_flags` (`PF_R` = 4, `PF_W` = 2, `PF_X` = 1; other bits are dropped).
    /// The raw values are the `PF_*` bits, so they differ from the VM's memory `Permissions`.
    public struct Permissions: OptionSet, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public static let execute = Permissions(rawValue: 1)  // PF_X
        public static let write = Permissions(rawValue: 2)  // PF_W
        public static let read = Permissions(rawValue: 4)  // PF_R

        /// `rwx`-style text, as `readelf -l` prints it.
        public var description: String {
            (contains(.read) ? "r" : "-") + (contains(.write) ? "w" : "-") + (contains(.execute) ? "x" : "-")
        }
    }

    /// Index of this segment's program header in the program header table (0-based).
    public let programHeaderIndex: Int
    /// `p_vaddr`: where the segment starts in memory.
    public let virtualAddress: UInt32
    /// `p_memsz`: how many bytes of memory the segment occupies (always > 0).
    public let memorySize: UInt32
    /// `p_offset`: where `fileBytes` start in the file.
    public let fileOffset: UInt32
    /// The `p_filesz` bytes of initialised contents, copied out of the file.
    public let fileBytes: [UInt8]
    /// `p_flags`, restricted to read/write/execute.
    public let flags: Permissions
    /// `p_align` (0 or a power of two; 0 and 1 mean no alignment).
    public let alignment: UInt32

    /// Makes a segment directly (for tests and synthetic images); `ELFFile` builds them from
    /// program headers. Traps unless `fileBytes.count <= memorySize` and the segment ends at or
    /// below 2³².
    public init(
        programHeaderIndex: Int, virtualAddress: UInt32, memorySize: UInt32, fileOffset: UInt32,
        fileBytes: [UInt8], flags: Permissions, alignment: UInt32
    ) {
        precondition(UInt64(fileBytes.count) <= UInt64(memorySize), "ELFSegment: file bytes exceed memory size")
        precondition(UInt64(virtualAddress) + UInt64(memorySize) <= 1 << 32, "ELFSegment: wraps address space")
        self.programHeaderIndex = programHeaderIndex
        self.virtualAddress = virtualAddress
        self.memorySize = memorySize
        self.fileOffset = fileOffset
        self.fileBytes = fileBytes
        self.flags = flags
        self.alignment = alignment
    }

    /// `p_filesz`: the number of initialised bytes.
    public var fileSize: UInt32 { UInt32(fileBytes.count) }  // ≤ memorySize, so it fits.

    /// `p_memsz - p_filesz`: the zero-filled tail (.bss).
    public var bssSize: UInt32 { memorySize - fileSize }  // fileSize ≤ memorySize: no underflow.

    /// One past the last address, as a 64-bit value (it may equal 2³²).
    public var endAddress: UInt64 { UInt64(virtualAddress) + UInt64(memorySize) }

    /// Whether `address` lies in `virtualAddress ..< virtualAddress + memorySize`.
    public func contains(_ address: UInt32) -> Bool {
        address >= virtualAddress && UInt64(address) < endAddress
    }
}
