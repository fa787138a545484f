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
    /// The table's preprocessed trace, if the caller has it (else the checker builds it).
    public let preprocessed: RowMajorMatrix<Goldilocks>?

    public init(air: any AIR, trace: RowMajorMatrix<Goldilocks>, publicValues: [Goldilocks] = [], preprocessed: RowMajorMatrix<Goldilocks>? = nil) {
        self.air = air
        self.trace = trace
        self.publicValues = publicValues
        self.preprocessed = preprocessed
    }
}

/// Adds up every send and receive of every table per bus and tuple, and reports the tuples that
/// do not cancel, with where they occur: what LogUp proves, checked directly (the prover's
/// self-check and the tests'). The interactions run compiled over blocks of rows; occurrences are
/// gathered in a second pass, only for the tuples that do not cancel.
public enum BusBalanceChecker {
    /// `publicInteractions` are the verifier's own sends and receives (table "public").
    public static func check(_ tables: [TableTrace], publicInteractions: [PublicInteraction] = []) throws(ConstraintError) -> [BusImbalance] {
        // A tuple is keyed by its bus and two random linear fingerprints (no array per tuple);
        // a collision needs two distinct tuples to agree on both, probability ~ 2^-128 per pair.
        struct Key: Hashable {
            let bus: Int
            let first: UInt64, second: UInt64
        }
        var generator = SystemRandomNumberGenerator()
        var coefficients = [Goldilocks]()  // drawn as wider tuples appear
        var busIndex = [String: Int](), busNames = [String]()
        func index(of bus: Bus) -> Int {
            if let known = busIndex[bus.name] { return known }
            busIndex[bus.name] = busNames.count
            busNames.append(bus.name)
            return busNames.count - 1
        }
        func key(bus: Int, count: Int, value: (Int) -> Goldilocks) -> Key {
            while coefficients.count < 2 * count { coefficients.append(Goldilocks(reducing: generator.next())) }
            var first = Goldilocks.zero, second = Goldilocks.zero
            for j in 0..<count {
                let v = value(j)
                first += coefficients[2 * j] * v
                second += coefficients[2 * j + 1] * v
            }
            return Key(bus: bus, first: first.value, second: second.value)
        }
        var net = [Key: Goldilocks]()
        var occurrences = [Key: [BusImbalance.Occurrence]]()
        var tuples = [Key: [Goldilocks]]()
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
                                     preprocessed: table.preprocessed != nil ? table.preprocessed : try table.air.checkedPreprocessedTrace(height: table.trace.height),
                                     firstValue: firstValue, multiplicityOutput: multiplicityOutput))
        }
        /// Calls `visit(key, signed count, row, interaction index, tuple)` for every nonzero
        /// interaction of table t (`tuple` computes the values).
        func forEachInteraction(ofTable t: Int, _ visit: (Key, Goldilocks, Int, Int, () -> [Goldilocks]) -> Void) {
            let table = tables[t], c = compiled[t]
            let interactions = c.symbolic.interactions
            let buses = interactions.map { index(of: $0.bus) }
            evaluateRows(of: c.program, trace: table.trace, preprocessed: c.preprocessed, publicValues: table.publicValues) { start, count, scratch in
                for i in 0..<count {
                    for (k, interaction) in interactions.enumerated() {
                        let multiplicity = scratch.output(c.program, c.multiplicityOutput[k], row: i)
                        guard !multiplicity.isZero else { continue }
                        let first = c.firstValue[k], arity = interaction.values.count
                        let key = key(bus: buses[k], count: arity) { scratch.output(c.program, first + $0, row: i) }
                        visit(key, interaction.kind == .send ? multiplicity : -multiplicity, start + i, k) {
                            (0..<arity).map { scratch.output(c.program, first + $0, row: i) }
                        }
                    }
                }
            }
        }
        func key(of interaction: PublicInteraction) -> Key {
            key(bus: index(of: interaction.bus), count: interaction.values.count) { interaction.values[$0] }
        }
        for t in tables.indices {
            forEachInteraction(ofTable: t) { key, signed, _, _, _ in
                if net[key] == nil { order.append(key) }
                net[key, default: .zero] += signed
            }
        }
        for interaction in publicInteractions where !interaction.multiplicity.isZero {
            let key = key(of: interaction)
            if net[key] == nil { order.append(key) }
            net[key, default: .zero] += interaction.kind == .send ? interaction.multiplicity : -interaction.multiplicity
        }
        // Pass 2, only when something is off: where the unbalanced tuples occur.
        let unbalanced = Set(net.filter { !$0.value.isZero }.keys)
        guard !unbalanced.isEmpty else { return [] }
        for t in tables.indices {
            forEachInteraction(ofTable: t) { key, signed, row, k, tuple in
                guard unbalanced.contains(key) else { return }
                if tuples[key] == nil { tuples[key] = tuple() }
                occurrences[key, default: []].append(.init(table: tables[t].air.name, row: row, label: compiled[t].symbolic.interactions[k].label, count: signed))
            }
        }
        for (index, interaction) in publicInteractions.enumerated() where !interaction.multiplicity.isZero {
            let key = key(of: interaction)
            guard unbalanced.contains(key) else { continue }
            if tuples[key] == nil { tuples[key] = interaction.values }
            let signed = interaction.kind == .send ? interaction.multiplicity : -interaction.multiplicity
            occurrences[key, default: []].append(.init(table: "public", row: index, label: "public interaction", count: signed))
        }
        return order.compactMap { key in
            let total = net[key]!
            return total.isZero ? nil : BusImbalance(bus: busNames[key.bus], tuple: tuples[key] ?? [], net: total, occurrences: occurrences[key] ?? [])
        }
    }
}
