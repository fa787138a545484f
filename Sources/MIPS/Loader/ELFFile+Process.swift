extension ELFFile {
    /// Where the program headers are in the loaded image (AT_PHDR) and how many (AT_PHNUM).
    /// Static glibc finds its TLS segment through them. They are in memory when a PT_LOAD maps
    /// the file range holding them (the usual case); otherwise AT_PHDR is 0.
    var programHeadersInMemory: (address: UInt32, count: UInt32) {
        let offset = UInt64(programHeaderOffset)
        let size = UInt64(programHeaderCount) * 32
        for segment in segments {
            let start = UInt64(segment.fileOffset)
            if offset >= start, offset + size <= start + UInt64(segment.fileSize) {
                return (segment.virtualAddress &+ UInt32(offset - start), UInt32(programHeaderCount))
            }
        }
        return (0, UInt32(programHeaderCount))
    }
}
