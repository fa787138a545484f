import Commit
import Constraints
import Field

/// The Fiat–Shamir steps prover and verifier share.
enum StarkTranscript {
    /// Domain separator of every STARK transcript (bump with `StarkProof.formatVersion`).
    static let label = "zkmips-stark-v3"

    /// The tallest supported trace: LDE heights stay ≤ 2^28 (the PCS's bound).
    static func maximumLogHeight(_ configuration: StarkConfiguration) -> Int { 28 - configuration.fri.logBlowup }

    /// Step 0: binds the statement — the configuration, the preprocessed commitments, each
    /// table's name, shape and height, and the public values — before anything else is observed.
    static func start(
        configuration: StarkConfiguration, machine: StarkMachine, preprocessedCaps: [MerkleCap], logHeights: [Int],
        publicValues: [Goldilocks], publicInteractions: [PublicInteraction]
    ) -> Challenger {
        var challenger = Challenger(label: label)
        var writer = ByteWriter()
        configuration.fri.write(to: &writer)
        challenger.observe(writer.bytes.map { Goldilocks(UInt32($0)) })
        challenger.observe(Goldilocks(preprocessedCaps.count))
        for cap in preprocessedCaps { challenger.observe(cap) }
        challenger.observe(Goldilocks(machine.tableCount))
        for (t, air) in machine.symbolic.enumerated() {
            challenger.observe(Goldilocks(air.name.utf8.count))
            challenger.observe(air.name.utf8.map { Goldilocks(UInt32($0)) })
            for count in [air.width, air.preprocessedWidth, logHeights[t], air.constraintCount, air.interactions.count, machine.tables[t].publicValueCount] {
                challenger.observe(Goldilocks(count))
            }
        }
        challenger.observe(Goldilocks(publicValues.count))
        challenger.observe(publicValues)
        challenger.observe(Goldilocks(publicInteractions.count))
        for interaction in publicInteractions {
            challenger.observe(machine.busID(interaction.bus) ?? .zero)
            challenger.observe(interaction.kind == .send ? Goldilocks.one : .zero)
            challenger.observe(interaction.multiplicity)
            challenger.observe(interaction.values)
        }
        return challenger
    }

    /// The LogUp terms of the public interactions: Σ ±m/f (sends +, receives −, as in the tables'
    /// helper columns), or the index of one whose fingerprint is zero.
    static func publicSum(_ interactions: [PublicInteraction], machine: StarkMachine, challenges: LogUpChallenges) -> Result<GoldilocksExtension, PublicInteractionFingerprintZero> {
        // One inversion for all (Montgomery's trick): a segment's statement has a term per word
        // of every page it touches.
        var inverses = interactions.map { interaction in
            challenges.fingerprint(busID: machine.busID(interaction.bus)!, arity: interaction.values.count, baseValue: { interaction.values[$0] })
        }
        if let index = inverses.firstIndex(where: \.isZero) { return .failure(PublicInteractionFingerprintZero(index: index)) }
        batchInvert(&inverses)
        var sum = GoldilocksExtension.zero
        for (interaction, inverse) in zip(interactions, inverses) {
            let term = inverse * GoldilocksExtension(interaction.multiplicity)
            sum = interaction.kind == .send ? sum + term : sum - term
        }
        return .success(sum)
    }

    struct PublicInteractionFingerprintZero: Error {
        let index: Int
    }

    /// Step 2's challenges.
    static func drawLogUpChallenges(_ challenger: inout Challenger, machine: StarkMachine) -> LogUpChallenges {
        let beta = challenger.sampleExtension()
        let gamma = challenger.sampleExtension()
        return LogUpChallenges(beta: beta, gamma: gamma, maximumArity: machine.logUp.map(\.maximumArity).max() ?? 0)
    }
}

extension GoldilocksExtension {
    /// c0 + X·c1 for extension values c0, c1: the value at an extension point of a polynomial
    /// with extension coefficients committed as its two coordinate polynomials.
    static func fromCoordinates(_ c0: GoldilocksExtension, _ c1: GoldilocksExtension) -> GoldilocksExtension {
        // X·(a + bX) = 7b + aX.
        c0 + GoldilocksExtension(c1.c1 * GoldilocksExtension.nonResidue, c1.c0)
    }
}
