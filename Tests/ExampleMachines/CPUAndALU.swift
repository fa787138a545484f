import Constraints
import Field

/// The ALU bus of the test machine:
///
///     CPU ──(op, a, b, c)──▶ ALU
///
/// Soundness: the ALU is a lookup table: it constrains c = a op b on every row, so it `provide`s
/// with a free count (a negative count can only cancel valid operations); the CPU (sender)
/// constrains that it sends exactly when it executes an operation (a boolean multiplicity).
public let aluBus = Bus(name: "alu", arity: 4)

/// Each row may request one operation (op 0 = add, 1 = mul) when `active` is 1.
public struct CPUAIR: AIR {
    public let active: Column, op: Column, a: Column, b: Column, c: Column
    public let width: Int
    public var name: String { "cpu" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        active = allocator.column("active")
        op = allocator.column("op")
        a = allocator.column("a")
        b = allocator.column("b")
        c = allocator.column("c")
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let active = builder.current(self.active)
        builder.assertBool(active, "active is a bit")
        builder.send(aluBus, [op, a, b, c].map(builder.current), multiplicity: active, "request")
    }
}

/// One row per distinct operation, provided `multiplicity` times.
public struct ALUAIR: AIR {
    public let op: Column, a: Column, b: Column, c: Column, multiplicity: Column
    public let width: Int
    public var name: String { "alu" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        op = allocator.column("op")
        a = allocator.column("a")
        b = allocator.column("b")
        c = allocator.column("c")
        multiplicity = allocator.column("multiplicity")
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let op = builder.current(self.op), a = builder.current(self.a), b = builder.current(self.b), c = builder.current(self.c)
        builder.assertBool(op, "op is add or mul")
        // op = 0: c = a + b; op = 1: c = a·b.
        builder.assertZero(c - (Goldilocks.one - op) * (a + b) - op * (a * b), "c = a op b")
        builder.provide(aluBus, [op, a, b, c], count: builder.current(multiplicity), "execute")
    }
}

/// Traces of the CPU/ALU machine: `cpuRows` rows of random requests (some idle) drawn from a
/// pool of `aluRows` distinct operations, and an ALU table listing each with how often it was
/// requested (unused rows have multiplicity 0).
public func cpuAndALUTraces(cpuRows: Int, aluRows: Int, seed: UInt64) -> [RowMajorMatrix<Goldilocks>] {
    var generator = SplitMix64(seed: seed)
    var pool = [[Goldilocks]]()
    for index in 0..<aluRows {
        let op = Goldilocks(index % 2)
        let a = Goldilocks(reducing: generator.next()), b = Goldilocks(reducing: generator.next())
        pool.append([op, a, b, op.isZero ? a + b : a * b])
    }
    var counts = [Goldilocks](repeating: .zero, count: aluRows)
    var cpu = [Goldilocks]()
    for _ in 0..<cpuRows {
        if generator.next() % 5 == 0 {
            cpu += [0, 0, 0, 0, 0]
        } else {
            let index = Int(generator.next() % UInt64(aluRows))
            counts[index] += .one
            cpu += [1] + pool[index]
        }
    }
    var alu = [Goldilocks]()
    for index in 0..<aluRows { alu += pool[index] + [counts[index]] }
    return [RowMajorMatrix(values: cpu, width: 5), RowMajorMatrix(values: alu, width: 5)]
}
