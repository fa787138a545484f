/// One syscall being answered: its number, arguments and access to the guest.
struct Syscall {
    let number: UInt32
    let arguments: [UInt32]
    let memory: Memory
    let machine: Machine
    let kernel: LinuxKernel

    var name: String { SyscallNames.name(of: number) ?? "#\(number)" }

    var a0: UInt32 { arguments[0] }
    var a1: UInt32 { arguments[1] }
    var a2: UInt32 { arguments[2] }
    var a3: UInt32 { arguments[3] }

    /// The `index`-th argument (0-based) beyond the four in registers: o32 passes arguments
    /// five and up on the stack, at sp + 16, sp + 20, …
    func stackArgument(_ index: Int) throws(SyscallError) -> UInt32 {
        let address = machine[.sp] &+ 16 &+ UInt32(4 * index)
        do { return try memory.word(at: address) } catch { throw .errno(.EFAULT) }
    }

    func unsupported(_ detail: String) -> SyscallError {
        .fault(.unsupportedSyscallUse(name: name, detail: detail))
    }

    // MARK: - Guest memory

    func read(_ address: UInt32, count: Int) throws(SyscallError) -> [UInt8] {
        do { return try memory.readBytes(at: address, count: count) } catch { throw .errno(.EFAULT) }
    }

    func write(_ bytes: [UInt8], to address: UInt32) throws(SyscallError) {
        do { try memory.writeBytes(bytes, at: address) } catch { throw .errno(.EFAULT) }
    }

    func readWord(_ address: UInt32) throws(SyscallError) -> UInt32 {
        do { return try memory.word(at: address) } catch { throw .errno(.EFAULT) }
    }

    func cString(_ address: UInt32) throws(SyscallError) -> String {
        do { return String(decoding: try memory.readCString(at: address), as: UTF8.self) } catch { throw .errno(.EFAULT) }
    }

    // MARK: - Dispatch

    func dispatch() throws(SyscallError) -> SyscallOutcome {
        guard number >= 4000 else {
            throw .fault(.unsupportedSyscall(number: number, name: nil))
        }
        switch number - 4000 {
        // Process
        case 1, 246: return .exit(Int32(bitPattern: a0))  // exit, exit_group
        case 37, 236, 266: return try signalSelf()  // kill, tkill, tgkill
        case 20, 222: return .returned(KernelConstants.processID)  // getpid, gettid
        case 64: return .returned(0)  // getppid
        case 24, 47, 49, 50: return .returned(0)  // getuid, getgid, geteuid, getegid
        case 252: return .returned(KernelConstants.processID)  // set_tid_address
        case 309: return .returned(0)  // set_robust_list
        case 367: throw .errno(.ENOSYS)  // rseq: glibc carries on without it
        case 283: kernel.state.threadPointer = a0; return .returned(0)  // set_thread_area
        case 120, 435: throw unsupported("the VM runs one thread; creating threads or processes is not supported")
        case 238, 422: return try futex()
        case 162: return .returned(0)  // sched_yield
        case 240: return try schedGetAffinity()
        case 192: throw .errno(.EINVAL)  // prctl
        case 122: return try uname()
        case 116: return try sysinfo()
        case 76: return try getrlimit()
        case 338: return try prlimit64()
        case 77: try write(Array(repeating: 0, count: 72), to: a1); return .returned(0)  // getrusage
        // Signals: recorded nowhere, since no signal is ever delivered.
        case 194: return try sigaction()
        case 195: return try sigprocmask()
        case 206: return try sigaltstack()
        // Time
        case 263: return try clockGetTime(wide: false)
        case 403: return try clockGetTime(wide: true)
        case 264, 406: return try clockGetResolution(wide: number == 4406)
        case 78: return try getTimeOfDay()
        case 13: return try time()
        case 166: return try nanosleep(request: a0, wide: false)
        case 265: return try nanosleep(request: a2, wide: false, absolute: a1 & 1 != 0)
        case 407: return try nanosleep(request: a2, wide: true, absolute: a1 & 1 != 0)
        // Memory
        case 45: return try brk()
        case 90: return try mmap(pageOffset: try stackArgument(1) / UInt32(Memory.pageSize), fd: try stackArgument(0))
        case 210: return try mmap(pageOffset: try stackArgument(1), fd: try stackArgument(0))
        case 91: return try munmap()
        case 125: return try mprotect()
        case 218: return .returned(0)  // madvise: advice only
        case 358: throw .errno(.ENOSYS)  // membarrier
        case 353: return try getrandom()
        // Files
        case 3: return try readFile()
        case 4: return try writeFile(fd: a0, buffer: a1, count: a2)
        case 145: return try readVector()
        case 146: return try writeVector()
        case 6: return try close()
        case 55, 220: return try fcntl()
        case 54: return try ioctl()
        case 19, 140: try requireOpen(a0); throw .errno(.ESPIPE)  // lseek, _llseek
        case 108, 215: return try fstat64(fd: a0, buffer: a1)
        case 293: return try fstatat64()
        case 366: return try statx()
        case 5, 288, 437: throw .errno(.ENOENT)  // open, openat, openat2: no host files
        case 33, 300, 439: throw .errno(.ENOENT)  // access, faccessat, faccessat2
        case 106, 107, 213, 214: throw .errno(.ENOENT)  // stat, lstat, stat64, lstat64
        case 85: return try readlink(path: a0, buffer: a1, size: a2)
        case 298: return try readlink(path: a1, buffer: a2, size: a3)
        case 203: return try getcwd()
        case 41, 63, 327: throw .errno(.EMFILE)  // dup, dup2, dup3: not supported
        case 328: return try pipe2()
        case 248, 326: return try epollCreate()  // epoll_create, epoll_create1
        case 249: return try epollControl()
        case 250, 313: return try epollWait()  // epoll_wait, epoll_pwait
        default:
            throw .fault(.unsupportedSyscall(number: number, name: SyscallNames.name(of: number)))
        }
    }

    /// kill/tkill/tgkill to ourselves ends the process as the signal's default action would; the
    /// exit code is 128 + signal, as a shell reports it. Signal 0 only probes.
    func signalSelf() throws(SyscallError) -> SyscallOutcome {
        let signal = number == 4266 ? a2 : a1
        let target = number == 4266 ? a1 : a0
        guard target == KernelConstants.processID || (number == 4037 && target == 0) else { throw .errno(.ESRCH) }
        if signal == 0 { return .returned(0) }
        guard signal < 128 else { throw .errno(.EINVAL) }
        return .exit(128 + Int32(signal))
    }
}

extension Errno {
    static let EMFILE = Errno(rawValue: 24)
}
