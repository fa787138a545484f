import Constraints
import Field
import MIPS

/// The `memory` bus: (word address, timestamp, value, stores) — offline memory checking, with
/// the number of stores made to the word in this segment so far.
///
///     public (start snapshot) ──(a, 0, v, 0)──▶ ┐
///     accesses (memory-instructions, code) ◀──(a, t′, v′, s′)── prev   ──(a, t, v, s)──▶ next
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
/// chain from its start value: every read returns the last value written. The store count
/// starts at 0 (the verifier's tuples), a load passes it on (s = s′), a store adds one
/// (s = s′ + 1): along the chain it counts the stores so far, so a tuple with s = 0 proves the
/// word was never stored to in the segment up to its timestamp (what `code` relies on: a word it
/// reads at the segment's end with s = 0 held the same value at every cycle).
public let memoryBus = Bus(name: "memory", arity: 4)

/// The `registers` bus: (register 0–31, timestamp, value) — the general registers, a second
/// memory with the same argument as `memoryBus` (`registers-final` holds their last tuples).
/// Apart from the data words so that no data access (an instruction fetch at a wrapped pc, say)
/// can consume a register's tuple, and the reverse.
public let registersBus = Bus(name: "registers", arity: 3)

/// The `register-claim` bus: (register, value) at the segment's end. `registers-final` sends
/// each register's last value; the verifier receives the claimed end registers.
public let registerClaimBus = Bus(name: "register-claim", arity: 2)

/// The machine's registers on `registersBus` (the VM's `Machine` indices): the general
/// registers 0–31, then HI, LO, EPC (CP0 14,0), the exception next pc (CP0 14,1) and UserLocal
/// (CP0 4,2; what `rdhwr $29` reads).
public enum MachineRegister {
    public static let hi = 32, lo = 33, exceptionPC = 34, exceptionNextPC = 35, userLocal = 36
    public static let count = 37

    /// The 37 registers of `state`, in this order.
    public static func values(of state: CPUState) -> [UInt32] {
        state.registers + [state.hi, state.lo, state.exceptionPC, state.exceptionNextPC, state.userLocal]
    }
}
