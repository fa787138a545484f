import Constraints

/// The `code` bus: (isReal, pc, mode, rsAddress, rtAddress, writeAddress, writes, immediate,
/// operation, the `CPUFlag`s) — what the instruction at pc does, for a CPU row running it in
/// that mode.
///
///     cpu ──(1, pc, mode, ports, immediate, operation, flags)──▶ code ──(a, t′, word, 0)──▶ memory bus
///                                                                      ──(word halves)──▶ decode16
///                                                                      ──(fields, flags)──▶ instruction-kinds
///
/// Soundness: the CPU looks up every real row (multiplicity isReal, first element isReal = 1);
/// `code` provides one tuple per row with a free count, and every row with isReal = 1 is a valid
/// tuple by its constraints: pc = 4·a for a word address a proven in kernel space
/// ([2^29, 2^30)) when mode = 1 and in user space ([2^14, 2^29)) when mode = 0; the word at a
/// read from memory at the segment's end (timestamp 8·cycles, after every access of the
/// segment) with store count 0 — so no store touched the word in the segment, and it held this
/// value at every cycle; the word decoded by `decode16` and its kind found in `instruction-kinds`
/// (its fixed fields the kind's); and the other elements computed from the kind's flags, the
/// fields, the address and the mode. A fetch fault (user mode, pc < 0x10000) is a row with
/// `fault`: q = 0, no memory read, word 0, the fetch-fault kind. Padding rows (isReal 0) provide
/// tuples no real CPU row sends.
public let codeBus = Bus(name: "code", arity: 9 + CPUFlag.allCases.count)
