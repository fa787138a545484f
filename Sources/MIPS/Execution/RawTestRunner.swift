/// Runs a raw conformance test as `../shared/mips-tests/README.md` defines it: flat code at
/// address 0, pc = 0, nextPC = 4, `$ra` = ``returnAddress``; step until pc reaches
/// ``returnAddress`` (at most ``stepLimit`` steps). The test passed when the words at
/// ``doneAddress`` and ``resultAddress`` are both 1.
public enum RawTestRunner {
    public static let returnAddress: UInt32 = 0xa7ef_00d0
    public static let doneAddress: UInt32 = 0xbfff_fff4
    public static let resultAddress: UInt32 = 0xbfff_fff8
    public static let stepLimit: UInt64 = 1000

    public enum Outcome: Hashable, Sendable, CustomStringConvertible {
        case passed
        /// Returned, but `done` or `result` is not 1.
        case failed(done: UInt32, result: UInt32)
        case faulted(Fault)
        case exited(code: Int32)
        /// Did not return within the step limit.
        case timedOut

        public var description: String {
            switch self {
            case .passed: return "passed"
            case let .failed(done, result): return "returned with done = \(done), result = \(result)"
            case let .faulted(fault): return fault.description
            case let .exited(code): return "exited with code \(code)"
            case .timedOut: return "did not return within \(RawTestRunner.stepLimit) steps"
            }
        }
    }

    public static func run(code: [UInt8]) -> Outcome {
        let image = ProgramImage.flat(code: code, at: 0, registers: [.ra: returnAddress])
        let machine = image.makeMachine()
        while machine.cycles < stepLimit {
            if machine.pc == returnAddress {
                let done = (try? machine.memory.word(at: doneAddress)) ?? 0
                let result = (try? machine.memory.word(at: resultAddress)) ?? 0
                return done == 1 && result == 1 ? .passed : .failed(done: done, result: result)
            }
            switch machine.run(until: machine.cycles + 1) {
            case .cycleLimit: continue
            case let .exited(code): return .exited(code: code)
            case let .fault(fault): return .faulted(fault)
            }
        }
        return .timedOut
    }
}
