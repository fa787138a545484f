/// Runs a raw conformance test as `../shared/mips-tests/README.md` defines it: flat code at
/// address 0, pc = 0, nextPC = 4, `$ra` = ``returnAddress``; step until pc reaches
/// ``returnAddress`` (at most ``stepLimit`` steps of the test's own code — the kernel's
/// instructions answering its syscalls do not count, within ``kernelCycleLimit``). The test
/// passed when the words at ``doneAddress`` and ``resultAddress`` are both 1.
public enum RawTestRunner {
    public static let returnAddress: UInt32 = 0xa7ef_00d0
    public static let doneAddress: UInt32 = 0xbfff_fff4
    public static let resultAddress: UInt32 = 0xbfff_fff8
    public static let stepLimit: UInt64 = 1000
    /// Cycles the kernel may spend on the test's behalf.
    public static let kernelCycleLimit: UInt64 = 1_000_000

    public enum Outcome: Hashable, Sendable, CustomStringConvertible {
        case passed
        /// Returned, but `done` or `result` is not 1.
        case failed(done: UInt32, result: UInt32)
        case faulted(Fault)
        /// The kernel killed the program with a signal (a trap, overflow, reserved instruction).
        case killed(Halt)
        case exited(code: Int32)
        /// Did not return within the step limit.
        case timedOut

        public var description: String {
            switch self {
            case .passed: return "passed"
            case let .failed(done, result): return "returned with done = \(done), result = \(result)"
            case let .faulted(fault): return fault.description
            case let .killed(halt): return halt.signalDescription ?? "killed"
            case let .exited(code): return "exited with code \(code)"
            case .timedOut: return "did not return within \(RawTestRunner.stepLimit) steps"
            }
        }
    }

    public static func run(code: [UInt8]) -> Outcome {
        let image = ProgramImage.flat(code: code, at: 0, registers: [.ra: returnAddress])
        let machine = image.makeMachine()
        var steps: UInt64 = 0
        while steps < stepLimit, machine.cycles < stepLimit + kernelCycleLimit {
            let user = machine.memory.mode == .user
            if user, machine.pc == returnAddress {
                let done = (try? machine.memory.word(at: doneAddress)) ?? 0
                let result = (try? machine.memory.word(at: resultAddress)) ?? 0
                return done == 1 && result == 1 ? .passed : .failed(done: done, result: result)
            }
            switch machine.run(until: machine.cycles + 1) {
            case .cycleLimit: if user { steps += 1 }
            case let .exited(code):
                if let halt = machine.halt, halt.signal != 0 { return .killed(halt) }
                return .exited(code: code)
            case let .fault(fault): return .faulted(fault)
            }
        }
        return .timedOut
    }
}
