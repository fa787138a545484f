import ArgumentParser
import Foundation
import ZKMips

struct BenchProveMIPSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove-mips",
        abstract: "Proves a segment of MIPS code with the MIPS tables: cells per cycle per table, witness time, per-step prove times, cycles/s, proof size, verify time.",
        discussion: """
            The guest is a synthetic loop (ALU, logic, loads and stores, branches, calls), run for \
            2^--log-cycles cycles, so the figure does not depend on a program's start-up; prove-segment proves \
            real guests' segments (docs/mips-tables.md). Cells per cycle count every committed base-field cell (main columns, LogUp columns with \
            extension columns twice, quotient chunks) of every table, divided by the cycles.
            """
    )

    @Option(parsing: .upToNextOption, help: "Thread counts to measure (each gets its own JSON line).")
    var threads: [Int] = [1, 2]

    @Option(help: "log₂ of the segment's cycles (6…21).")
    var logCycles: Int = 16

    @Option(help: PresetOption.help)
    var preset: PresetOption = .fast

    @Option(help: "Prove a segment of this ELF instead of the synthetic loop (segments of 2^--log-cycles cycles).")
    var program: String?

    @Option(help: "With --program: its input file.")
    var input: String?

    @Option(help: "With --program: which segment (from 0; the last one may be shorter).")
    var segment: Int = 0

    func validate() throws {
        guard threads.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--threads must be at least 1") }
        guard (6...21).contains(logCycles) else { throw ValidationError("--log-cycles must be 6…21, got \(logCycles)") }
        guard segment >= 0 else { throw ValidationError("--segment must be at least 0, got \(segment)") }
        if program == nil, input != nil { throw ValidationError("--input needs --program") }
    }

    /// A loop of every proven kind: sums, logic, a store and a load, a call through a register.
    static func program(base: UInt32) -> [Instruction] {
        let back = { (from: Int, to: Int) in UInt16(bitPattern: Int16(to - from - 1)) }
        var code: [Instruction] = [
            .lui(rt: .t9, imm: UInt16(base >> 16)), .ori(rt: .t9, rs: .t9, imm: UInt16(base & 0xffff) + 0x100),
            .addiu(rt: .t0, rs: .zero, imm: 1),
        ]
        let loop = code.count
        code += [
            .addu(rd: .t1, rs: .t1, rt: .t0), .xor(rd: .t2, rs: .t1, rt: .t0), .and(rd: .a0, rs: .t2, rt: .t1),
            .or(rd: .a1, rs: .a0, rt: .t0), .nor(rd: .a2, rs: .a1, rt: .zero), .subu(rd: .a3, rs: .a2, rt: .t1),
            .sltu(rd: .v0, rs: .a3, rt: .t1), .sw(rt: .t1, base: .t9, imm: 0x40), .lw(rt: .v1, base: .t9, imm: 0x40),
            .jalr(rd: .ra, rs: .t9, hint: false), .addiu(rt: .t0, rs: .t0, imm: 1),
        ]
        code.append(.bne(rs: .t0, rt: .zero, imm: back(code.count, loop)))
        code.append(.sll(rd: .zero, rt: .zero, sa: 0))
        while code.count < 0x40 { code.append(.sll(rd: .zero, rt: .zero, sa: 0)) }
        code += [.jr(rs: .ra, hint: false), .andi(rt: .gp, rs: .t1, imm: 0xff)]  // the subroutine at base + 0x100
        return code
    }

    /// The segment to prove: the synthetic loop's 2^logCycles cycles, or segment `segment` of
    /// `program`; its start and its events.
    func traced() throws -> (start: SegmentStart, events: TraceRecorder) {
        let cycles = 1 << logCycles
        guard let program else {
            let base: UInt32 = 0x0001_0000
            let bytes = Self.program(base: base).flatMap { instruction -> [UInt8] in
                let word = instruction.word
                return [UInt8(word >> 24), UInt8((word >> 16) & 0xff), UInt8((word >> 8) & 0xff), UInt8(word & 0xff)]
            }
            let machine = ProgramImage.flat(code: bytes, at: base).makeMachine()
            let start = machine.state
            machine.memory.beginTouchTracking()
            var recorder = TraceRecorder(expectedCycles: cycles)
            _ = machine.run(until: UInt64(cycles), tracer: &recorder)
            return (SegmentStart(state: start, pages: machine.memory.endTouchTracking()), recorder)
        }
        let inputBytes: [UInt8]
        let image: ProgramImage
        do {
            inputBytes = try input.map { try readFile($0, what: "input") } ?? []
            image = try loadProgram(program)
        } catch let error as CLIError {
            printError("zkmips: \(error.description)")
            throw ExitCode(error.status)
        }
        let machine = image.makeMachine(input: inputBytes)
        machine.io.capturesConsole = true
        let run = Executor.run(machine, maxCycles: UInt64(segment + 1) << UInt64(logCycles), segmentCycles: UInt64(cycles))
        guard segment < run.segments.count else {
            printError("zkmips: bench prove-mips: \(program) has \(run.segments.count) segments of 2^\(logCycles) cycles, not \(segment + 1)")
            throw ExitCode(1)
        }
        let chosen = run.segments[segment]
        let output = run.segments.prefix(segment).reduce(0) { $0 + $1.end.publicOutput.count }
        let (events, _) = chosen.trace()
        return (SegmentStart(state: chosen.start, cycle: chosen.startCycle, inputPosition: UInt32(chosen.inputPosition),
                             outputPosition: UInt32(output), pages: chosen.pages), events)
    }

    func run() throws {
        let (start, recorder) = try traced()
        let cycles = recorder.instructions.count

        let configuration = StarkConfiguration(fri: preset.fri)
        let stark = try StarkMachine(tables: CPUMachine.tables)
        let prover = StarkProver(machine: stark, configuration: configuration)
        let verifier = StarkVerifier(key: try StarkVerifyingKey(machine: stark, configuration: configuration))
        var perTable = [String: Double]()
        var shapes = [String: [String: Int]]()
        var totalCells = 0
        let witnessWatch = Stopwatch()
        let witness: SegmentWitness
        do { witness = try CPUMachine.witness(start: start, trace: recorder) } catch {
            printError("zkmips: bench prove-mips: the segment cannot be proven: \(error)")
            throw ExitCode(1)
        }
        let witnessSeconds = witnessWatch.seconds
        for (t, trace) in witness.traces.enumerated() {
            let cells = stark.committedCells(ofTable: t)
            let total = (cells.main + cells.logUp + cells.quotient) * trace.height
            perTable[stark.tables[t].name] = Double(total) / Double(cycles)
            shapes[stark.tables[t].name] = ["height": trace.height, "main": cells.main, "logup": cells.logUp, "quotient": cells.quotient]
            totalCells += total
        }
        let cpuCells = stark.committedCells(ofTable: 0)
        printError("[bench prove-mips] \(cycles) cycles traced and their witness built (\(String(format: "%.2f", witnessSeconds)) s)")

        for threads in threads {
            let saved = Parallelism.threadCount
            Parallelism.threadCount = threads
            defer { Parallelism.threadCount = saved }
            var timings = ProvingTimings()
            let stopwatch = Stopwatch()
            let proof: StarkProof
            do {
                proof = try prover.prove(traces: witness.traces, publicValues: witness.publicValues, publicInteractions: witness.publicInteractions,
                                         timings: &timings, progress: { printError("[bench prove-mips] threads \(threads): \($0)") })
            } catch {
                printError("zkmips: bench prove-mips: proving failed: \(error)")
                throw ExitCode(1)
            }
            let wall = stopwatch.seconds
            var verifyError: (any Error)?
            let verifySeconds = bestSeconds(threads: 1, repeats: 3) {
                do { try verifier.verify(proof, publicValues: witness.publicValues, publicInteractions: witness.publicInteractions) } catch { verifyError = error }
            }
            if let verifyError {
                printError("zkmips: bench prove-mips: the proof did not verify: \(verifyError)")
                throw ExitCode(1)
            }
            printBenchLine([
                "bench": "prove-mips", "threads": threads, "log_cycles": logCycles, "preset": preset.rawValue,
                "program": program ?? "synthetic loop", "segment": segment, "cycles": cycles,
                "cells_per_cycle": Double(totalCells) / Double(cycles), "cells_per_cycle_by_table": perTable,
                "table_shapes": shapes,
                "cpu_row_cells": ["main": cpuCells.main, "logup": cpuCells.logUp, "quotient": cpuCells.quotient],
                "witness_s": witnessSeconds, "total_s": timings.total, "wall_s": wall, "lde_s": timings.lde, "commit_s": timings.commit,
                "logup_s": timings.logUp, "quotient_s": timings.quotient, "openings_s": timings.openings, "fri_s": timings.fri,
                "cycles_per_second": Double(cycles) / (wall + witnessSeconds), "proof_bytes": proof.serialized().count,
                "verify_ms": verifySeconds * 1000, "peak_memory_mb": peakResidentMegabytes(),
            ])
        }
    }
}
