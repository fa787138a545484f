import Constraints
import Field

/// The `exception` bus: (clk, pc, nextPC) — a cycle that enters the kernel (a `syscall`, an
/// exception kind or a taken trap, in user mode).
///
///     cpu ──(clk, pc, nextPC)──▶ exceptions ──(EPC, exception next pc at 8·clk + 6, + 7)──▶ registers bus
///
/// Soundness: the CPU sends on the rows whose `enters` is 1 (constrained: syscall in user mode,
/// an exception kind, a trap whose condition holds; never in kernel mode) and itself moves to
/// the vector in kernel mode. The receiving table writes EPC = pc and the exception next pc =
/// nextPC on every real row, at slots 6 and 7 of that cycle (which the other family tables use
/// only on rows that do not enter the kernel), so the kernel reads exactly the pair the VM saves.
public let exceptionBus = Bus(name: "exception", arity: 3)

/// `exceptions`: one row per kernel entry, writing EPC and the exception next pc.
public struct ExceptionTable: AIR {
    public let isReal: Column, clk: Column, pc: Column, nextPC: Column
    public let writeEPC: MemoryAccessColumns, writeNextPC: MemoryAccessColumns
    public let width: Int
    public var name: String { "exceptions" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        isReal = allocator.column("isReal")
        clk = allocator.column("clk")
        pc = allocator.column("pc")
        nextPC = allocator.column("nextPC")
        writeEPC = MemoryAccessColumns(.write, "epc", on: registersBus, allocator: &allocator)
        writeNextPC = MemoryAccessColumns(.write, "exceptionNextPC", on: registersBus, allocator: &allocator)
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        let isReal = builder.current(self.isReal), clk = builder.current(self.clk)
        let pc = builder.current(self.pc), nextPC = builder.current(self.nextPC)
        builder.assertBool(isReal, "isReal is a bit")
        let base = clk * Goldilocks(8)
        writeEPC.eval(&builder, address: E(Goldilocks(MachineRegister.exceptionPC)), timestamp: base + Goldilocks(CPUTable.Slot.extraA.rawValue),
                      value: pc, enabled: isReal, "EPC")
        writeNextPC.eval(&builder, address: E(Goldilocks(MachineRegister.exceptionNextPC)), timestamp: base + Goldilocks(CPUTable.Slot.extraB.rawValue),
                         value: nextPC, enabled: isReal, "exception next pc")
        builder.receive(exceptionBus, [clk, pc, nextPC], multiplicity: isReal, "kernel entry")
    }

    /// One kernel entry, with the two registers' tuples before it.
    public struct Request: Sendable {
        public var clk: UInt32, pc: UInt32, nextPC: UInt32
        public var epc: (timestamp: UInt32, value: UInt32)
        public var exceptionNextPC: (timestamp: UInt32, value: UInt32)
    }

    public func trace(_ requests: [Request], ranges: inout RangeCounts) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, requests.count).nextPowerOfTwo)
        for (row, request) in requests.enumerated() {
            trace[row, isReal] = .one
            trace[row, clk] = Goldilocks(request.clk)
            trace[row, pc] = Goldilocks(request.pc)
            trace[row, nextPC] = Goldilocks(request.nextPC)
            writeEPC.fill(&trace, row: row, timestamp: 8 * request.clk + UInt32(CPUTable.Slot.extraA.rawValue),
                          previousTimestamp: request.epc.timestamp, previousValue: request.epc.value, ranges: &ranges)
            writeNextPC.fill(&trace, row: row, timestamp: 8 * request.clk + UInt32(CPUTable.Slot.extraB.rawValue),
                             previousTimestamp: request.exceptionNextPC.timestamp, previousValue: request.exceptionNextPC.value, ranges: &ranges)
        }
        return trace
    }
}
