@_exported import Commit
@_exported import Constraints
@_exported import Continuation
@_exported import Field
@_exported import MIPS
@_exported import Poseidon
@_exported import Stark
@_exported import Tables
