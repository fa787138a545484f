import Commit
import Constraints
import Field

/// Seconds spent in each proving step (summed over tables).
public struct ProvingTimings: Sendable {
    /// Coset low-degree extensions of traces, LogUp columns and quotient chunks.
    public var lde = 0.0
    /// Merkle trees over those LDEs.
    public var commit = 0.0
    /// LogUp helper columns and running sums.
    public var logUp = 0.0
    /// Constraint evaluation on the quotient coset, interpolation and chunking.
    public var quotient = 0.0
    /// Evaluating every committed column at ζ and ω·ζ.
    public var openings = 0.0
    /// DEEP reduction, FRI and the batches' Merkle openings.
    public var fri = 0.0

    public init() {}

    public var total: Double { lde + commit + logUp + quotient + openings + fri }
}

/// Proves that traces satisfy a machine's tables and that its buses balance.
///
/// Protocol (the verifier's steps carry the same numbers):
/// 0. Bind the statement: configuration, table names, shapes and heights, public values.
/// 1. Commit every trace (coset LDEs, one mixed-height Merkle tree for all tables); observe the
///    cap.
/// 2. Draw β, γ. Build each table's LogUp helper columns and running sum; commit them in one
///    round; observe the cap and each table's total.
/// 3. Draw α. Evaluate each table's quotient on g·H_{2n} (parallel over rows), split it into
///    chunks of degree < n, commit them in one round; observe the cap.
/// 4. Draw ζ. Open the traces and LogUp columns at ζ and ω_t·ζ and the quotients at ζ — all
///    batches of all tables in one PCS opening, so one FRI proof covers every table.
///
/// One FRI proof for all tables: the PCS combines every batch's DEEP quotients by LDE height
/// and FRI rolls the smaller heights in as folding reaches them, so the proof pays for one set
/// of FRI layers and query paths instead of one per table, and the verifier runs one FRI check.
/// The price is that all tables share one configuration, which a segment proof wants anyway.
public struct StarkProver: Sendable {
    public let machine: StarkMachine
    public let configuration: StarkConfiguration
    /// The preprocessed columns committed once per prover (as the verifying key commits them);
    /// empty when the configuration is invalid (`prove` then refuses it).
    let preprocessedRound: CommittedRound?
    /// Runs the trace and bus checkers before proving and refuses a witness they reject,
    /// naming the failing constraints and tuples (`ProvingError.witnessRejected`), so a broken
    /// witness generator is found at its first bad row rather than as a proof the verifier
    /// rejects. Off by default (the checkers are slow, and the engine's tests prove forged
    /// witnesses on purpose); `SegmentProver` turns it on in debug builds, `zkmips prove-segment
    /// --check` in any build.
    public var checksWitness = false

    public init(machine: StarkMachine, configuration: StarkConfiguration = .fast) {
        self.machine = machine
        self.configuration = configuration
        preprocessedRound = (try? configuration.validate()) == nil ? nil : machine.commitPreprocessed(FRIPCS(parameters: configuration.fri))
    }

    /// Proves `traces` (one per table, machine order; heights powers of two) with the machine's
    /// `publicValues` (`machine.publicValueCount` of them, read by every table). `progress`
    /// receives one line per step.
    /// `publicInteractions` are the verifier's own sends and receives (see `PublicInteraction`):
    /// the tables' buses must balance with them.
    public func prove(traces: [RowMajorMatrix<Goldilocks>], publicValues: [Goldilocks], publicInteractions: [PublicInteraction] = [], progress: ((String) -> Void)? = nil) throws(ProvingError) -> StarkProof {
        var timings = ProvingTimings()
        return try prove(traces: traces, publicValues: publicValues, publicInteractions: publicInteractions, timings: &timings, progress: progress)
    }

    /// `prove`, also reporting where the time went.
    public func prove(traces: [RowMajorMatrix<Goldilocks>], publicValues: [Goldilocks], publicInteractions: [PublicInteraction] = [], timings: inout ProvingTimings, progress: ((String) -> Void)? = nil) throws(ProvingError) -> StarkProof {
        let logHeights = try validate(traces: traces, publicValues: publicValues)
        for interaction in publicInteractions where machine.busID(interaction.bus) == nil {
            throw .unknownBus(interaction.bus.description)
        }
        if checksWitness {
            let report: WitnessReport
            do { report = try machine.check(traces: traces, publicValues: publicValues, publicInteractions: publicInteractions, limit: 4) } catch {
                throw .witnessRejected("the checkers could not run: \(error)")
            }
            guard report.holds else { throw .witnessRejected(report.description) }
        }
        let pcs = FRIPCS(parameters: configuration.fri)
        let tableCount = machine.tableCount
        let stopwatch = Stopwatch()
        func report(_ step: String) {
            let hundredths = Int((stopwatch.seconds * 100).rounded())
            progress?("\(step) (\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s)")
        }
        func commit(_ evaluations: [RowMajorMatrix<Goldilocks>]) -> CommittedRound {
            var watch = Stopwatch()
            let ldes = evaluations.map(pcs.extend)
            timings.lde += watch.lap()
            let round = pcs.commit(evaluations, extended: ldes)
            timings.commit += watch.lap()
            return round
        }

        // Step 0. The preprocessed columns were committed at init, as the verifying key commits them.
        var preprocessedByTable = [Int: CommittedBatch]()
        if let preprocessedRound {
            for (t, batch) in zip(machine.preprocessedTables, preprocessedRound.batches) { preprocessedByTable[t] = batch }
        }
        var challenger = StarkTranscript.start(
            configuration: configuration, machine: machine, preprocessedCaps: preprocessedRound.map { [$0.cap] } ?? [],
            logHeights: logHeights, publicValues: publicValues, publicInteractions: publicInteractions)

        // Step 1.
        let traceRound = commit(traces)
        challenger.observe(traceRound.cap)
        report("step 1/4: committed \(tableCount) trace\(tableCount == 1 ? "" : "s")")

        // Step 2.
        let challenges = StarkTranscript.drawLogUpChallenges(&challenger, machine: machine)
        var logUpColumns = [RowMajorMatrix<Goldilocks>]()
        var totals = [GoldilocksExtension]()
        for t in machine.logUpTables {
            var watch = Stopwatch()
            let builder = LogUpTraceBuilder(layout: machine.logUp[t])
            let (columns, total) = try builder.build(
                trace: traces[t], preprocessed: preprocessedByTable[t]?.evaluations, publicValues: publicValues,
                challenges: challenges, table: machine.tables[t].name)
            timings.logUp += watch.lap()
            logUpColumns.append(columns)
            totals.append(total)
        }
        let logUpTables = machine.logUpTables
        let logUpRound = logUpColumns.isEmpty ? nil : commit(logUpColumns)
        var logUpByTable = [Int: CommittedBatch]()
        if let logUpRound {
            challenger.observe(logUpRound.cap)
            for (t, batch) in zip(logUpTables, logUpRound.batches) { logUpByTable[t] = batch }
        }
        for total in totals { challenger.observe(total) }
        report("step 2/4: LogUp columns for \(logUpTables.count) table\(logUpTables.count == 1 ? "" : "s")")

        // Step 3.
        let alpha = challenger.sampleExtension()
        let alphaPowers = alpha.powers(count: (0..<tableCount).map(machine.constraintCount(ofTable:)).max() ?? 0)
        var quotients = [RowMajorMatrix<Goldilocks>]()
        for t in 0..<tableCount {
            var watch = Stopwatch()
            quotients.append(QuotientEvaluator(machine: machine, table: t).quotientChunks(
                logHeight: logHeights[t], traceLDE: traceRound.batches[t].lde, preprocessedLDE: preprocessedByTable[t]?.lde,
                logUpLDE: logUpByTable[t]?.lde, publicValues: publicValues, alphaPowers: alphaPowers, challenges: challenges,
                total: logUpTables.firstIndex(of: t).map { totals[$0] } ?? .zero))
            timings.quotient += watch.lap()
        }
        let quotientRound = commit(quotients)
        challenger.observe(quotientRound.cap)
        report("step 3/4: quotients")

        // Step 4.
        let zeta = challenger.sampleExtension()
        let rounds = [preprocessedRound, traceRound, logUpRound, quotientRound].compactMap { $0 }
        var descriptors = machine.batches[...]
        let opened = rounds.map { round in
            let points = descriptors.prefix(round.batches.count).map { $0.points(zeta: zeta, logHeight: logHeights[$0.table]) }
            descriptors = descriptors.dropFirst(round.batches.count)
            return (round: round, points: points)
        }
        var openingTimings = PCSOpeningTimings()
        let opening = pcs.open(opened, challenger: &challenger, timings: &openingTimings)
        timings.openings += openingTimings.evaluation
        timings.fri += openingTimings.reductionAndFRI
        report("step 4/4: openings and FRI")

        return StarkProof(
            configuration: configuration, logHeights: logHeights, traceCap: traceRound.cap, logUpCap: logUpRound?.cap,
            logUpTotals: totals, quotientCap: quotientRound.cap, opening: opening)
    }

    private func validate(traces: [RowMajorMatrix<Goldilocks>], publicValues: [Goldilocks]) throws(ProvingError) -> [Int] {
        do { try configuration.validate() } catch { throw .invalidConfiguration(error) }
        let tableCount = machine.tableCount
        guard traces.count == tableCount else { throw .tableCount(expected: tableCount, got: traces.count) }
        guard publicValues.count == machine.publicValueCount else {
            throw .publicValueCount(expected: machine.publicValueCount, got: publicValues.count)
        }
        let maximumLog = StarkTranscript.maximumLogHeight(configuration)
        var logHeights = [Int]()
        for (t, air) in machine.tables.enumerated() {
            let trace = traces[t]
            guard trace.width == air.width else { throw .traceWidth(table: air.name, expected: air.width, got: trace.width) }
            let height = trace.height
            guard height >= 1, height & (height - 1) == 0, height.exactLog2 <= maximumLog else {
                throw .traceHeight(table: air.name, height: height, maximumLog: maximumLog)
            }
            if let fixed = machine.preprocessedLogHeight(ofTable: t), fixed != height.exactLog2 {
                throw .preprocessedHeight(table: air.name, expected: 1 << fixed, got: height)
            }
            logHeights.append(height.exactLog2)
        }
        return logHeights
    }
}
