import Constraints
import Field

/// What the trace and bus checkers found wrong with a witness: the first failures of each kind,
/// each naming its table, row and constraint or bus tuple.
public struct WitnessReport: Sendable, CustomStringConvertible {
    /// Failing constraints (at most `limit` of them).
    public let constraintFailures: [ConstraintFailure]
    /// Unbalanced bus tuples (at most `limit` of them).
    public let busImbalances: [BusImbalance]
    /// How many there were in all (the lists above may be cut).
    public let constraintFailureCount: Int, busImbalanceCount: Int

    public var holds: Bool { constraintFailureCount == 0 && busImbalanceCount == 0 }

    public var description: String {
        if holds { return "every constraint holds and every bus balances" }
        var lines = [String]()
        if constraintFailureCount > 0 {
            lines.append("\(constraintFailureCount) failing constraint\(constraintFailureCount == 1 ? "" : "s"), first:")
            lines += constraintFailures.map { "  \($0)" }
        }
        if busImbalanceCount > 0 {
            lines.append("\(busImbalanceCount) unbalanced bus tuple\(busImbalanceCount == 1 ? "" : "s"), first:")
            lines += busImbalances.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

extension StarkMachine {
    /// Runs `TraceChecker` on every table and `BusBalanceChecker` over all of them (with the
    /// verifier's `publicInteractions`): the prover's self-check, and `zkmips check-segments`'.
    /// Slow (symbolic evaluation row by row); it names what a proof would fail on. Precondition:
    /// one trace per table, of the table's width.
    public func check(traces: [RowMajorMatrix<Goldilocks>], publicValues: [Goldilocks],
                      publicInteractions: [PublicInteraction] = [], limit: Int = 8) throws(ConstraintError) -> WitnessReport {
        precondition(traces.count == tables.count, "\(traces.count) traces for \(tables.count) tables")
        // The preprocessed traces the machine built at setup (when the heights agree).
        func preprocessed(_ t: Int) -> RowMajorMatrix<Goldilocks>? {
            guard let k = preprocessedTables.firstIndex(of: t), preprocessedTraces[k].height == traces[t].height else { return nil }
            return preprocessedTraces[k]
        }
        var results = [Result<[ConstraintFailure], ConstraintError>](repeating: .success([]), count: tables.count)
        results.withUnsafeMutableBufferPointer { results in
            let shared = results
            parallelFor(0..<tables.count) { chunk in
                for t in chunk {
                    shared[t] = Result { () throws(ConstraintError) in try TraceChecker.check(tables[t], trace: traces[t], publicValues: publicValues, preprocessed: preprocessed(t)) }
                }
            }
        }
        var failures = [[ConstraintFailure]]()
        for result in results { failures.append(try result.get()) }
        let constraintFailures = failures.flatMap { $0 }
        let imbalances = try BusBalanceChecker.check(tables.indices.map { TableTrace(air: tables[$0], trace: traces[$0], publicValues: publicValues, preprocessed: preprocessed($0)) },
                                                     publicInteractions: publicInteractions)
        return WitnessReport(constraintFailures: Array(constraintFailures.prefix(limit)), busImbalances: Array(imbalances.prefix(limit)),
                             constraintFailureCount: constraintFailures.count, busImbalanceCount: imbalances.count)
    }
}
