import Field

/// Symbolic expressions compiled to straight-line code that runs over blocks of rows: one
/// instruction per distinct DAG node, each applied to a whole block before the next, so
/// interpretation costs one dispatch per node per block instead of per row.
///
/// Leaves are shared by value (every `current(a)` reads one register), inner nodes by identity.
/// Registers are reused once a value is dead (linear scan over the instruction order); output
/// registers stay live to the end of the block.
package struct ConstraintProgram: Sendable {
    enum Operation: Sendable {
        case current(column: Int)
        case next(column: Int)
        case preprocessed(column: Int)
        case preprocessedNext(column: Int)
        case publicValue(Int)
        case constant(Goldilocks)
        case isFirstRow, isLastRow, isTransition
        case add(Int, Int)
        case subtract(Int, Int)
        case multiply(Int, Int)
        case negate(Int)
    }

    /// `operation`'s operands and `destination` are register numbers.
    package struct Instruction: Sendable {
        let operation: Operation
        let destination: Int
    }

    package let instructions: [Instruction]
    package let registerCount: Int
    /// The register holding each root's value after `run`.
    package let outputs: [Int]

    package init(roots: [SymbolicExpression]) {
        // Value numbering in post order (iterative: DAGs can be deep).
        var operations = [Operation]()
        var numberOfNode = [ObjectIdentifier: Int]()
        var numberOfLeaf = [LeafKey: Int]()
        func number(_ root: SymbolicExpression) -> Int {
            var stack: [(SymbolicExpression, Bool)] = [(root, false)]
            while let (node, expanded) = stack.popLast() {
                let id = ObjectIdentifier(node)
                guard numberOfNode[id] == nil else { continue }
                switch node.node {
                case let .constant(value):
                    numberOfNode[id] = leaf(.constant(value), .constant(value))
                case let .variable(variable):
                    numberOfNode[id] = leaf(.variable(variable), Self.operation(for: variable))
                case let .add(a, b), let .subtract(a, b), let .multiply(a, b):
                    if expanded {
                        let (x, y) = (numberOfNode[ObjectIdentifier(a)]!, numberOfNode[ObjectIdentifier(b)]!)
                        switch node.node {
                        case .add: operations.append(.add(x, y))
                        case .subtract: operations.append(.subtract(x, y))
                        default: operations.append(.multiply(x, y))
                        }
                        numberOfNode[id] = operations.count - 1
                    } else {
                        stack.append((node, true))
                        stack.append((b, false))
                        stack.append((a, false))
                    }
                case let .negate(a):
                    if expanded {
                        operations.append(.negate(numberOfNode[ObjectIdentifier(a)]!))
                        numberOfNode[id] = operations.count - 1
                    } else {
                        stack.append((node, true))
                        stack.append((a, false))
                    }
                }
            }
            return numberOfNode[ObjectIdentifier(root)]!
        }
        func leaf(_ key: LeafKey, _ operation: Operation) -> Int {
            if let known = numberOfLeaf[key] { return known }
            operations.append(operation)
            numberOfLeaf[key] = operations.count - 1
            return operations.count - 1
        }
        let outputValues = roots.map(number)

        // Liveness, then registers: operands whose last use is this instruction are freed before
        // its destination is chosen (elementwise operations may write in place).
        var lastUse = [Int](repeating: -1, count: operations.count)
        for (k, operation) in operations.enumerated() {
            for operand in Self.operands(of: operation) { lastUse[operand] = k }
        }
        for value in outputValues { lastUse[value] = Int.max }
        var registerOf = [Int](repeating: 0, count: operations.count)
        var free = [Int]()
        var registerCount = 0
        var instructions = [Instruction]()
        instructions.reserveCapacity(operations.count)
        for (k, operation) in operations.enumerated() {
            let operands = Self.operands(of: operation)
            for (position, operand) in operands.enumerated()
            where lastUse[operand] == k && !operands[..<position].contains(operand) {
                free.append(registerOf[operand])
            }
            let destination: Int
            if let reused = free.popLast() {
                destination = reused
            } else {
                destination = registerCount
                registerCount += 1
            }
            registerOf[k] = destination
            let renamed: Operation = switch operation {
            case let .add(a, b): .add(registerOf[a], registerOf[b])
            case let .subtract(a, b): .subtract(registerOf[a], registerOf[b])
            case let .multiply(a, b): .multiply(registerOf[a], registerOf[b])
            case let .negate(a): .negate(registerOf[a])
            default: operation
            }
            instructions.append(Instruction(operation: renamed, destination: destination))
        }
        self.instructions = instructions
        self.registerCount = registerCount
        outputs = outputValues.map { registerOf[$0] }
    }

    private enum LeafKey: Hashable {
        case constant(Goldilocks)
        case variable(SymbolicVariable)
    }

    private static func operation(for variable: SymbolicVariable) -> Operation {
        switch variable {
        case let .current(column): .current(column: column.index)
        case let .next(column): .next(column: column.index)
        case let .preprocessed(column): .preprocessed(column: column.index)
        case let .preprocessedNext(column): .preprocessedNext(column: column.index)
        case let .publicValue(index): .publicValue(index)
        case .isFirstRow: .isFirstRow
        case .isLastRow: .isLastRow
        case .isTransition: .isTransition
        }
    }

    private static func operands(of operation: Operation) -> [Int] {
        switch operation {
        case let .add(a, b), let .subtract(a, b), let .multiply(a, b): [a, b]
        case let .negate(a): [a]
        default: []
        }
    }
}

/// One thread's working memory for running a program over blocks of rows: which matrix rows
/// are the current and next row of each block row, the row selectors, and the registers.
/// Callers fill the row and selector arrays, then `run`; `deallocate` when done.
package struct ProgramScratch {
    package let blockRows: Int
    package var currentRows: [Int]
    package var nextRows: [Int]
    package var isFirstRow: [Goldilocks]
    package var isLastRow: [Goldilocks]
    package var isTransition: [Goldilocks]
    /// Register r of block row i at `r·blockRows + i`.
    package let registers: UnsafeMutablePointer<Goldilocks>

    package init(registerCount: Int, blockRows: Int) {
        self.blockRows = blockRows
        currentRows = [Int](repeating: 0, count: blockRows)
        nextRows = [Int](repeating: 0, count: blockRows)
        isFirstRow = [Goldilocks](repeating: .zero, count: blockRows)
        isLastRow = isFirstRow
        isTransition = isFirstRow
        registers = .allocate(capacity: max(1, registerCount) * blockRows)
    }

    package func deallocate() { registers.deallocate() }

    /// Output `k` of `program` for block row `i` (after `run`).
    @inline(__always)
    package func output(_ program: ConstraintProgram, _ k: Int, row i: Int) -> Goldilocks {
        registers[program.outputs[k] * blockRows + i]
    }

    /// Runs `program` on the first `count` block rows of `matrix` (row-major, `width` columns)
    /// and of `preprocessed` (the table's preprocessed matrix, same rows; empty if it has none).
    package func run(_ program: ConstraintProgram, matrix: UnsafeBufferPointer<Goldilocks>, width: Int, preprocessed: UnsafeBufferPointer<Goldilocks>, preprocessedWidth: Int, publicValues: UnsafeBufferPointer<Goldilocks>, count: Int) {
        currentRows.withUnsafeBufferPointer { current in
            nextRows.withUnsafeBufferPointer { next in
                isFirstRow.withUnsafeBufferPointer { first in
                    isLastRow.withUnsafeBufferPointer { last in
                        isTransition.withUnsafeBufferPointer { transition in
                            program.run(ProgramInputs(
                                matrix: matrix.baseAddress!, width: width,
                                preprocessed: preprocessed.baseAddress, preprocessedWidth: preprocessedWidth,
                                currentRows: current.baseAddress!, nextRows: next.baseAddress!,
                                isFirstRow: first.baseAddress!, isLastRow: last.baseAddress!, isTransition: transition.baseAddress!,
                                publicValues: publicValues), count: count, registers: registers, stride: blockRows)
                        }
                    }
                }
            }
        }
    }
}

/// What a block of rows reads: the matrix rows of the current and next row, the row selectors
/// and the public values.
struct ProgramInputs {
    /// Row-major matrix values and width.
    let matrix: UnsafePointer<Goldilocks>
    let width: Int
    /// The preprocessed matrix (same row indexing), nil if the table has none.
    let preprocessed: UnsafePointer<Goldilocks>?
    let preprocessedWidth: Int
    /// Per row of the block: the matrix row of the current and the next row.
    let currentRows: UnsafePointer<Int>
    let nextRows: UnsafePointer<Int>
    let isFirstRow: UnsafePointer<Goldilocks>
    let isLastRow: UnsafePointer<Goldilocks>
    let isTransition: UnsafePointer<Goldilocks>
    let publicValues: UnsafeBufferPointer<Goldilocks>
}

extension ConstraintProgram {
    /// Runs the program on `count` rows. `registers` holds `registerCount × stride` elements
    /// (register r of row i at `r·stride + i`; stride ≥ count).
    func run(_ inputs: ProgramInputs, count: Int, registers: UnsafeMutablePointer<Goldilocks>, stride: Int) {
        for instruction in instructions {
            let out = registers + instruction.destination * stride
            switch instruction.operation {
            case let .current(column):
                for i in 0..<count { out[i] = inputs.matrix[inputs.currentRows[i] * inputs.width + column] }
            case let .next(column):
                for i in 0..<count { out[i] = inputs.matrix[inputs.nextRows[i] * inputs.width + column] }
            case let .preprocessed(column):
                let matrix = inputs.preprocessed!
                for i in 0..<count { out[i] = matrix[inputs.currentRows[i] * inputs.preprocessedWidth + column] }
            case let .preprocessedNext(column):
                let matrix = inputs.preprocessed!
                for i in 0..<count { out[i] = matrix[inputs.nextRows[i] * inputs.preprocessedWidth + column] }
            case let .publicValue(index):
                out.update(repeating: inputs.publicValues[index], count: count)
            case let .constant(value):
                out.update(repeating: value, count: count)
            case .isFirstRow:
                out.update(from: inputs.isFirstRow, count: count)
            case .isLastRow:
                out.update(from: inputs.isLastRow, count: count)
            case .isTransition:
                out.update(from: inputs.isTransition, count: count)
            case let .add(a, b):
                let (x, y) = (registers + a * stride, registers + b * stride)
                for i in 0..<count { out[i] = x[i] + y[i] }
            case let .subtract(a, b):
                let (x, y) = (registers + a * stride, registers + b * stride)
                for i in 0..<count { out[i] = x[i] - y[i] }
            case let .multiply(a, b):
                let (x, y) = (registers + a * stride, registers + b * stride)
                for i in 0..<count { out[i] = x[i] * y[i] }
            case let .negate(a):
                let x = registers + a * stride
                for i in 0..<count { out[i] = -x[i] }
            }
        }
    }
}
