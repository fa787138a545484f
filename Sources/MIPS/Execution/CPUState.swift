/// The architectural state of the CPU: general registers, HI/LO and the two program counters
/// that model the branch delay slot.
public struct CPUState: Hashable, Sendable {
    /// `registers[0]` is always 0.
    public var registers: [UInt32]
    public var hi: UInt32
    public var lo: UInt32
    /// Address of the next instruction to execute.
    public var pc: UInt32
    /// Address of the instruction after it: `pc + 4`, or a branch target while `pc` is a delay
    /// slot.
    public var nextPC: UInt32

    public init(registers: [UInt32] = Array(repeating: 0, count: 32), hi: UInt32 = 0, lo: UInt32 = 0, pc: UInt32 = 0, nextPC: UInt32 = 4) {
        precondition(registers.count == 32, "MIPS has 32 general registers")
        self.registers = registers
        self.registers[0] = 0
        self.hi = hi
        self.lo = lo
        self.pc = pc
        self.nextPC = nextPC
    }

    public subscript(register: Register) -> UInt32 {
        get { registers[register.index] }
        set { if register != .zero { registers[register.index] = newValue } }
    }
}
