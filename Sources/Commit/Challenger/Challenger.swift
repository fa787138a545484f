import Field
import Poseidon

/// The Fiat–Shamir transcript: a duplex sponge over the Poseidon permutation (rate 8,
/// capacity 4), so a recursive verifier can replay it cheaply.
///
/// Observed elements are buffered; when 8 are pending, or when a sample is requested, they
/// overwrite the rate lanes and the state is permuted; the rate lanes then become the output
/// buffer, which samples consume from lane 0 upward. Observing anything discards unused output,
/// so every sample depends on everything observed before it.
public struct Challenger: Sendable {
    private var state = PoseidonState()
    private var pendingInputs: [Goldilocks] = []
    private var outputs: [Goldilocks] = []
    private var nextOutput = 0

    public init() {
        pendingInputs.reserveCapacity(Poseidon.rate)
    }

    /// A transcript that starts from a domain-separation label (its UTF-8 bytes, one element
    /// each), so transcripts of different protocols never coincide.
    public init(label: String) {
        self.init()
        for byte in label.utf8 { observe(Goldilocks(UInt32(byte))) }
    }

    // MARK: - Observing

    public mutating func observe(_ element: Goldilocks) {
        outputs.removeAll(keepingCapacity: true)
        nextOutput = 0
        pendingInputs.append(element)
        if pendingInputs.count == Poseidon.rate { duplex() }
    }

    public mutating func observe(_ elements: some Sequence<Goldilocks>) {
        for element in elements { observe(element) }
    }

    public mutating func observe(_ element: GoldilocksExtension) {
        observe(element.c0)
        observe(element.c1)
    }

    public mutating func observe(_ elements: [GoldilocksExtension]) {
        for element in elements { observe(element) }
    }

    public mutating func observe(_ digest: Digest) {
        observe(digest.e0)
        observe(digest.e1)
        observe(digest.e2)
        observe(digest.e3)
    }

    /// Observes the number of roots, then the roots: caps of different sizes never give the
    /// same transcript.
    public mutating func observe(_ cap: MerkleCap) {
        observe(Goldilocks(cap.roots.count))
        for root in cap.roots { observe(root) }
    }

    // MARK: - Sampling

    /// A base-field challenge.
    public mutating func sample() -> Goldilocks {
        if !pendingInputs.isEmpty || nextOutput == outputs.count { duplex() }
        defer { nextOutput += 1 }
        return outputs[nextOutput]
    }

    /// An extension-field challenge (two base samples).
    public mutating func sampleExtension() -> GoldilocksExtension {
        GoldilocksExtension(sample(), sample())
    }

    /// A uniform-ish integer in 0..<2^bits (bits ≤ 32): the low bits of a base sample. The bias
    /// from p not being a power of two is below 2^−32 per index.
    public mutating func sampleBits(_ bits: Int) -> Int {
        precondition((0...32).contains(bits), "at most 32 bits per sample")
        return Int(truncatingIfNeeded: sample().value & ((1 << UInt64(bits)) - 1))
    }

    private mutating func duplex() {
        for (lane, input) in pendingInputs.enumerated() { state[lane] = input }
        pendingInputs.removeAll(keepingCapacity: true)
        Poseidon.permute(&state)
        outputs.removeAll(keepingCapacity: true)
        for lane in 0..<Poseidon.rate { outputs.append(state[lane]) }
        nextOutput = 0
    }
}
