/// brk, mmap, munmap, mprotect and getrandom.
extension Syscall {
    /// Mappings must stay in the 2 GiB user half of the address space, as on Linux/MIPS.
    static let userSpaceEnd: UInt64 = 0x8000_0000

    static func permissions(fromProt prot: UInt32) -> Permissions {
        var permissions: Permissions = []
        if prot & 1 != 0 { permissions.insert(.read) }
        if prot & 2 != 0 { permissions.insert(.write) }
        if prot & 4 != 0 { permissions.insert(.execute) }
        return permissions
    }

    /// `brk(address)`: grows or shrinks the heap within `[breakStart, breakLimit]`; any other
    /// request (including 0) returns the current break, as Linux does.
    func brk() throws(SyscallError) -> SyscallOutcome {
        let requested = a0
        var state = kernel.state
        guard requested >= state.breakStart, requested <= state.breakLimit else { return .returned(state.programBreak) }
        let oldEnd = UInt64(state.programBreak).roundedUpToPage
        let newEnd = UInt64(requested).roundedUpToPage
        if newEnd > oldEnd {
            let (first, end) = Memory.pageRange(start: UInt32(oldEnd), size: newEnd - oldEnd)
            guard memory.map.isFree(firstPage: first, endPage: end) else { return .returned(state.programBreak) }
            memory.mapRange(start: UInt32(oldEnd), size: newEnd - oldEnd, permissions: [.read, .write], name: "heap")
        } else if newEnd < oldEnd {
            memory.unmapRange(start: UInt32(newEnd), size: oldEnd - newEnd)
        }
        state.programBreak = requested
        kernel.state = state
        return .returned(requested)
    }

    /// `mmap`/`mmap2` of anonymous memory. File mappings fail with ENODEV (there are no files).
    func mmap(pageOffset: UInt32, fd: UInt32) throws(SyscallError) -> SyscallOutcome {
        let (hint, length, prot, flags) = (a0, UInt64(a1), a2, a3)
        let mapFixed: UInt32 = 0x10, mapAnonymous: UInt32 = 0x800, mapFixedNoReplace: UInt32 = 0x10_0000
        guard length > 0 else { throw .errno(.EINVAL) }
        guard flags & mapAnonymous != 0 else { throw .errno(.ENODEV) }
        let size = length.roundedUpToPage
        guard size < Self.userSpaceEnd else { throw .errno(.ENOMEM) }
        let pages = UInt32(size >> UInt64(Memory.pageBits))
        let permissions = Self.permissions(fromProt: prot)

        let address: UInt32
        if flags & (mapFixed | mapFixedNoReplace) != 0 {
            guard hint & UInt32(Memory.pageSize - 1) == 0, UInt64(hint) + size <= Self.userSpaceEnd else { throw .errno(.EINVAL) }
            if flags & mapFixedNoReplace != 0, !memory.map.isFree(firstPage: hint >> 12, endPage: (hint >> 12) + pages) {
                throw .errno(.EEXIST)
            }
            address = hint
        } else if hint != 0, hint & UInt32(Memory.pageSize - 1) == 0, UInt64(hint) + size <= Self.userSpaceEnd,
                  memory.map.isFree(firstPage: hint >> 12, endPage: (hint >> 12) + pages) {
            address = hint
        } else {
            let floor = UInt64(kernel.state.breakLimit).roundedUpToPage
            guard let found = memory.map.highestFreeRange(pages: pages, belowPage: kernel.state.mmapTop >> 12, abovePage: UInt32(floor >> 12)) else {
                throw .errno(.ENOMEM)
            }
            address = found << 12
        }
        memory.mapRange(start: address, size: size, permissions: permissions, name: "mmap")
        return .returned(address)
    }

    func munmap() throws(SyscallError) -> SyscallOutcome {
        guard a0 & UInt32(Memory.pageSize - 1) == 0, a1 > 0 else { throw .errno(.EINVAL) }
        memory.unmapRange(start: a0, size: UInt64(a1))
        return .returned(0)
    }

    func mprotect() throws(SyscallError) -> SyscallOutcome {
        guard a0 & UInt32(Memory.pageSize - 1) == 0 else { throw .errno(.EINVAL) }
        guard memory.protectRange(start: a0, size: UInt64(a1), permissions: Self.permissions(fromProt: a2)) else {
            throw .errno(.ENOMEM)
        }
        return .returned(0)
    }

    /// Deterministic "random" bytes: SplitMix64 over a counter in the kernel state.
    func getrandom() throws(SyscallError) -> SyscallOutcome {
        let count = min(Int(a1), Self.maxTransfer)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            kernel.state.randomCounter &+= 1
            var value = SplitMix64.mix(kernel.state.randomCounter)
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: value))
                value >>= 8
            }
        }
        try write(Array(bytes.prefix(count)), to: a0)
        return .returned(UInt32(count))
    }
}

/// The SplitMix64 finaliser (Steele, Lea & Flood, 2014): a fixed, well-mixed function of a
/// counter.
enum SplitMix64 {
    static func mix(_ input: UInt64) -> UInt64 {
        var z = input &* 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

extension UInt64 {
    /// Rounded up to a multiple of the page size.
    var roundedUpToPage: UInt64 {
        (self + UInt64(Memory.pageSize) - 1) & ~UInt64(Memory.pageSize - 1)
    }
}

extension MemoryMap {
    /// The highest first page of `pages` free pages ending at or below `belowPage` and starting
    /// at or above `abovePage`.
    public func highestFreeRange(pages: UInt32, belowPage: UInt32, abovePage: UInt32) -> UInt32? {
        var end = belowPage
        for region in regions.reversed() where region.firstPage < end {
            if region.endPage <= end, end - region.endPage >= pages {
                let start = end - pages
                return start >= abovePage ? start : nil
            }
            end = min(end, region.firstPage)
        }
        guard end >= pages, end - pages >= abovePage else { return nil }
        return end - pages
    }
}
