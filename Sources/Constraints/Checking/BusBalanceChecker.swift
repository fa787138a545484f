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
/// do not cancel, with where they occur. A debugging tool for what LogUp proves.
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
        for table in tables {
            let symbolic = try SymbolicAIR(table.air)
            let trace = table.trace
            let height = trace.height
            let preprocessed = try table.air.checkedPreprocessedTrace(height: height)
            for row in 0..<height {
                let window = RowWindow(trace: trace, preprocessed: preprocessed, publicValues: table.publicValues, row: row)
                for interaction in symbolic.interactions {
                    let multiplicity = window.evaluate(interaction.multiplicity)
                    guard !multiplicity.isZero else { continue }
                    let key = Key(bus: interaction.bus.name, tuple: interaction.values.map(window.evaluate))
                    let signed = interaction.kind == .send ? multiplicity : -multiplicity
                    if net[key] == nil { order.append(key) }
                    net[key, default: .zero] += signed
                    occurrences[key, default: []].append(.init(table: table.air.name, row: row, label: interaction.label, count: signed))
                }
            }
        }
        for (index, interaction) in publicInteractions.enumerated() where !interaction.multiplicity.isZero {
            let key = Key(bus: interaction.bus.name, tuple: interaction.values)
            let signed = interaction.kind == .send ? interaction.multiplicity : -interaction.multiplicity
            if net[key] == nil { order.append(key) }
            net[key, default: .zero] += signed
            occurrences[key, default: []].append(.init(table: "public", row: index, label: "public interaction", count: signed))
        }
        return order.compactMap { key in
            let total = net[key]!
            return total.isZero ? nil : BusImbalance(bus: key.bus, tuple: key.tuple, net: total, occurrences: occurrences[key]!)
        }
    }
}
