/// Pipes and epoll: what Go's network poller needs so that timers (`time.Sleep`,
/// `time.After`, tickers) work. With one thread, waiting means advancing the virtual clock.
extension Syscall {
    static let epollIn: UInt32 = 0x001
    static let epollOut: UInt32 = 0x004
    static let epollError: UInt32 = 0x008
    static let epollHangUp: UInt32 = 0x010
    /// Pipes hold at most this much, like Linux's default 64 KiB.
    static let pipeCapacity = 1 << 16

    /// `pipe2(fds, flags)`: writes the read and write descriptors to `fds`.
    func pipe2() throws(SyscallError) -> SyscallOutcome {
        var state = kernel.state
        let reader = state.lowestFreeDescriptor
        state.descriptors[reader] = .pipeReader(pipe: state.nextPipe)
        let writer = state.lowestFreeDescriptor
        state.descriptors[writer] = .pipeWriter(pipe: state.nextPipe)
        state.pipes[state.nextPipe] = []
        state.nextPipe += 1
        var fds = BinaryWriter()
        fds.u32(reader)
        fds.u32(writer)
        try write(fds.bytes, to: a0)
        kernel.state = state
        return .returned(0)
    }

    /// `epoll_create(size)` / `epoll_create1(flags)`.
    func epollCreate() throws(SyscallError) -> SyscallOutcome {
        if number == 4248, Int32(bitPattern: a0) <= 0 { throw .errno(.EINVAL) }
        let fd = kernel.state.lowestFreeDescriptor
        kernel.state.descriptors[fd] = .epoll(interests: [:])
        return .returned(fd)
    }

    /// `epoll_ctl(epfd, op, fd, event)`; MIPS o32 `struct epoll_event` is { u32 events;
    /// u32 padding; u64 data } (16 bytes: it is packed only on x86-64).
    func epollControl() throws(SyscallError) -> SyscallOutcome {
        guard case var .epoll(interests) = kernel.state.descriptors[a0] else { throw .errno(.EBADF) }
        guard kernel.state.isOpen(a2) else { throw .errno(.EBADF) }
        guard a2 != a0 else { throw .errno(.EINVAL) }
        switch a1 {
        case 1, 3:  // EPOLL_CTL_ADD, EPOLL_CTL_MOD
            if a1 == 1, interests[a2] != nil { throw .errno(.EEXIST) }
            if a1 == 3, interests[a2] == nil { throw .errno(.ENOENT) }
            let events = try readWord(a3)
            let data = UInt64(try readWord(a3 &+ 8)) << 32 | UInt64(try readWord(a3 &+ 12))
            interests[a2] = EpollInterest(events: events, data: data)
        case 2:  // EPOLL_CTL_DEL
            guard interests.removeValue(forKey: a2) != nil else { throw .errno(.ENOENT) }
        default: throw .errno(.EINVAL)
        }
        kernel.state.descriptors[a0] = .epoll(interests: interests)
        return .returned(0)
    }

    /// The events ready on `fd` now (level-triggered).
    func readiness(of fd: UInt32) -> UInt32 {
        switch fd {
        case 0: return Self.epollIn
        case 1...3: return Self.epollOut
        default: break
        }
        switch kernel.state.descriptors[fd] {
        case let .pipeReader(pipe)?:
            var ready: UInt32 = kernel.state.pipes[pipe]?.isEmpty == false ? Self.epollIn : 0
            if !kernel.state.hasWriter(pipe) { ready |= Self.epollHangUp }
            return ready
        case let .pipeWriter(pipe)?:
            return kernel.state.hasReader(pipe) ? Self.epollOut : Self.epollError
        case .epoll?, nil:
            return 0
        }
    }

    /// `epoll_wait(epfd, events, maxevents, timeout)` and `epoll_pwait(…, sigmask)`. When
    /// nothing is ready, a wait with a timeout advances the virtual clock by it and returns 0;
    /// a wait without one can never end on a single thread, so it is a deadlock fault.
    func epollWait() throws(SyscallError) -> SyscallOutcome {
        guard case let .epoll(interests) = kernel.state.descriptors[a0] else { throw .errno(.EBADF) }
        let maxEvents = Int32(bitPattern: a2)
        guard maxEvents > 0, maxEvents <= 1 << 16 else { throw .errno(.EINVAL) }
        var events = BinaryWriter()
        var count: UInt32 = 0
        for (fd, interest) in interests.sorted(by: { $0.key < $1.key }) where count < UInt32(maxEvents) {
            let ready = readiness(of: fd) & (interest.events | Self.epollError | Self.epollHangUp)
            guard ready != 0 else { continue }
            events.u32(ready)
            events.u32(0)
            events.u64(interest.data)
            count += 1
        }
        if count > 0 {
            try write(events.bytes, to: a1)
            return .returned(count)
        }
        let timeout = Int32(bitPattern: a3)
        if timeout < 0 {
            throw .fault(.deadlock(detail: "epoll_wait without a timeout and nothing ready: every goroutine is blocked"))
        }
        kernel.state.sleptNanoseconds &+= UInt64(timeout) * 1_000_000
        return .returned(0)
    }

    /// Reads from a pipe: what is buffered; EAGAIN when empty with a writer still open (the
    /// reader would block forever otherwise), end of file when no writer is left.
    func readPipe(_ pipe: UInt32, into buffer: UInt32, count: UInt32) throws(SyscallError) -> SyscallOutcome {
        let buffered = kernel.state.pipes[pipe] ?? []
        guard !buffered.isEmpty else {
            if kernel.state.hasWriter(pipe) { throw .errno(.EAGAIN) }
            return .returned(0)
        }
        let taken = Array(buffered.prefix(min(Int(count), Self.maxTransfer)))
        try write(taken, to: buffer)
        kernel.state.pipes[pipe] = Array(buffered.dropFirst(taken.count))
        return .returned(UInt32(taken.count))
    }

    /// Writes to a pipe: EPIPE when no reader is left, EAGAIN when full.
    func writePipe(_ pipe: UInt32, from buffer: UInt32, count: UInt32) throws(SyscallError) -> SyscallOutcome {
        guard kernel.state.hasReader(pipe) else { throw .errno(.EPIPE) }
        let buffered = kernel.state.pipes[pipe] ?? []
        let room = Self.pipeCapacity - buffered.count
        guard room > 0 || count == 0 else { throw .errno(.EAGAIN) }
        let bytes = try read(buffer, count: min(Int(count), room))
        kernel.state.pipes[pipe] = buffered + bytes
        return .returned(UInt32(bytes.count))
    }
}

extension Errno {
    public static let EPIPE = Errno(rawValue: 32)
}
