import Constraints
import Field

/// `memory-final` and `registers-final`: the last tuple of every data word (`memoryBus`) or
/// register (`registersBus`) the segment touched, one row per address (padding rows have
/// `isReal` = 0). The registers' table also sends each (register, value) on `registerClaimBus`,
/// where the verifier receives the claimed end registers. The data words' rows also carry the
/// word's store count (`memoryBus`'s fourth element).
public struct MemoryFinalTable: AIR {
    public let address: Column, timestamp: Column, value: Column, isReal: Column
    /// The store count (data words only).
    public let stores: Column?
    public let bus: Bus
    public let width: Int
    public let name: String
    public var publicValueCount: Int { 0 }

    /// The data words' table.
    public static let memory = MemoryFinalTable(bus: memoryBus, name: "memory-final")
    /// The registers' table.
    public static let registers = MemoryFinalTable(bus: registersBus, name: "registers-final")

    init(bus: Bus, name: String) {
        self.bus = bus
        self.name = name
        var allocator = ColumnAllocator()
        address = allocator.column("address")
        timestamp = allocator.column("timestamp")
        value = allocator.column("value")
        isReal = allocator.column("isReal")
        stores = bus.arity == 4 ? allocator.column("stores") : nil
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let isReal = builder.current(self.isReal)
        builder.assertBool(isReal, "isReal is a bit")
        builder.receive(bus, [address, timestamp, value].map(builder.current) + (stores.map { [builder.current($0)] } ?? []),
                        multiplicity: isReal, "last tuple")
        if bus == registersBus {
            builder.send(registerClaimBus, [address, value].map(builder.current), multiplicity: isReal, "end value")
        }
    }

    /// The trace for the last (timestamp, value, store count) of each address, sorted by
    /// address, padded to a power of two (at least one row).
    public func trace(_ last: [UInt32: MemoryCell]) -> RowMajorMatrix<Goldilocks> {
        let addresses = last.keys.sorted()
        let height = max(1, addresses.count).nextPowerOfTwo
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: height)
        for (row, address) in addresses.enumerated() {
            let cell = last[address]!
            trace[row, self.address] = Goldilocks(address)
            trace[row, self.timestamp] = Goldilocks(cell.timestamp)
            trace[row, self.value] = Goldilocks(cell.value)
            if let stores { trace[row, stores] = Goldilocks(cell.stores) }
            trace[row, isReal] = .one
        }
        return trace
    }
}

/// A word's or register's last tuple on its bus, as the witness builder tracks it.
public struct MemoryCell: Sendable {
    public var timestamp: UInt32
    public var value: UInt32
    /// Stores to the word so far in the segment (data words; 0 for registers).
    public var stores: UInt32 = 0

    public init(timestamp: UInt32, value: UInt32, stores: UInt32 = 0) {
        self.timestamp = timestamp
        self.value = value
        self.stores = stores
    }
}

extension Int {
    /// The smallest power of two ≥ self (self ≥ 1).
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
