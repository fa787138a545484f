#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The guest's 32-bit address space: 4 KiB pages of big-endian words, allocated on first touch.
///
/// Words are stored as `UInt32` values exactly as the guest sees them (big-endian byte order is a
/// matter of which bits a byte access selects), which is also the prover's word-addressed view
/// (DESIGN.md §6). What a proof claims is flat memory: every word exists and only changes when
/// the program or the kernel stores to it. The ``MemoryMap`` with its permissions is a
/// debugging aid of `execute`: the kernel tells the machine about its mappings (the map
/// primitive) and an access outside them is a machine fault, never a change of contents.
///
/// **Fast path.** Three page tables of 2^20 entries answer most accesses with one load: pages
/// readable so far (`readTable`), pages writable without further checks (`writeTable`) and
/// pages of predecoded instructions (`codeTable`). There is one set of tables per privilege
/// mode, switched on exception entry and `eret`, so kernel-only pages are never in the user
/// tables. A miss takes the slow path, which checks the ``MemoryMap``, allocates the page if
/// needed and installs it. A page is in *data mode* (writable in some set) or *code mode*
/// (decoded, in some set's `codeTable`), never both, so a store into code always reaches the
/// slow path, which drops the stale decoding.
///
/// **Touch tracking.** ``beginTouchTracking()`` empties the tables; from then on the first access
/// to each page goes through the slow path, which records the page with its contents before the
/// access. That is how a segment learns which pages it needs (DESIGN.md §1 step 3) at no cost to
/// the fast path.
public final class Memory {
    public static let pageBits = 12
    public static let pageSize = 1 << pageBits
    public static let wordsPerPage = pageSize / 4
    /// Number of pages in the 32-bit address space.
    public static let pageCount: UInt32 = 1 << 20

    /// The mapped ranges and their permissions.
    public private(set) var map: MemoryMap

    /// One mode's fast tables.
    private struct TableSet {
        let read: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
        let write: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
        let code: UnsafeMutablePointer<UnsafeMutablePointer<Instruction>?>
        /// Pages with an entry in any of the three tables.
        var installed: [UInt32] = []

        init() {
            read = Memory.zeroedTable()
            write = Memory.zeroedTable()
            code = Memory.zeroedTable()
        }

        func deallocate() {
            Memory.freeTable(read)
            Memory.freeTable(write)
            Memory.freeTable(code)
        }

        mutating func flush() {
            for number in installed {
                read[Int(number)] = nil
                write[Int(number)] = nil
                code[Int(number)] = nil
            }
            installed.removeAll(keepingCapacity: true)
        }
    }

    /// Every page that holds storage, by page number (nil where never allocated).
    private let backing: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
    private var allocatedPages: Set<UInt32> = []
    private var userTables = TableSet()
    private var kernelTables = TableSet()
    /// The current mode's tables (the interpreter's fast path reads these three).
    @usableFromInline private(set) var readTable: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
    @usableFromInline private(set) var writeTable: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
    @usableFromInline private(set) var codeTable: UnsafeMutablePointer<UnsafeMutablePointer<Instruction>?>
    /// The mode whose tables are current: kernel-only regions are reachable in kernel mode only.
    public private(set) var mode: PrivilegeMode = .user
    /// Decoded pages, kept across table flushes until the page is written.
    private var decodedPages: [UInt32: UnsafeMutablePointer<Instruction>] = [:]
    /// Pages first touched since ``beginTouchTracking()``, with their contents at that moment.
    public private(set) var touchedPages: [UInt32: [UInt32]]?

    /// Creates an empty address space with the given mappings.
    public init(map: MemoryMap = MemoryMap()) {
        self.map = map
        backing = Self.zeroedTable()
        readTable = userTables.read
        writeTable = userTables.write
        codeTable = userTables.code
    }

    deinit {
        for page in allocatedPages { backing[Int(page)]?.deallocate() }
        for (_, decoded) in decodedPages { decoded.deallocate() }
        Self.freeTable(backing)
        userTables.deallocate()
        kernelTables.deallocate()
    }

    /// Makes `mode`'s tables current (exception entry, `eret`, restoring a snapshot).
    public func switchMode(to mode: PrivilegeMode) {
        guard mode != self.mode else { return }
        self.mode = mode
        let tables = mode == .kernel ? kernelTables : userTables
        readTable = tables.read
        writeTable = tables.write
        codeTable = tables.code
    }

    /// Bytes of one page table: 2^20 pointers.
    private static let tableSize = Int(pageCount) * MemoryLayout<UnsafeMutableRawPointer?>.stride

    /// A page table of nil entries, from an anonymous mapping: the host's kernel hands out zero
    /// pages lazily, so an untouched table costs nothing (calloc may instead memset 8 MiB when
    /// its heap can serve the request).
    private static func zeroedTable<T>() -> UnsafeMutablePointer<UnsafeMutablePointer<T>?> {
        guard let raw = mmap(nil, tableSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else {
            fatalError("out of memory allocating a page table")
        }
        return raw.bindMemory(to: UnsafeMutablePointer<T>?.self, capacity: Int(pageCount))
    }

    private static func freeTable<T>(_ table: UnsafeMutablePointer<T>) {
        munmap(UnsafeMutableRawPointer(table), tableSize)
    }

    // MARK: - Fast path

    /// The word at a 4-byte-aligned address, for a load.
    @inline(__always)
    func loadWord(_ address: UInt32) throws(MemoryFault) -> UInt32 {
        if let page = readTable[Int(address >> 12)] { return page[Int((address >> 2) & 1023)] }
        return try readablePage(address)[Int((address >> 2) & 1023)]
    }

    /// Stores the word at a 4-byte-aligned address.
    @inline(__always)
    func storeWord(_ address: UInt32, _ value: UInt32) throws(MemoryFault) {
        if let page = writeTable[Int(address >> 12)] {
            page[Int((address >> 2) & 1023)] = value
            return
        }
        try writablePage(address)[Int((address >> 2) & 1023)] = value
    }

    /// The predecoded instruction at a 4-byte-aligned pc.
    @inline(__always)
    func fetch(_ pc: UInt32) throws(MemoryFault) -> Instruction {
        if let page = codeTable[Int(pc >> 12)] { return page[Int((pc >> 2) & 1023)] }
        return try executablePage(pc)[Int((pc >> 2) & 1023)]
    }

    // MARK: - Slow path

    @inline(never)
    func readablePage(_ address: UInt32) throws(MemoryFault) -> UnsafeMutablePointer<UInt32> {
        let number = address >> 12
        if let page = readTable[Int(number)] { return page }
        try check(address, needs: .read)
        let page = materialize(number)
        install(number) { $0.read[Int(number)] = page }
        return page
    }

    @inline(never)
    func writablePage(_ address: UInt32) throws(MemoryFault) -> UnsafeMutablePointer<UInt32> {
        let number = address >> 12
        if let page = writeTable[Int(number)] { return page }
        try check(address, needs: .write)
        let page = materialize(number)
        dropDecoding(number)
        install(number) {
            $0.read[Int(number)] = page
            $0.write[Int(number)] = page
        }
        return page
    }

    @inline(never)
    func executablePage(_ address: UInt32) throws(MemoryFault) -> UnsafeMutablePointer<Instruction> {
        let number = address >> 12
        if let page = codeTable[Int(number)] { return page }
        try check(address, needs: .execute)
        let words = materialize(number)
        let decoded: UnsafeMutablePointer<Instruction>
        if let existing = decodedPages[number] {
            decoded = existing
        } else {
            decoded = .allocate(capacity: Self.wordsPerPage)
            for index in 0..<Self.wordsPerPage {
                (decoded + index).initialize(to: Instruction(word: words[index]))
            }
            decodedPages[number] = decoded
        }
        // Leave data mode in both sets: the next store, in either mode, must drop the decoding.
        userTables.write[Int(number)] = nil
        kernelTables.write[Int(number)] = nil
        install(number) {
            $0.read[Int(number)] = words
            $0.code[Int(number)] = decoded
        }
        return decoded
    }

    /// Frees a page's decoded instructions and removes it from both code tables.
    private func dropDecoding(_ number: UInt32) {
        guard let decoded = decodedPages.removeValue(forKey: number) else { return }
        decoded.deallocate()
        userTables.code[Int(number)] = nil
        kernelTables.code[Int(number)] = nil
    }

    /// The kernel may touch any mapped page (it checks user buffers against its own map, as
    /// Linux does); user code only what its mappings allow, and never kernel memory.
    private func check(_ address: UInt32, needs: Permissions) throws(MemoryFault) {
        guard let region = map.region(containing: address >> 12) else { throw .unmapped(address: address) }
        if mode == .kernel { return }
        if region.permissions.contains(.kernel) { throw .kernelMemory(address: address) }
        guard region.permissions.contains(needs) else {
            throw .protection(address: address, needed: needs, has: region.permissions)
        }
    }

    /// The storage of a page, allocated zero-filled on first use; records the first touch.
    private func materialize(_ number: UInt32) -> UnsafeMutablePointer<UInt32> {
        let page: UnsafeMutablePointer<UInt32>
        if let existing = backing[Int(number)] {
            page = existing
        } else {
            page = .allocate(capacity: Self.wordsPerPage)
            page.initialize(repeating: 0, count: Self.wordsPerPage)
            backing[Int(number)] = page
            allocatedPages.insert(number)
        }
        recordFirstTouch(number)
        return page
    }

    /// While tracking, keeps a page's contents as they were before its first access.
    private func recordFirstTouch(_ number: UInt32) {
        guard touchedPages != nil, touchedPages?[number] == nil, let page = backing[Int(number)] else { return }
        touchedPages?[number] = Array(UnsafeBufferPointer(start: page, count: Self.wordsPerPage))
    }

    /// Installs a page in the current mode's tables.
    private func install(_ number: UInt32, _ update: (TableSet) -> Void) {
        if mode == .kernel { Self.install(number, in: &kernelTables, update) } else { Self.install(number, in: &userTables, update) }
    }

    private static func install(_ number: UInt32, in tables: inout TableSet, _ update: (TableSet) -> Void) {
        if tables.read[Int(number)] == nil && tables.write[Int(number)] == nil && tables.code[Int(number)] == nil {
            tables.installed.append(number)
        }
        update(tables)
    }

    /// Empties the fast tables so that the next access to every page takes the slow path.
    public func flushFastTables() {
        userTables.flush()
        kernelTables.flush()
    }

    // MARK: - Touch tracking

    /// Starts recording the pages accessed from now on, with their contents before the first
    /// access; ``touchedPages`` holds them.
    public func beginTouchTracking() {
        flushFastTables()
        touchedPages = [:]
    }

    /// Stops recording and returns the pages touched since ``beginTouchTracking()``.
    @discardableResult
    public func endTouchTracking() -> [UInt32: [UInt32]] {
        defer { touchedPages = nil }
        return touchedPages ?? [:]
    }

    // MARK: - Mappings

    /// Maps `[start, start + size)` (rounded out to pages), replacing older mappings there.
    /// Contents are not changed: memory is flat, and the kernel zeroes what it hands out.
    public func mapRange(start: UInt32, size: UInt64, permissions: Permissions, name: String) {
        guard size > 0 else { return }
        let (first, end) = Self.pageRange(start: start, size: size)
        flushFastTables()
        map.map(firstPage: first, endPage: end, permissions: permissions, name: name)
    }

    /// Unmaps `[start, start + size)` (rounded out to pages). Contents are not changed.
    public func unmapRange(start: UInt32, size: UInt64) {
        guard size > 0 else { return }
        let (first, end) = Self.pageRange(start: start, size: size)
        flushFastTables()
        map.unmap(firstPage: first, endPage: end)
    }

    /// Changes permissions; false if part of the range is unmapped (nothing changes then).
    public func protectRange(start: UInt32, size: UInt64, permissions: Permissions) -> Bool {
        guard size > 0 else { return true }
        let (first, end) = Self.pageRange(start: start, size: size)
        flushFastTables()
        return map.protect(firstPage: first, endPage: end, permissions: permissions)
    }

    /// Pages `[first, end)` covering `[start, start + size)`.
    public static func pageRange(start: UInt32, size: UInt64) -> (UInt32, UInt32) {
        let first = start >> 12
        let endAddress = min(UInt64(start) + size, 1 << 32)
        let end = UInt32((endAddress + UInt64(pageSize) - 1) >> UInt64(pageBits))
        return (first, end)
    }

    // MARK: - Host access (loader, primitives, snapshots, tests)

    /// Page numbers holding storage, ascending.
    public var residentPages: [UInt32] { allocatedPages.sorted() }

    /// A copy of a page's words (zeros if never allocated). Does not count as a touch.
    public func pageContents(_ number: UInt32) -> [UInt32] {
        guard let page = backing[Int(number)] else { return Array(repeating: 0, count: Self.wordsPerPage) }
        return Array(UnsafeBufferPointer(start: page, count: Self.wordsPerPage))
    }

    /// Overwrites a page's words, ignoring permissions (loader and snapshot restore).
    public func setPageContents(_ number: UInt32, _ words: [UInt32]) {
        precondition(words.count == Self.wordsPerPage && number < Self.pageCount)
        let page = materialize(number)
        page.update(from: words, count: Self.wordsPerPage)
        dropDecoding(number)
    }

    /// Reads bytes without permission checks, as the console primitive does with a buffer the
    /// kernel has already checked. Counts as a touch (so a replayed segment prints the same).
    public func peekBytes(at address: UInt32, count: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        var address = address
        var word: UInt32 = 0
        for index in 0..<count {
            if index == 0 || address & 3 == 0 { word = materialize(address >> 12)[Int((address >> 2) & 1023)] }  // once per word
            result.append(UInt8(truncatingIfNeeded: word >> (24 - 8 * (address & 3))))
            address &+= 1
        }
        return result
    }

    /// Writes bytes ignoring permissions (the loader uses it to place read-only segments).
    public func initialize(bytes: some Collection<UInt8>, at address: UInt32) {
        var address = address
        for byte in bytes {
            let page = materialize(address >> 12)
            let index = Int((address >> 2) & 1023)
            let shift = UInt32(24 - 8 * (address & 3))
            page[index] = (page[index] & ~(0xff << shift)) | UInt32(byte) << shift
            dropDecoding(address >> 12)
            address &+= 1
        }
    }

    /// Reads guest bytes as the guest could (needs read permission); counts as a touch.
    public func readBytes(at address: UInt32, count: Int) throws(MemoryFault) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        var address = address
        var word: UInt32 = 0
        for index in 0..<count {
            if index == 0 || address & 3 == 0 { word = try loadWord(address & ~3) }  // once per word
            result.append(UInt8(truncatingIfNeeded: word >> (24 - 8 * (address & 3))))
            address &+= 1
        }
        return result
    }

    /// Writes guest bytes as the guest could (needs write permission); counts as a touch. Each
    /// word is read, merged with its new bytes and written once.
    public func writeBytes(_ bytes: some Collection<UInt8>, at address: UInt32) throws(MemoryFault) {
        var address = address
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let aligned = address & ~3
            var word = try loadWord(aligned)
            repeat {
                let shift = 24 - 8 * (address & 3)
                word = (word & ~(0xff << shift)) | UInt32(bytes[index]) << shift
                index = bytes.index(after: index)
                address &+= 1
            } while index != bytes.endIndex && address & 3 != 0
            try storeWord(aligned, word)
        }
    }

    /// Loads a word as the guest would (aligned, readable).
    public func word(at address: UInt32) throws(MemoryFault) -> UInt32 {
        guard address & 3 == 0 else { throw .unaligned(address: address, size: 4) }
        return try loadWord(address)
    }

    /// Stores a word as the guest would (aligned, writable).
    public func setWord(_ value: UInt32, at address: UInt32) throws(MemoryFault) {
        guard address & 3 == 0 else { throw .unaligned(address: address, size: 4) }
        try storeWord(address, value)
    }
}
