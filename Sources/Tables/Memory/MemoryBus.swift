import Constraints
import Field

/// The `memory` bus: (word address, timestamp, value) — offline memory checking.
///
///     public (start snapshot) ──(a, 0, v)──▶ ┐
///     accesses (cpu, memory-instructions) ◀──(a, t′, v′)── prev   ──(a, t, v)──▶ next
///                                             └──────────────▶ memory-final (last tuple)
///
/// Soundness: every access at timestamp t receives the tuple it replaces, (a, t′, v′), and sends
/// (a, t, v); it proves t′ < t (`MemoryAccessColumns`) and, for a read, v = v′. The table that
/// makes the access guarantees its timestamp is unique to it and positive (the CPU's
/// 8·clk + slot + 1). The verifier sends each start word (a, 0, v) itself, once per address
/// (`PublicInteraction`), and `memory-final` receives the leftover tuple of each touched address
/// with a boolean count. Then every tuple (a, t, v) is produced exactly once — by the access at t
/// or, for t = 0, by the verifier — and consumed exactly once by a later access or by
/// `memory-final`; since timestamps rise along every edge, the accesses of each address form one
/// chain from its start value: every read returns the last value written.
public let memoryBus = Bus(name: "memory", arity: 3)

/// Word addresses of the memory bus: the 2^30 data words, then the registers.
public enum MemoryAddress {
    /// The word holding byte address `byteAddress`.
    public static func word(_ byteAddress: UInt32) -> UInt32 { byteAddress >> 2 }

    /// The first register address: general registers, HI, LO and the system registers live at
    /// 2^30 + their `Machine` index, above every data word.
    public static let registerBase: UInt32 = 1 << 30

    /// The address of machine register `index` (0–36).
    public static func register(_ index: Int) -> UInt32 { registerBase + UInt32(index) }
}
