/// The guest's mapped address ranges with their permissions, page-granular.
///
/// Kept as a sorted list of disjoint regions; it is consulted only on the memory's slow path
/// (the first access to a page), so its speed does not matter. Mapping over an existing range
/// replaces it, as `mmap(MAP_FIXED)` does.
public struct MemoryMap: Hashable, Sendable {
    public struct Region: Hashable, Sendable, CustomStringConvertible {
        /// First page number (address >> 12).
        public var firstPage: UInt32
        /// One past the last page number; at most 2^20.
        public var endPage: UInt32
        public var permissions: Permissions
        /// A label for diagnostics (`"text"`, `"stack"`, `"heap"`, `"mmap"`).
        public var name: String

        public var start: UInt32 { firstPage << Memory.pageBits }
        /// Size in bytes (may be 2^32 for the flat map, hence UInt64).
        public var size: UInt64 { UInt64(endPage - firstPage) << UInt64(Memory.pageBits) }

        public var description: String {
            "\(hex32(start))-\(hex32(UInt32(truncatingIfNeeded: UInt64(start) + size - 1))) \(permissions) \(name)"
        }
    }

    public private(set) var regions: [Region] = []

    public init() {}

    /// A map where every address is readable, writable and executable (flat test programs).
    public static var flat: MemoryMap {
        var map = MemoryMap()
        map.map(firstPage: 0, endPage: Memory.pageCount, permissions: .all, name: "flat")
        return map
    }

    /// The region holding `page`, if any.
    public func region(containing page: UInt32) -> Region? {
        var low = 0, high = regions.count
        while low < high {
            let mid = (low + high) / 2
            if regions[mid].endPage <= page { low = mid + 1 } else { high = mid }
        }
        guard low < regions.count, regions[low].firstPage <= page else { return nil }
        return regions[low]
    }

    /// Whether every page in `[firstPage, endPage)` is unmapped.
    public func isFree(firstPage: UInt32, endPage: UInt32) -> Bool {
        !regions.contains { $0.firstPage < endPage && firstPage < $0.endPage }
    }

    /// Maps pages `[firstPage, endPage)`, replacing whatever was mapped there.
    public mutating func map(firstPage: UInt32, endPage: UInt32, permissions: Permissions, name: String) {
        precondition(firstPage <= endPage && endPage <= Memory.pageCount)
        guard firstPage < endPage else { return }
        unmap(firstPage: firstPage, endPage: endPage)
        let index = regions.firstIndex { $0.firstPage >= endPage } ?? regions.count
        regions.insert(Region(firstPage: firstPage, endPage: endPage, permissions: permissions, name: name), at: index)
    }

    /// Unmaps pages `[firstPage, endPage)`, splitting regions that straddle the edges.
    public mutating func unmap(firstPage: UInt32, endPage: UInt32) {
        var result: [Region] = []
        result.reserveCapacity(regions.count + 1)
        for region in regions {
            if region.endPage <= firstPage || region.firstPage >= endPage {
                result.append(region)
                continue
            }
            if region.firstPage < firstPage {
                var left = region
                left.endPage = firstPage
                result.append(left)
            }
            if region.endPage > endPage {
                var right = region
                right.firstPage = endPage
                result.append(right)
            }
        }
        regions = result
    }

    /// Changes the permissions of the mapped pages in `[firstPage, endPage)`; returns false if
    /// part of the range is unmapped (then nothing changes), as `mprotect` fails with ENOMEM.
    public mutating func protect(firstPage: UInt32, endPage: UInt32, permissions: Permissions) -> Bool {
        var page = firstPage
        while page < endPage {
            guard let region = region(containing: page) else { return false }
            page = region.endPage
        }
        var pieces: [Region] = []
        page = firstPage
        while page < endPage, let region = region(containing: page) {
            let end = min(region.endPage, endPage)
            pieces.append(Region(firstPage: page, endPage: end, permissions: permissions, name: region.name))
            page = end
        }
        for piece in pieces {
            map(firstPage: piece.firstPage, endPage: piece.endPage, permissions: piece.permissions, name: piece.name)
        }
        return true
    }
}
