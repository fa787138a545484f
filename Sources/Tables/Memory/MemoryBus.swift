import Constraints
import Field
import MIPS

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
