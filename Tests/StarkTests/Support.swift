import Commit
import Constraints
import ExampleMachines
import Field
@testable import Stark
import XCTest

extension StarkConfiguration {
    /// 100 conjectured bits without grinding (blowup 16, 25 queries): quick to prove in debug
    /// builds, for tests that prove many small tampered witnesses.
    static let testing = StarkConfiguration(fri: FRIParameters(logBlowup: 4, queryCount: 25, proofOfWorkBits: 0))
}

/// A machine with its witness, ready to prove.
struct Instance {
    let machine: StarkMachine
    let traces: [RowMajorMatrix<Goldilocks>]
    let publicValues: [Goldilocks]

    init(_ tables: [any AIR], traces: [RowMajorMatrix<Goldilocks>], publicValues: [Goldilocks] = []) throws {
        machine = try StarkMachine(tables: tables)
        self.traces = traces
        self.publicValues = publicValues
    }

    func prove(_ configuration: StarkConfiguration = .fast) throws -> StarkProof {
        try StarkProver(machine: machine, configuration: configuration).prove(traces: traces, publicValues: publicValues)
    }

    /// The key of this machine for `configuration`.
    func key(_ configuration: StarkConfiguration = .fast) throws -> StarkVerifyingKey {
        try StarkVerifyingKey(machine: machine, configuration: configuration)
    }

    func verify(_ proof: StarkProof, publicValues: [Goldilocks]? = nil, configuration: StarkConfiguration = .fast) throws {
        try StarkVerifier(key: key(configuration)).verify(proof, publicValues: publicValues ?? self.publicValues)
    }

    /// The verification error, or nil if the proof is accepted (by the key for `configuration`).
    func rejection(_ proof: StarkProof, publicValues: [Goldilocks]? = nil, configuration: StarkConfiguration = .fast) -> VerificationError? {
        do {
            try StarkVerifier(key: key(configuration)).verify(proof, publicValues: publicValues ?? self.publicValues)
            return nil
        } catch let error as VerificationError {
            return error
        } catch {
            XCTFail("setting up the key failed: \(error)")
            return nil
        }
    }

    static func fibonacci(rows: Int) throws -> Instance {
        let (trace, publicValues) = FibonacciAIR.trace(rows: rows)
        return try Instance([FibonacciAIR()], traces: [trace], publicValues: publicValues)
    }

    static func cpuAndALU(cpuRows: Int, aluRows: Int, seed: UInt64 = 1) throws -> Instance {
        try Instance([CPUAIR(), ALUAIR()], traces: cpuAndALUTraces(cpuRows: cpuRows, aluRows: aluRows, seed: seed))
    }

    static func bytes(rows: Int, seed: UInt64 = 2) throws -> Instance {
        try Instance([BytesAIR(), DecomposeAIR()], traces: DecomposeAIR.traces(rows: rows, seed: seed))
    }

    static func chain(sourceRows: Int, squareRows: Int, sinkRows: Int, seed: UInt64 = 3) throws -> Instance {
        try Instance([SourceAIR(), SquareAIR(), SinkAIR()],
                     traces: chainTraces(sourceRows: sourceRows, squareRows: squareRows, sinkRows: sinkRows, seed: seed))
    }
}

/// Asserts `body` throws exactly `expected`.
func XCTAssertRejects(_ instance: Instance, _ proof: StarkProof, publicValues: [Goldilocks]? = nil, _ expected: VerificationError, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(instance.rejection(proof, publicValues: publicValues), expected, file: file, line: line)
}
