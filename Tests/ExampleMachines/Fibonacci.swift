import Constraints
import Field

/// Fibonacci: a' = b, b' = a + b; the first row holds public values 0 and 1, the last row's b is
/// public value 2.
public struct FibonacciAIR: AIR {
    public let a: Column, b: Column
    public let width: Int
    public var name: String { "fibonacci" }
    public var publicValueCount: Int { 3 }

    public init() {
        var allocator = ColumnAllocator()
        a = allocator.column("a")
        b = allocator.column("b")
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let (a, b) = (builder.current(self.a), builder.current(self.b))
        let (nextA, nextB) = (builder.next(self.a), builder.next(self.b))
        let first = builder.publicValue(0), second = builder.publicValue(1), result = builder.publicValue(2)
        builder.whenFirstRow { builder in
            builder.assertEqual(a, first, "a starts at public[0]")
            builder.assertEqual(b, second, "b starts at public[1]")
        }
        builder.whenTransition { builder in
            builder.assertEqual(nextA, b, "a' = b")
            builder.assertEqual(nextB, a + b, "b' = a + b")
        }
        builder.whenLastRow { builder in builder.assertEqual(b, result, "b ends at public[2]") }
    }

    public static func trace(rows: Int) -> (RowMajorMatrix<Goldilocks>, [Goldilocks]) {
        var values = [Goldilocks]()
        var (x, y) = (Goldilocks.zero, Goldilocks.one)
        for _ in 0..<rows {
            values += [x, y]
            (x, y) = (y, x + y)
        }
        return (RowMajorMatrix(values: values, width: 2), [0, 1, values[values.count - 1]])
    }
}
