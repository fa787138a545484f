@_exported import MIPS
