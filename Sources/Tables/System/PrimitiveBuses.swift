import Constraints

/// The `primitive` bus: (clk, number, a0, result) — a kernel-mode `syscall` (a primitive,
/// `Primitive` in the VM) that the CPU row hands to `primitives`.
///
///     cpu ──(clk, v0, a0, v0 after)──▶ primitives ──▶ input, output, halt buses (the verifier)
///
/// Soundness: the CPU sends on rows that run `syscall` in kernel mode (`syscall − enters`, both
/// constrained), with its clk, the values its two read ports took from `$v0` (the primitive's
/// number) and `$a0`, and the result its write port stores back to `$v0`. The receiving table
/// takes the number from its one-hot flags (only the provable primitives have one: a panic
/// cannot be proven) and constrains the result per primitive on every real row, so the CPU's
/// write of `$v0` is what the primitive returns.
public let primitiveBus = Bus(name: "primitive", arity: 4)

/// The `input` bus: (position, word) — a word of the private input stream that a `readInput`
/// returned.
///
///     primitives ──(position, word)──▶ the verifier (the segment's input words)
///
/// Soundness: `primitives` numbers its `readInput` rows consecutively from the public
/// `inputStart` in clk order (its rows are sorted by clk), and the verifier receives exactly
/// (inputStart + k, word k) for the words the statement lists, so the k-th read of the segment
/// returns the k-th listed word and the public `inputEnd` counts them.
public let inputBus = Bus(name: "input", arity: 2)

/// The `output` bus: (position, byte) — a byte of public output that a `writeOutput` appended.
///
///     primitives ──(position, byte)──▶ the verifier (the segment's output bytes)
///
/// Soundness: `primitives` splits `$a0` into bytes (byte-pair lookups), sends its first `$a1`
/// (1…4, one-hot) at consecutive positions from a running position that starts at the public
/// `outputStart` and ends at `outputEnd`, in clk order; the verifier receives each listed byte
/// at its position.
public let outputBus = Bus(name: "output", arity: 2)

/// The `halt` bus: (clk, exit code) — the `halt` primitive.
///
///     primitives ──(clk, a0)──▶ the verifier (only when the statement says the segment halted)
///
/// Soundness: the verifier receives one tuple (cycles − 1, exit code) if the statement says the
/// segment halted, none otherwise; so a segment has a halt exactly when it claims one, on its
/// last cycle, with the claimed code.
public let haltBus = Bus(name: "halt", arity: 2)
