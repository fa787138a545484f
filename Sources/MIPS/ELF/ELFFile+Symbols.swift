// The section header table and the symbol table of an ELF executable (see `ELFFile.symbols`).

extension ELFFile {
    /// The fields of an `Elf32_Shdr` that the parser uses.
    struct SectionHeader {
        let type: UInt32
        let offset: UInt32
        let size: UInt32
        let link: UInt32
        let info: UInt32
        let entrySize: UInt32
    }

    /// A section header table that has been checked to lie inside the file.
    struct SectionTable {
        /// File offset of section header 0.
        let offset: Int
        /// Number of section headers (≥ 1); `offset + count × 40 <= bytes.count`.
        let count: Int

        /// Locates the section header table; `nil` if the file has none (`e_shoff == 0`, or a
        /// zero count).
        ///
        /// - Throws: `.badSectionHeaderSize` if `e_shentsize != 40`, `.truncated` if the table
        ///   (or header 0, for extended numbering) runs past the end of the file.
        init?(header: Header, reader: ELFReader) throws(ELFError) {
            guard header.sectionHeaderOffset != 0 else { return nil }
            let entrySize = UInt64(Constant.sectionHeaderSize)
            guard header.sectionHeaderEntrySize == Constant.sectionHeaderSize else {
                throw .badSectionHeaderSize(entrySize: header.sectionHeaderEntrySize)
            }
            let start = UInt64(header.sectionHeaderOffset)
            var count = UInt64(header.sectionHeaderCount)
            if count == 0 {
                // Extended numbering: the real count is section header 0's sh_size.
                let zero = try reader.range("section header 0", offset: start, size: entrySize)
                count = UInt64(reader.u32(zero + 20))
            }
            guard count > 0 else { return nil }
            // count < 2³², so count × 40 < 2³⁸: no overflow in UInt64.
            self.offset = try reader.range("section header table", offset: start, size: count * entrySize)
            self.count = Int(count)
        }

        /// Section header `index`; requires `index < count`.
        func header(_ index: Int, _ reader: ELFReader) -> SectionHeader {
            precondition(index >= 0 && index < count)
            let base = offset + index * Int(Constant.sectionHeaderSize)
            return SectionHeader(
                type: reader.u32(base + 4), offset: reader.u32(base + 16), size: reader.u32(base + 20),
                link: reader.u32(base + 24), info: reader.u32(base + 28), entrySize: reader.u32(base + 36))
        }

        /// The symbols of the only `SHT_SYMTAB` section, or `[]` if there is none.
        ///
        /// Checks: at most one `SHT_SYMTAB`; `sh_entsize == 16`; `sh_size` a multiple of 16; the
        /// contents inside the file; `sh_link` a valid index of an `SHT_STRTAB` whose contents are
        /// inside the file and end with a NUL; every `st_name` inside that string table.
        func symbols(_ reader: ELFReader) throws(ELFError) -> [ELFSymbol] {
            var found: Int?
            for index in 0..<count where header(index, reader).type == Constant.sectionSymbolTable {
                if let first = found {
                    throw .badSymbolTable(section: index, reason: "a second SHT_SYMTAB (the first is section \(first))")
                }
                found = index
            }
            guard let tableIndex = found else { return [] }
            let table = header(tableIndex, reader)
            let fileSize = UInt64(reader.count)

            func bad(_ reason: String) -> ELFError { .badSymbolTable(section: tableIndex, reason: reason) }
            guard table.entrySize == Constant.symbolSize else {
                throw bad("sh_entsize is \(table.entrySize), expected \(Constant.symbolSize)")
            }
            guard table.size % Constant.symbolSize == 0 else {
                throw bad("sh_size \(table.size) is not a multiple of \(Constant.symbolSize)")
            }
            guard UInt64(table.offset) + UInt64(table.size) <= fileSize else {
                throw bad("contents (offset \(ELFError.hex(table.offset)), size \(table.size)) extend past the end "
                    + "of the \(fileSize)-byte file")
            }
            guard UInt64(table.link) < UInt64(count) else {
                throw bad("sh_link \(table.link) is not a section index (there are \(count) sections)")
            }

            let stringIndex = Int(table.link)
            let strings = header(stringIndex, reader)
            func badStrings(_ reason: String) -> ELFError { .badStringTable(section: stringIndex, reason: reason) }
            guard strings.type == Constant.sectionStringTable else {
                throw badStrings("sh_type is \(strings.type), expected SHT_STRTAB (3)")
            }
            guard UInt64(strings.offset) + UInt64(strings.size) <= fileSize else {
                throw badStrings("contents (offset \(ELFError.hex(strings.offset)), size \(strings.size)) extend past "
                    + "the end of the \(fileSize)-byte file")
            }
            // Both checked to lie inside the file above.
            let stringStart = Int(strings.offset), stringEnd = stringStart + Int(strings.size)
            guard strings.size == 0 || reader.bytes[stringEnd - 1] == 0 else {
                throw badStrings("does not end with a NUL byte")
            }
            // Positions of every NUL, ascending; a name ends at the first one at or after its start.
            // (Scanning forward from each name instead is quadratic on hostile overlapping names.)
            var terminators: [Int] = []
            for position in stringStart..<stringEnd where reader.bytes[position] == 0 {
                terminators.append(position)
            }

            let symbolCount = Int(table.size / Constant.symbolSize)
            let tableStart = Int(table.offset)
            var symbols: [ELFSymbol] = []
            symbols.reserveCapacity(max(0, symbolCount - 1))
            for number in 1..<max(1, symbolCount) {  // Entry 0 is the null symbol.
                let base = tableStart + number * Int(Constant.symbolSize)
                let nameOffset = reader.u32(base)
                var name = ""
                if nameOffset != 0 {
                    guard nameOffset < strings.size else {
                        throw bad("symbol \(number): st_name \(ELFError.hex(nameOffset)) is outside the string table "
                            + "(section \(stringIndex), size \(strings.size))")
                    }
                    let nameStart = stringStart + Int(nameOffset)
                    let nameEnd = terminators[firstIndex(in: terminators, notBelow: nameStart)]
                    name = String(decoding: reader.bytes[nameStart..<nameEnd], as: UTF8.self)
                }
                let info = reader.u8(base + 12)
                let kind: ELFSymbol.Kind =
                    switch info & 0xF {
                    case 1: .object
                    case 2: .function
                    default: .other
                    }
                symbols.append(
                    ELFSymbol(
                        name: name, value: reader.u32(base + 4), size: reader.u32(base + 8), kind: kind,
                        sectionIndex: reader.u16(base + 14)))
            }
            return symbols
        }

        /// The index of the first element of the ascending `values` that is `>= target`.
        /// The caller guarantees one exists (the string table ends with a NUL).
        private func firstIndex(in values: [Int], notBelow target: Int) -> Int {
            var low = 0, high = values.count
            while low < high {
                let middle = low + (high - low) / 2
                if values[middle] < target { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }
}
