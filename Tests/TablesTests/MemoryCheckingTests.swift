import Commit
import Constraints
import Field
import Stark
@testable import Tables
import XCTest

/// A test table that makes one memory access per row, through `MemoryAccessColumns` (on
/// `memoryBus` with the word's store count: `stores` before, plus `isStore`).
struct AccessLogAIR: AIR {
    let address: Column, timestamp: Column, value: Column, enabled: Column, stores: Column, isStore: Column
    let access: MemoryAccessColumns
    let width: Int
    var name: String { "access-log" }
    var publicValueCount: Int { 0 }

    init(bus: Bus = memoryBus) {
        var allocator = ColumnAllocator()
        address = allocator.column("address")
        timestamp = allocator.column("timestamp")
        value = allocator.column("value")
        enabled = allocator.column("enabled")
        stores = allocator.column("stores")
        isStore = allocator.column("isStore")
        access = MemoryAccessColumns(.write, "access", on: bus, allocator: &allocator)
        width = allocator.width
    }

    func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let enabled = builder.current(self.enabled)
        builder.assertBool(enabled, "enabled is a bit")
        let stores = builder.current(self.stores)
        access.eval(&builder, address: builder.current(address), timestamp: builder.current(timestamp), value: builder.current(value),
                    stores: access.bus == memoryBus ? (stores, stores + builder.current(isStore)) : nil, enabled: enabled, "access")
    }
}

/// A run of accesses with its witness: the log's trace, the final table's, the range counts and
/// the verifier's start words.
struct MemoryRun {
    struct Access {
        var address: UInt32, value: UInt32, timestamp: UInt32, previousTimestamp: UInt32, previousValue: UInt32
        var isStore: Bool, previousStores: UInt32
    }
    var accesses: [Access] = []
    var start: [UInt32: UInt32]

    /// Random reads and writes over `addresses` words, timestamps 1, 2, 3, …
    init(count: Int, addresses: Int, seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        start = Dictionary(uniqueKeysWithValues: (0..<addresses).map { (UInt32(100 + $0), UInt32(truncatingIfNeeded: generator.next())) })
        var last = start.mapValues { MemoryCell(timestamp: 0, value: $0) }
        for t in 1...count {
            let address = UInt32(100 + Int(generator.next() % UInt64(addresses)))
            let previous = last[address]!
            let write = generator.next() % 2 == 0
            let value = write ? UInt32(truncatingIfNeeded: generator.next()) : previous.value
            accesses.append(Access(address: address, value: value, timestamp: UInt32(t), previousTimestamp: previous.timestamp, previousValue: previous.value,
                                   isStore: write, previousStores: previous.stores))
            last[address] = MemoryCell(timestamp: UInt32(t), value: value, stores: previous.stores + (write ? 1 : 0))
        }
    }

    /// The last tuple of every address (store counts: `withStores`, for `memoryBus`).
    func last(withStores: Bool = true) -> [UInt32: MemoryCell] {
        var last = start.mapValues { MemoryCell(timestamp: 0, value: $0) }
        for access in accesses {
            last[access.address] = MemoryCell(timestamp: access.timestamp, value: access.value,
                                              stores: withStores ? access.previousStores + (access.isStore ? 1 : 0) : 0)
        }
        return last
    }

    var publicInteractions: [PublicInteraction] {
        start.keys.sorted().map { PublicInteraction(.send, memoryBus, [Goldilocks($0), .zero, Goldilocks(start[$0]!), .zero]) }
    }

    /// Traces of [access-log, memory-final, range16]; `tamper` edits the log's trace last.
    func traces(log: AccessLogAIR = AccessLogAIR(), tamper: (inout RowMajorMatrix<Goldilocks>, AccessLogAIR) -> Void = { _, _ in }) -> [RowMajorMatrix<Goldilocks>] {
        var ranges = RangeCounts()
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: log.width, height: accesses.count.nextPowerOfTwo)
        for (row, access) in accesses.enumerated() {
            trace[row, log.address] = Goldilocks(access.address)
            trace[row, log.timestamp] = Goldilocks(access.timestamp)
            trace[row, log.value] = Goldilocks(access.value)
            trace[row, log.enabled] = .one
            trace[row, log.stores] = Goldilocks(access.previousStores)
            trace[row, log.isStore] = access.isStore ? .one : .zero
            log.access.fill(&trace, row: row, timestamp: access.timestamp, previousTimestamp: access.previousTimestamp, previousValue: access.previousValue, ranges: &ranges)
        }
        tamper(&trace, log)
        return [trace, MemoryFinalTable.memory.trace(last()), RangeTable().trace(ranges)]
    }
}

final class MemoryCheckingTests: XCTestCase {
    static let tables: [any AIR] = [AccessLogAIR(), MemoryFinalTable.memory, RangeTable()]
    /// Blowup 2 keeps the 2^16-row range table's LDE small in debug builds; 100 queries, no grinding.
    static let configuration = StarkConfiguration(fri: FRIParameters(logBlowup: 1, queryCount: 100, proofOfWorkBits: 0))

    func imbalances(_ run: MemoryRun, _ traces: [RowMajorMatrix<Goldilocks>]) throws -> [BusImbalance] {
        try BusBalanceChecker.check(zip(Self.tables, traces).map { TableTrace(air: $0, trace: $1) }, publicInteractions: run.publicInteractions)
    }

    func rejection(_ run: MemoryRun, _ traces: [RowMajorMatrix<Goldilocks>]) throws -> VerificationError? {
        let machine = try StarkMachine(tables: Self.tables)
        let proof = try StarkProver(machine: machine, configuration: Self.configuration)
            .prove(traces: traces, publicValues: [], publicInteractions: run.publicInteractions)
        let verifier = StarkVerifier(key: try StarkVerifyingKey(machine: machine, configuration: Self.configuration))
        do {
            try verifier.verify(proof, publicValues: [], publicInteractions: run.publicInteractions)
            return nil
        } catch {
            return error
        }
    }

    func testHonestAccessesBalanceAndProve() throws {
        let run = MemoryRun(count: 40, addresses: 5, seed: 1)
        let traces = run.traces()
        XCTAssertEqual(try imbalances(run, traces), [])
        for (air, trace) in zip(Self.tables, traces) {
            XCTAssertEqual(try TraceChecker.check(air, trace: trace, publicValues: []), [], air.name)
        }
        XCTAssertNil(try rejection(run, traces))
    }

    /// A read that returns an older value than the last written one.
    func testStaleReadIsCaught() throws {
        let run = MemoryRun(count: 40, addresses: 3, seed: 2)
        let row = try XCTUnwrap(run.accesses.indices.first { i in
            run.accesses[i].value == run.accesses[i].previousValue && run.accesses[i].previousTimestamp > 0
        })
        let traces = run.traces { trace, log in
            // Claim the start value instead (and that it is what the access replaced).
            let stale = Goldilocks(run.start[run.accesses[row].address]!)
            trace[row, log.value] = stale
            trace[row, log.access.previousValue!] = stale
        }
        let imbalances = try imbalances(run, traces)
        XCTAssertFalse(imbalances.isEmpty)
        XCTAssertTrue(imbalances.allSatisfy { $0.bus == "memory" }, "\(imbalances)")
        guard case .busImbalance = try rejection(run, traces) else { return XCTFail("expected a bus imbalance") }
    }

    /// An access that claims to replace a tuple written after it (timestamps going backwards).
    func testTimestampGoingBackwardsIsCaught() throws {
        let run = MemoryRun(count: 40, addresses: 3, seed: 3)
        let row = try XCTUnwrap(run.accesses.indices.first { run.accesses[$0].previousTimestamp > 2 })
        let traces = run.traces { trace, log in
            // Give the access an earlier timestamp than the tuple it consumes; the difference
            // limbs can then only be huge, which the range table does not list.
            let newTimestamp = Goldilocks(run.accesses[row].previousTimestamp - 1)
            trace[row, log.timestamp] = newTimestamp
            let difference = newTimestamp - Goldilocks(run.accesses[row].previousTimestamp) - .one
            trace[row, log.access.differenceLow] = Goldilocks(reducing: difference.value & 0xffff)
            trace[row, log.access.differenceHigh] = Goldilocks(reducing: difference.value >> 16)
        }
        let imbalances = try imbalances(run, traces)
        XCTAssertTrue(imbalances.contains { $0.bus == "range16" }, "\(imbalances)")
        guard case .busImbalance = try rejection(run, traces) else { return XCTFail("expected a bus imbalance") }
    }

    /// The registers' final table hands the end values to the claim: the verifier's start
    /// registers and claimed end registers balance a register access log.
    func testRegistersEndInTheClaim() throws {
        let registers = MemoryFinalTable.registers
        let log = AccessLogAIR(bus: registersBus)
        let run = MemoryRun(count: 20, addresses: 4, seed: 7)
        var traces = run.traces(log: log)
        let last = run.last(withStores: false)
        traces[1] = registers.trace(last)
        let tables: [any AIR] = [log, registers, RangeTable()]
        let start = run.start.keys.sorted().map { PublicInteraction(.send, registersBus, [Goldilocks($0), .zero, Goldilocks(run.start[$0]!)]) }
        let end = last.keys.sorted().map { PublicInteraction(.receive, registerClaimBus, [Goldilocks($0), Goldilocks(last[$0]!.value)]) }
        let checked = zip(tables, traces).map { TableTrace(air: $0, trace: $1) }
        XCTAssertEqual(try BusBalanceChecker.check(checked, publicInteractions: start + end), [])
        var wrong = end
        wrong[0] = PublicInteraction(.receive, registerClaimBus, [wrong[0].values[0], wrong[0].values[1] + .one])
        XCTAssertEqual(Set(try BusBalanceChecker.check(checked, publicInteractions: start + wrong).map(\.bus)), ["register-claim"])
        let machine = try StarkMachine(tables: tables)
        let proof = try StarkProver(machine: machine, configuration: Self.configuration).prove(traces: traces, publicValues: [], publicInteractions: start + end)
        let verifier = StarkVerifier(key: try StarkVerifyingKey(machine: machine, configuration: Self.configuration))
        XCTAssertNoThrow(try verifier.verify(proof, publicValues: [], publicInteractions: start + end))
        XCTAssertThrowsError(try verifier.verify(proof, publicValues: [], publicInteractions: start + wrong))
    }
}
