import Field

/// A tuple whose sends and receives on a bus do not cancel across the checked tables.
public struct BusImbalance: Equatable, Sendable, CustomStringConvertible {
    public let bus: String
    public let tuple: [Goldilocks]
    /// Total sent minus total received (nonzero).
    public let net: Goldilocks
    /// Where the tuple was sent or received: table, row, label and signed multiplicity.
    public let occurrences: [Occurrence]

    public struct Occurrence: Equatable, Sendable {
        public let table: String
        public let row: Int
        public let label: String
        /// +multiplicity for a send, −multiplicity for a receive.
        public let count: Goldilocks
    }

    public var description: String {
        let places = occurrences.prefix(4).map { "\($0.table) row \($0.row) '\($0.label)' \($0.count)" }.joined(separator: "; ")
        return "bus \(bus): tuple (\(tuple.map(\.description).joined(separator: ", "))) is off by \(net) [\(places)\(occurrences.count > 4 ? "; …" : "")]"
    }
}

/// One table's trace, as the bus checker takes it.
public struct TableTrace: Sendable {
    public let air: any AIR
    public let trace: RowMajorMatrix<Goldilocks>
    public let publicValues: [Goldilocks]

    public init(air: any AIR, trace: RowMajorMatrix<Goldilocks>, publicValues: [Goldilocks] = []) {
        self.air = air
        self.trace = trace
        self.publicValues = publicValues
    }
}

/// Adds up every send and receive of every table per bus and tuple, and reports the tuples that
/// do not cancel, with where they occur: what LogUp proves, checked directly (the prover's
/// self-check and the tests'). The interactions run compiled over blocks of rows; occurrences are
/// gathered in a second pass, only for the tuples that do not cancel.
public enum BusBalanceChecker {
    /// `publicInteractions` are the verifier's own sends and receives (table "public").
    public static func check(_ tables: [TableTrace], publicInteractions: [PublicInteraction] = []) throws(ConstraintError) -> [BusImbalance] {
        struct Key: Hashable {
            let bus: String
            let tuple: [Goldilocks]
        }
        var net = [Key: Goldilocks]()
        var occurrences = [Key: [BusImbalance.Occurrence]]()
        var order = [Key]()
        // Pass 1: the net count of every tuple. Each table's interactions (values, then the
        // multiplicity) run compiled over blocks of rows.
        struct Compiled {
            let symbolic: SymbolicAIR
            let program: ConstraintProgram
            let preprocessed: RowMajorMatrix<Goldilocks>?
            /// Per interaction: the output index of its first value and of its multiplicity.
            let firstValue: [Int], multiplicityOutput: [Int]
        }
        var compiled = [Compiled]()
        for table in tables {
            let symbolic = try SymbolicAIR(table.air)
            var roots = [SymbolicExpression](), firstValue = [Int](), multiplicityOutput = [Int]()
            for interaction in symbolic.interactions {
                firstValue.append(roots.count)
                roots += interaction.values
                multiplicityOutput.append(roots.count)
                roots.append(interaction.multiplicity)
            }
            compiled.append(Compiled(symbolic: symbolic, program: ConstraintProgram(roots: roots),
                                     preprocessed: try table.air.checkedPreprocessedTrace(height: table.trace.height),
                                     firstValue: firstValue, multiplicityOutput: multiplicityOutput))
        }
        /// Calls `visit(key, signed count, row, interaction index)` for every nonzero interaction of table t.
        func forEachInteraction(ofTable t: Int, _ visit: (Key, Goldilocks, Int, Int) -> Void) {
            let table = tables[t], c = compiled[t]
            let interactions = c.symbolic.interactions
            evaluateRows(of: c.program, trace: table.trace, preprocessed: c.preprocessed, publicValues: table.publicValues) { start, count, scratch in
                for i in 0..<count {
                    for (k, interaction) in interactions.enumerated() {
                        let multiplicity = scratch.output(c.program, c.multiplicityOutput[k], row: i)
                        guard !multiplicity.isZero else { continue }
                        let tuple = (0..<interaction.values.count).map { scratch.output(c.program, c.firstValue[k] + $0, row: i) }
                        visit(Key(bus: interaction.bus.name, tuple: tuple), interaction.kind == .send ? multiplicity : -multiplicity, start + i, k)
                    }
                }
            }
        }
        for t in tables.indices {
            forEachInteraction(ofTable: t) { key, signed, _, _ in
                if net[key] == nil { order.append(key) }
                net[key, default: .zero] += signed
            }
        }
        for interaction in publicInteractions where !interaction.multiplicity.isZero {
            let key = Key(bus: interaction.bus.name, tuple: interaction.values)
            if net[key] == nil { order.append(key) }
            net[key, default: .zero] += interaction.kind == .send ? interaction.multiplicity : -interaction.multiplicity
        }
        // Pass 2, only when something is off: where the unbalanced tuples occur.
        let unbalanced = Set(net.filter { !$0.value.isZero }.keys)
        guard !unbalanced.isEmpty else { return [] }
        for t in tables.indices {
            forEachInteraction(ofTable: t) { key, signed, row, k in
                guard unbalanced.contains(key) else { return }
                occurrences[key, default: []].append(.init(table: tables[t].air.name, row: row, label: compiled[t].symbolic.interactions[k].label, count: signed))
            }
        }
        for (index, interaction) in publicInteractions.enumerated() where !interaction.multiplicity.isZero {
            let key = Key(bus: interaction.bus.name, tuple: interaction.values)
            guard unbalanced.contains(key) else { continue }
            let signed = interaction.kind == .send ? interaction.multiplicity : -interaction.multiplicity
            occurrences[key, default: []].append(.init(table: "public", row: index, label: "public interaction", count: signed))
        }
        return order.compactMap { key in
            let total = net[key]!
            return total.isZero ? nil : BusImbalance(bus: key.bus, tuple: key.tuple, net: total, occurrences: occurrences[key] ?? [])
        }
    }
}
