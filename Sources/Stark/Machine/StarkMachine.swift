import Commit
import Constraints
import Field

/// The tables one STARK proves together, analysed once at setup: each table's symbolic
/// constraints (degree ≤ 3 checked), its LogUp layout, and the buses that join the tables.
///
/// Prover and verifier build the same machine from the same AIRs; nothing about it is read from
/// a proof.
public struct StarkMachine: Sendable {
    public let tables: [any AIR]
    /// Each table's constraints and interactions, from its `eval`.
    public let symbolic: [SymbolicAIR]
    /// Every bus the tables use, sorted by name. Bus `buses[i]` has LogUp id i + 1.
    public let buses: [Bus]
    /// Per table: how its interactions become LogUp helper columns.
    let logUp: [LogUpLayout]
    /// The tables with interactions, in machine order: the ones that commit LogUp columns.
    public let logUpTables: [Int]
    /// The tables with preprocessed columns, in machine order, and their preprocessed traces
    /// (same order). Such a table's height is its preprocessed trace's.
    public let preprocessedTables: [Int]
    let preprocessedTraces: [RowMajorMatrix<Goldilocks>]
    /// Length of the machine's public values: one vector (the claim) that every table reads,
    /// each the first `publicValueCount` of its AIR; the longest of them.
    public let publicValueCount: Int
    /// Every committed batch of a proof, in PCS order (see `BatchDescriptor`).
    let batches: [BatchDescriptor]

    /// Analyses `tables`. Throws if a table's constraints are refused (degree, columns,
    /// multiplicities), its preprocessed trace has the wrong shape, two tables share a name, or
    /// one bus name is used with two arities.
    public init(tables: [any AIR]) throws(ConstraintError) {
        guard !tables.isEmpty else { throw .emptyMachine }
        var names = Set<String>()
        for table in tables where !names.insert(table.name).inserted {
            throw .duplicateTableName(table.name)
        }
        var symbolic = [SymbolicAIR]()
        for table in tables { symbolic.append(try SymbolicAIR(table)) }
        var arities = [String: Int]()
        for air in symbolic {
            for interaction in air.interactions {
                let bus = interaction.bus
                if let arity = arities[bus.name], arity != bus.arity {
                    throw .busArityConflict(bus: bus.name, arities: [arity, bus.arity].sorted())
                }
                arities[bus.name] = bus.arity
            }
        }
        let buses = arities.keys.sorted().map { Bus(name: $0, arity: arities[$0]!) }
        let busIDs = Dictionary(uniqueKeysWithValues: buses.enumerated().map { ($1.name, Goldilocks($0 + 1)) })
        self.tables = tables
        self.symbolic = symbolic
        self.buses = buses
        let logUp = symbolic.map { LogUpLayout(interactions: $0.interactions, busIDs: busIDs) }
        self.logUp = logUp
        logUpTables = logUp.indices.filter { !logUp[$0].isEmpty }
        var preprocessedTables = [Int]()
        var preprocessedTraces = [RowMajorMatrix<Goldilocks>]()
        for (t, table) in tables.enumerated() {
            if let trace = try table.checkedPreprocessedTrace() {
                preprocessedTables.append(t)
                preprocessedTraces.append(trace)
            }
        }
        publicValueCount = tables.map(\.publicValueCount).max() ?? 0
        self.preprocessedTables = preprocessedTables
        self.preprocessedTraces = preprocessedTraces
        let tableIndices = tables.indices
        batches = preprocessedTables.map { BatchDescriptor(table: $0, kind: .preprocessed, width: tables[$0].preprocessedWidth, opensNextRow: symbolic[$0].readsNextPreprocessedRow) }
            + tableIndices.map { BatchDescriptor(table: $0, kind: .trace, width: tables[$0].width, opensNextRow: symbolic[$0].readsNextRow) }
            + logUpTables.map { BatchDescriptor(table: $0, kind: .logUp, width: logUp[$0].width, opensNextRow: true) }
            + tableIndices.map { t in
                let degree = max(symbolic[t].maximumConstraintDegree, logUp[t].maximumDegree)
                return BatchDescriptor(table: t, kind: .quotient, width: 2 * Self.quotientChunkCount(maximumDegree: degree), opensNextRow: false)
            }
    }

    public var tableCount: Int { tables.count }

    /// The number of batches in each commitment round, in PCS order: the preprocessed round
    /// (if any table has preprocessed columns), the traces, the LogUp columns (if any table has
    /// interactions), the quotients.
    var roundSizes: [Int] {
        [preprocessedTables.count, tableCount, logUpTables.count, tableCount].filter { $0 > 0 }
    }

    /// The position in `batches` (and in a proof's opened values) of table `table`'s batch of
    /// kind `kind`, or nil if the table has none (no interactions, no preprocessed columns).
    func batchIndex(_ kind: BatchDescriptor.Kind, table: Int) -> Int? {
        let prefix = preprocessedTables.count
        switch kind {
        case .preprocessed: return preprocessedTables.firstIndex(of: table)
        case .trace: return prefix + table
        case .logUp: return logUpTables.firstIndex(of: table).map { prefix + tableCount + $0 }
        case .quotient: return prefix + tableCount + logUpTables.count + table
        }
    }

    /// The LogUp id of `bus` (its position in `buses` plus one), if the machine uses it with
    /// this arity.
    func busID(_ bus: Bus) -> Goldilocks? {
        buses.firstIndex(of: bus).map { Goldilocks($0 + 1) }
    }

    /// Commits every preprocessed trace (in `preprocessedTables` order) in one round, as prover
    /// and key do; nil if no table has preprocessed columns.
    func commitPreprocessed(_ pcs: FRIPCS) -> CommittedRound? {
        preprocessedTraces.isEmpty ? nil : pcs.commit(preprocessedTraces)
    }

    /// log₂ of the preprocessed height of table `table`, if it has preprocessed columns.
    func preprocessedLogHeight(ofTable table: Int) -> Int? {
        preprocessedTables.firstIndex(of: table).map { preprocessedTraces[$0].height.exactLog2 }
    }

    /// The base-field cells table `table` commits per row: its main columns, its LogUp columns
    /// (extension columns counted twice) and its quotient chunks (likewise).
    public func committedCells(ofTable table: Int) -> (main: Int, logUp: Int, quotient: Int) {
        (tables[table].width, logUp[table].width, 2 * quotientChunkCount(ofTable: table))
    }

    /// Table `table`'s highest constraint degree, LogUp constraints included.
    public func maximumDegree(ofTable table: Int) -> Int {
        max(symbolic[table].maximumConstraintDegree, logUp[table].maximumDegree)
    }

    /// The number of quotient chunks of table `table`: a constraint of degree d (in units of the
    /// trace degree n − 1) divided by Z_H leaves a quotient of degree < (d − 1)·n, committed as
    /// d − 1 chunks of degree < n (at least one).
    func quotientChunkCount(ofTable table: Int) -> Int {
        Self.quotientChunkCount(maximumDegree: maximumDegree(ofTable: table))
    }

    private static func quotientChunkCount(maximumDegree: Int) -> Int { max(1, maximumDegree - 1) }

    /// All constraints of table `table` (its own, then LogUp's), as combined with powers of α.
    func constraintCount(ofTable table: Int) -> Int {
        symbolic[table].constraintCount + logUp[table].constraintCount
    }
}

/// One committed batch of a STARK proof. A proof's batches, in PCS order, one commitment round
/// (one mixed-height tree) per kind: the preprocessed columns of every table in
/// `preprocessedTables` (committed in the key, not the proof), every table's trace, the LogUp
/// columns of every table in `logUpTables`, every table's quotient chunks. Every batch
/// is opened at ζ; a trace also at ω·ζ when its table's constraints or interactions read the next
/// row, LogUp columns always (the running sum's transition does).
struct BatchDescriptor: Sendable {
    enum Kind: Sendable, CustomStringConvertible {
        case preprocessed, trace, logUp, quotient

        var description: String {
            switch self {
            case .preprocessed: "preprocessed"
            case .trace: "trace"
            case .logUp: "LogUp"
            case .quotient: "quotient"
            }
        }
    }

    let table: Int
    let kind: Kind
    /// Base-field columns.
    let width: Int
    /// Opened at ω·ζ as well as ζ.
    let opensNextRow: Bool

    /// The opening points for a table of height 2^logHeight.
    func points(zeta: GoldilocksExtension, logHeight: Int) -> [GoldilocksExtension] {
        opensNextRow ? [zeta, zeta * Goldilocks.rootOfUnity(logOrder: logHeight)] : [zeta]
    }
}
