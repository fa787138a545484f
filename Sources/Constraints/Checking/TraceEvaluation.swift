import Field

/// Runs a compiled program over every row of a concrete trace (the trace domain itself, where
/// the row selectors are 0 or 1 and the next row of the last is the first), a block of rows at a
/// time: the checkers' evaluator. `body` receives each block's first row, its row count and the
/// scratch holding the program's outputs for it.
package func evaluateRows(
    of program: ConstraintProgram, trace: RowMajorMatrix<Goldilocks>, preprocessed: RowMajorMatrix<Goldilocks>?,
    publicValues: [Goldilocks], _ body: (_ start: Int, _ count: Int, _ scratch: ProgramScratch) -> Void
) {
    let height = trace.height
    let blockRows = 256
    var scratch = ProgramScratch(registerCount: program.registerCount, blockRows: blockRows)
    defer { scratch.deallocate() }
    trace.values.withUnsafeBufferPointer { values in
        (preprocessed?.values ?? []).withUnsafeBufferPointer { fixed in
            publicValues.withUnsafeBufferPointer { publicValues in
                for start in stride(from: 0, to: height, by: blockRows) {
                    let count = min(blockRows, height - start)
                    for i in 0..<count {
                        let row = start + i
                        scratch.currentRows[i] = row
                        scratch.nextRows[i] = row + 1 == height ? 0 : row + 1
                        scratch.isFirstRow[i] = row == 0 ? .one : .zero
                        scratch.isLastRow[i] = row == height - 1 ? .one : .zero
                        scratch.isTransition[i] = row == height - 1 ? .zero : .one
                    }
                    scratch.run(program, matrix: values, width: trace.width, preprocessed: fixed,
                                preprocessedWidth: preprocessed?.width ?? 0, publicValues: publicValues, count: count)
                    body(start, count, scratch)
                }
            }
        }
    }
}
