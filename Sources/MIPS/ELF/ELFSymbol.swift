// A symbol from an ELF executable's `.symtab`; see `ELFFile.symbols`.

/// One entry of the `SHT_SYMTAB` section, with its name resolved through the linked string table.
public struct ELFSymbol: Sendable, Equatable {
    /// The symbol type, from the low nibble of `st_info`.
    public enum Kind: Sendable, Equatable {
        /// `STT_FUNC` (2): code.
        case function
        /// `STT_OBJECT` (1): data.
        case object
        /// Anything else (`STT_NOTYPE`, `STT_SECTION`, `STT_FILE`, `STT_TLS`, …).
        case other
    }

    /// The name (bytes up to the NUL in the string table, decoded as UTF-8; invalid sequences
    /// become U+FFFD). Empty when `st_name` is 0.
    public let name: String
    /// `st_value`: for a defined symbol in an executable, its virtual address.
    public let value: UInt32
    /// `st_size`: size in bytes (0 when unknown).
    public let size: UInt32
    public let kind: Kind
    /// `st_shndx`: the section the symbol is defined in (0 = `SHN_UNDEF`, 0xfff1 = `SHN_ABS`).
    public let sectionIndex: UInt16

    public init(name: String, value: UInt32, size: UInt32, kind: Kind, sectionIndex: UInt16) {
        self.name = name
        self.value = value
        self.size = size
        self.kind = kind
        self.sectionIndex = sectionIndex
    }

    /// Whether the symbol is defined (`st_shndx != SHN_UNDEF`).
    public var isDefined: Bool { sectionIndex != 0 }
}
