// A tiny assembler with labels, for the guest programs of the kernel tests (threads, signal
// handlers, loops around syscalls): straight-line `Assembler` arrays are enough elsewhere.

@testable import MIPS

/// Instructions placed at `origin`, with named positions that branches and jumps can target.
///
/// Branch offsets are resolved by ``assemble()``; delay slots are the caller's (emit the
/// instruction that follows a branch explicitly, usually a ``nop``).
struct GuestCode {
    let origin: UInt32
    private var slots: [Slot] = []
    private var labels: [String: Int] = [:]

    private enum Slot {
        case instruction(Instruction)
        /// A branch to a label: its 16-bit offset is filled in by `assemble`.
        case branch(label: String, make: (UInt16) -> Instruction)
        /// `j`/`jal` to a label.
        case jump(label: String, link: Bool)
    }

    static let nop = Instruction.sll(rd: .zero, rt: .zero, sa: 0)

    init(at origin: UInt32) { self.origin = origin }

    /// Number of instructions so far.
    var count: Int { slots.count }
    /// The address after the last instruction.
    var end: UInt32 { origin &+ UInt32(4 * slots.count) }

    /// Appends instructions.
    mutating func emit(_ instructions: Instruction...) { emit(instructions) }

    mutating func emit(_ instructions: [Instruction]) {
        for instruction in instructions { slots.append(.instruction(instruction)) }
    }

    /// Names the position of the next instruction.
    mutating func label(_ name: String) {
        precondition(labels[name] == nil, "label \(name) defined twice")
        labels[name] = slots.count
    }

    /// A branch to `label` (`make` receives the offset); the delay slot is up to the caller.
    mutating func branch(to label: String, _ make: @escaping (UInt16) -> Instruction) {
        slots.append(.branch(label: label, make: make))
    }

    /// `b label; nop`.
    mutating func jump(to label: String) {
        slots.append(.jump(label: label, link: false))
        emit(Self.nop)
    }

    /// rd = a 32-bit constant (always `lui` + `ori`, two instructions).
    mutating func li(_ register: Register, _ value: UInt32) { emit(Assembler.load(register, value)) }

    /// v0 = `number`, a0… = `arguments`, `syscall`.
    mutating func syscall(_ number: UInt32, _ arguments: UInt32...) {
        precondition(arguments.count <= 4)
        li(.v0, number)
        for (index, value) in arguments.enumerated() { li(Register(UInt32(4 + index)), value) }
        emit(.syscall(code: 0))
    }

    /// Stores the word in `register` at the absolute `address` (uses $at).
    mutating func store(_ register: Register, at address: UInt32) {
        li(.at, address)
        emit(.sw(rt: register, base: .at, imm: 0))
    }

    /// Loads the word at the absolute `address` into `register` (uses $at).
    mutating func load(_ register: Register, from address: UInt32) {
        li(.at, address)
        emit(.lw(rt: register, base: .at, imm: 0))
    }

    /// The address of `label`.
    func address(_ label: String) -> UInt32 {
        guard let index = labels[label] else { preconditionFailure("no label \(label)") }
        return origin &+ UInt32(4 * index)
    }

    /// The instructions, branch offsets resolved.
    func assemble() -> [Instruction] {
        slots.enumerated().map { index, slot in
            switch slot {
            case let .instruction(instruction): return instruction
            case let .branch(label, make):
                guard let target = labels[label] else { preconditionFailure("no label \(label)") }
                return make(Assembler.branchOffset(from: index, to: target))
            case let .jump(label, link):
                let target = (address(label) >> 2) & 0x03ff_ffff
                return link ? .jal(index: target) : .j(index: target)
            }
        }
    }

    /// Big-endian bytes of ``assemble()``.
    var bytes: [UInt8] { Assembler.bytes(assemble()) }
}

/// The registers `Register` does not name (the tests use them as scratch).
extension Register {
    static let t3 = Register(11)
    static let t4 = Register(12)
    static let t5 = Register(13)
    static let t6 = Register(14)
    static let t7 = Register(15)
    static let s0 = Register(16)
    static let s1 = Register(17)
    static let s2 = Register(18)
    static let s3 = Register(19)
    static let s4 = Register(20)
    static let s5 = Register(21)
    static let s6 = Register(22)
    static let s7 = Register(23)
    static let t8 = Register(24)
    static let k0 = Register(26)
    static let k1 = Register(27)
}
