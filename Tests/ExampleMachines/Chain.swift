import Constraints
import Field

/// Two buses through three tables; the middle one both receives and sends:
///
///     Source ──(x)──▶ Square ──(x, x² + 1)──▶ Sink
///
/// Soundness: every pair the sink receives is a true square-plus-one of a number the source sent.
/// `numbers` — the source constrains nothing about x (any field element may flow) and sends it
/// when `active` (a bit). `squares` — the square table constrains y = x² + 1 and, with one bit m
/// per row, receives x and sends (x, y), so it relays exactly the numbers it receives. The sink
/// receives with a bit `count`, and draws conclusions from what it receives, so its count must
/// not be free: with a free count it could receive a bogus pair on two rows with +1 and −1 and the
/// bus would still balance (`ConstraintError.unconstrainedMultiplicity` refuses that table).
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

/// When m = 1, receives x and sends (x, x² + 1).
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
        builder.assertBool(m, "m is a bit")
        builder.receive(numberBus, [x], multiplicity: m, "number in")
        builder.send(squareBus, [x, y], multiplicity: m, "square out")
    }
}

/// Receives an (x, y) pair on rows where `count` is 1.
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
        let count = builder.current(self.count)
        builder.assertBool(count, "count is a bit")
        builder.receive(squareBus, [x, y].map(builder.current), multiplicity: count, "square in")
    }
}

/// Traces of the chain: up to min(squareRows, sinkRows) of the `sourceRows` rows send a number
/// (drawn from a pool of three, so pairs repeat); the square table relays each send on its own
/// row, and the sink receives the pairs in reverse order. Unused rows have multiplicity 0.
public func chainTraces(sourceRows: Int, squareRows: Int, sinkRows: Int, seed: UInt64) -> [RowMajorMatrix<Goldilocks>] {
    var generator = SplitMix64(seed: seed)
    let pool = (0..<3).map { _ in Goldilocks(reducing: generator.next()) }
    var sent = [Goldilocks]()
    var source = [Goldilocks]()
    for _ in 0..<sourceRows {
        if generator.next() % 4 == 0 || sent.count == min(squareRows, sinkRows) {
            source += [Goldilocks(reducing: generator.next()), 0]
        } else {
            let x = pool[Int(generator.next() % 3)]
            sent.append(x)
            source += [x, 1]
        }
    }
    var square = [Goldilocks]()
    for x in sent { square += [x, x * x + .one, 1] }
    for _ in sent.count..<squareRows { square += [0, 1, 0] }
    var sink = [Goldilocks]()
    for x in sent.reversed() { sink += [x, x * x + .one, 1] }
    for _ in sent.count..<sinkRows { sink += [0, 0, 0] }
    return [RowMajorMatrix(values: source, width: 2), RowMajorMatrix(values: square, width: 3), RowMajorMatrix(values: sink, width: 3)]
}
