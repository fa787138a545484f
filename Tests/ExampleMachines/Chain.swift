import Constraints
import Field

/// Two buses through three tables; the middle one both receives and sends:
///
///     Source ──(x)──▶ Square ──(x, x² + 1)──▶ Sink
///
/// Soundness: `numbers` — the source constrains nothing about x (any field element may flow);
/// the square table receives x with multiplicity m. `squares` — the square table constrains
/// y = x² + 1 and sends (x, y) with the same m, so every pair the sink receives is a true
/// square-plus-one of a number the source sent.
public let numberBus = Bus(name: "numbers", arity: 1)
public let squareBus = Bus(name: "squares", arity: 2)

/// Sends x when `active` (a bit).
public struct SourceAIR: AIR {
    public let x: Column, active: Column
    public let width: Int
    public var name: String { "source" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        x = allocator.column("x")
        active = allocator.column("active")
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let active = builder.current(self.active)
        builder.assertBool(active, "active is a bit")
        builder.send(numberBus, [builder.current(x)], multiplicity: active, "number")
    }
}

/// Receives x m times and sends (x, x² + 1) m times.
public struct SquareAIR: AIR {
    public let x: Column, y: Column, multiplicity: Column
    public let width: Int
    public var name: String { "square" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        x = allocator.column("x")
        y = allocator.column("y")
        multiplicity = allocator.column("multiplicity")
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let x = builder.current(self.x), y = builder.current(self.y), m = builder.current(multiplicity)
        builder.assertEqual(y, x * x + Goldilocks.one, "y = x² + 1")
        builder.receive(numberBus, [x], multiplicity: m, "number in")
        builder.send(squareBus, [x, y], multiplicity: m, "square out")
    }
}

/// Receives (x, y) pairs, `count` times each.
public struct SinkAIR: AIR {
    public let x: Column, y: Column, count: Column
    public let width: Int
    public var name: String { "sink" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        x = allocator.column("x")
        y = allocator.column("y")
        count = allocator.column("count")
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        builder.receive(squareBus, [x, y].map(builder.current), multiplicity: builder.current(count), "square in")
    }
}

/// Traces of the chain: `sourceRows` sends drawn from `squareRows` distinct numbers; the sink
/// receives each pair once per send, on `sinkRows` rows (sinkRows ≥ squareRows).
public func chainTraces(sourceRows: Int, squareRows: Int, sinkRows: Int, seed: UInt64) -> [RowMajorMatrix<Goldilocks>] {
    precondition(sinkRows >= squareRows)
    var generator = SplitMix64(seed: seed)
    let numbers = (0..<squareRows).map { _ in Goldilocks(reducing: generator.next()) }
    var counts = [Goldilocks](repeating: .zero, count: squareRows)
    var source = [Goldilocks]()
    for _ in 0..<sourceRows {
        if generator.next() % 4 == 0 {
            source += [Goldilocks(reducing: generator.next()), 0]
        } else {
            let index = Int(generator.next() % UInt64(squareRows))
            counts[index] += .one
            source += [numbers[index], 1]
        }
    }
    var square = [Goldilocks]()
    var sink = [Goldilocks]()
    for (index, x) in numbers.enumerated() {
        let y = x * x + .one
        square += [x, y, counts[index]]
        sink += [x, y, counts[index]]
    }
    for _ in squareRows..<sinkRows { sink += [0, 0, 0] }
    return [RowMajorMatrix(values: source, width: 2), RowMajorMatrix(values: square, width: 3), RowMajorMatrix(values: sink, width: 3)]
}
