/// Identity, limits, signals, futexes and time.
extension Syscall {
    /// `futex(uaddr, op, val, timeout, …)`. With one thread, a wait whose value matches can
    /// only end by its timeout (the clock advances by it), and a wake finds nobody.
    func futex() throws(SyscallError) -> SyscallOutcome {
        let operation = a1 & 0x7f  // strip FUTEX_PRIVATE_FLAG (128)
        switch operation & ~0x100 {  // and FUTEX_CLOCK_REALTIME (256)
        case 0, 9:  // FUTEX_WAIT, FUTEX_WAIT_BITSET
            let current = try readWord(a0)
            guard current == a2 else { throw .errno(.EAGAIN) }
            guard a3 != 0 else {
                throw .fault(.deadlock(detail: "futex wait on \(hex32(a0)) with no timeout, and no other thread can wake it"))
            }
            let nanoseconds = try timespec(at: a3, wide: number == 4422)
            kernel.state.sleptNanoseconds &+= nanoseconds
            throw .errno(.ETIMEDOUT)
        case 1, 10: return .returned(0)  // FUTEX_WAKE, FUTEX_WAKE_BITSET: no waiters
        default: throw unsupported("futex operation \(a1)")
        }
    }

    /// One CPU, so Go sets GOMAXPROCS = 1 and never needs a second thread to run goroutines.
    func schedGetAffinity() throws(SyscallError) -> SyscallOutcome {
        guard a1 >= 4 else { throw .errno(.EINVAL) }
        try write([1, 0, 0, 0], to: a2)
        return .returned(4)
    }

    func uname() throws(SyscallError) -> SyscallOutcome {
        var uts = BinaryWriter()
        for field in [KernelConstants.systemName, KernelConstants.nodeName, KernelConstants.release,
                      KernelConstants.version, KernelConstants.machine, "(none)"] {
            uts.text(field, size: 65)
        }
        try write(uts.bytes, to: a0)
        return .returned(0)
    }

    /// `struct sysinfo` for a 32-bit ABI (64 bytes); glibc's qsort asks it for physical memory.
    func sysinfo() throws(SyscallError) -> SyscallOutcome {
        var info = BinaryWriter()
        info.u32(UInt32(truncatingIfNeeded: machine.cycles / 100_000_000))  // uptime in seconds
        info.zeros(12)  // loads
        info.u32(KernelConstants.reportedRAM)  // totalram
        info.u32(KernelConstants.reportedRAM)  // freeram
        info.zeros(16)  // sharedram, bufferram, totalswap, freeswap
        info.u16(1)  // procs
        info.zeros(2)
        info.zeros(8)  // totalhigh, freehigh
        info.u32(1)  // mem_unit
        info.zeros(64 - info.bytes.count)
        try write(info.bytes, to: a0)
        return .returned(0)
    }

    /// Limits: an 8 MiB stack, everything else unlimited.
    static func limit(of resource: UInt32) -> UInt64? {
        resource == 3 ? 8 << 20 : nil  // RLIMIT_STACK
    }

    func getrlimit() throws(SyscallError) -> SyscallOutcome {
        guard a0 < 16 else { throw .errno(.EINVAL) }
        let infinity: UInt32 = 0x7fff_ffff  // RLIM_INFINITY for o32
        let value = Self.limit(of: a0).map { UInt32($0) } ?? infinity
        var limit = BinaryWriter()
        limit.u32(value)
        limit.u32(value)
        try write(limit.bytes, to: a1)
        return .returned(0)
    }

    /// `prlimit64(pid, resource, new, old)`: reports; setting is accepted and ignored.
    func prlimit64() throws(SyscallError) -> SyscallOutcome {
        guard a0 == 0 || a0 == KernelConstants.processID else { throw .errno(.ESRCH) }
        guard a1 < 16 else { throw .errno(.EINVAL) }
        if a3 != 0 {
            let value = Self.limit(of: a1) ?? UInt64.max
            var limit = BinaryWriter()
            limit.u64(value)
            limit.u64(value)
            try write(limit.bytes, to: a3)
        }
        return .returned(0)
    }

    /// `rt_sigaction(sig, act, oldact, sigsetsize)`: handlers are accepted but never run (no
    /// signal is ever delivered); the old action reads as SIG_DFL. The MIPS kernel `struct
    /// sigaction` is { sa_flags, sa_handler, sa_mask[sigsetsize] }.
    func sigaction() throws(SyscallError) -> SyscallOutcome {
        guard a0 >= 1, a0 <= 128, a3 == 16 else { throw .errno(.EINVAL) }
        if a2 != 0 { try write(Array(repeating: 0, count: 8 + Int(a3)), to: a2) }
        return .returned(0)
    }

    /// `rt_sigprocmask(how, set, oldset, size)`: the old mask reads as empty.
    func sigprocmask() throws(SyscallError) -> SyscallOutcome {
        guard a3 == 16 else { throw .errno(.EINVAL) }  // sigset_t: 128 signals on MIPS
        if a2 != 0 { try write(Array(repeating: 0, count: Int(a3)), to: a2) }
        return .returned(0)
    }

    /// `sigaltstack(new, old)`: MIPS `stack_t` is { ss_sp, ss_size, ss_flags }; the old one
    /// reads as disabled (SS_DISABLE = 2).
    func sigaltstack() throws(SyscallError) -> SyscallOutcome {
        if a1 != 0 {
            var stack = BinaryWriter()
            stack.u32(0); stack.u32(0); stack.u32(2)
            try write(stack.bytes, to: a1)
        }
        return .returned(0)
    }

    // MARK: - Time

    var now: UInt64 { kernel.clock(atCycle: machine.cycles) }

    /// Reads a `timespec` (32-bit fields, or 64-bit for the *_time64 calls) as nanoseconds.
    func timespec(at address: UInt32, wide: Bool) throws(SyscallError) -> UInt64 {
        let seconds: UInt64, nanoseconds: UInt64
        if wide {
            seconds = UInt64(try readWord(address)) << 32 | UInt64(try readWord(address &+ 4))
            nanoseconds = UInt64(try readWord(address &+ 12))
        } else {
            seconds = UInt64(try readWord(address))
            nanoseconds = UInt64(try readWord(address &+ 4))
        }
        // Up to 2^33 s (272 years) keeps the nanosecond count far from overflowing; longer
        // waits are refused rather than wrapped.
        guard seconds < 1 << 33, nanoseconds < 1_000_000_000 else { throw .errno(.EINVAL) }
        return seconds * 1_000_000_000 + nanoseconds
    }

    func writeTimespec(_ nanoseconds: UInt64, to address: UInt32, wide: Bool) throws(SyscallError) {
        var value = BinaryWriter()
        if wide {
            value.u64(nanoseconds / 1_000_000_000)
            value.u64(nanoseconds % 1_000_000_000)
        } else {
            value.u32(UInt32(truncatingIfNeeded: nanoseconds / 1_000_000_000))
            value.u32(UInt32(nanoseconds % 1_000_000_000))
        }
        try write(value.bytes, to: address)
    }

    /// Every clock reads the virtual clock (``LinuxKernel/clock(atCycle:)``); monotonic clocks
    /// count from boot (cycle 0) instead of the epoch.
    func clockGetTime(wide: Bool) throws(SyscallError) -> SyscallOutcome {
        let realtimeClocks: Set<UInt32> = [0, 5, 8, 11]  // REALTIME, _COARSE, _ALARM, TAI
        guard a0 < 12 else { throw .errno(.EINVAL) }
        let value = realtimeClocks.contains(a0) ? now : now - KernelConstants.epochSeconds * 1_000_000_000
        try writeTimespec(value, to: a1, wide: wide)
        return .returned(0)
    }

    func clockGetResolution(wide: Bool) throws(SyscallError) -> SyscallOutcome {
        guard a0 < 12 else { throw .errno(.EINVAL) }
        if a1 != 0 { try writeTimespec(KernelConstants.nanosecondsPerCycle, to: a1, wide: wide) }
        return .returned(0)
    }

    func getTimeOfDay() throws(SyscallError) -> SyscallOutcome {
        if a0 != 0 {
            var value = BinaryWriter()
            value.u32(UInt32(truncatingIfNeeded: now / 1_000_000_000))
            value.u32(UInt32((now % 1_000_000_000) / 1000))
            try write(value.bytes, to: a0)
        }
        if a1 != 0 { try write(Array(repeating: 0, count: 8), to: a1) }
        return .returned(0)
    }

    func time() throws(SyscallError) -> SyscallOutcome {
        let seconds = UInt32(truncatingIfNeeded: now / 1_000_000_000)
        if a0 != 0 {
            var value = BinaryWriter()
            value.u32(seconds)
            try write(value.bytes, to: a0)
        }
        return .returned(seconds)
    }

    /// Sleeping advances the virtual clock by the requested time (or to the absolute deadline).
    func nanosleep(request: UInt32, wide: Bool, absolute: Bool = false) throws(SyscallError) -> SyscallOutcome {
        let duration = try timespec(at: request, wide: wide)
        if absolute {
            let current = number == 4265 || number == 4407
                ? (a0 == 0 ? now : now - KernelConstants.epochSeconds * 1_000_000_000) : now
            if duration > current { kernel.state.sleptNanoseconds &+= duration - current }
        } else {
            kernel.state.sleptNanoseconds &+= duration
        }
        return .returned(0)
    }
}
