// Linux/MIPS o32 numbers the kernel tests use (arch/mips/kernel/syscalls/syscall_o32.tbl,
// arch/mips/include/uapi/asm/signal.h).

/// o32 syscall numbers the tests use.
enum SyscallNumber {
    static let exit: UInt32 = 4001
    static let read: UInt32 = 4003
    static let write: UInt32 = 4004
    static let close: UInt32 = 4006
    static let time: UInt32 = 4013
    static let lseek: UInt32 = 4019
    static let getpid: UInt32 = 4020
    static let getuid: UInt32 = 4024
    static let kill: UInt32 = 4037
    static let dup: UInt32 = 4041
    static let pipe: UInt32 = 4042
    static let brk: UInt32 = 4045
    static let ioctl: UInt32 = 4054
    static let fcntl: UInt32 = 4055
    static let dup2: UInt32 = 4063
    static let getppid: UInt32 = 4064
    static let getrlimit: UInt32 = 4076
    static let gettimeofday: UInt32 = 4078
    static let readlink: UInt32 = 4085
    static let mmap: UInt32 = 4090
    static let munmap: UInt32 = 4091
    static let sysinfo: UInt32 = 4116
    static let clone: UInt32 = 4120
    static let uname: UInt32 = 4122
    static let mprotect: UInt32 = 4125
    static let llseek: UInt32 = 4140
    static let readv: UInt32 = 4145
    static let writev: UInt32 = 4146
    static let schedYield: UInt32 = 4162
    static let nanosleep: UInt32 = 4166
    static let mremap: UInt32 = 4167
    static let poll: UInt32 = 4188
    static let rtSigreturn: UInt32 = 4193
    static let rtSigaction: UInt32 = 4194
    static let rtSigprocmask: UInt32 = 4195
    static let rtSigpending: UInt32 = 4196
    static let getcwd: UInt32 = 4203
    static let sigaltstack: UInt32 = 4206
    static let mmap2: UInt32 = 4210
    static let fstat64: UInt32 = 4215
    static let madvise: UInt32 = 4218
    static let gettid: UInt32 = 4222
    static let tkill: UInt32 = 4236
    static let futex: UInt32 = 4238
    static let schedGetaffinity: UInt32 = 4240
    static let exitGroup: UInt32 = 4246
    static let epollCreate: UInt32 = 4248
    static let epollCtl: UInt32 = 4249
    static let epollWait: UInt32 = 4250
    static let setTidAddress: UInt32 = 4252
    static let clockGettime: UInt32 = 4263
    static let clockGetres: UInt32 = 4264
    static let clockNanosleep: UInt32 = 4265
    static let tgkill: UInt32 = 4266
    static let setThreadArea: UInt32 = 4283
    static let openat: UInt32 = 4288
    static let fstatat64: UInt32 = 4293
    static let epollCreate1: UInt32 = 4326
    static let dup3: UInt32 = 4327
    static let pipe2: UInt32 = 4328
    static let prlimit64: UInt32 = 4338
    static let getrandom: UInt32 = 4353
    static let statx: UInt32 = 4366
    static let clockGettime64: UInt32 = 4403
    static let clockNanosleep64: UInt32 = 4407
}

/// Linux/MIPS signal numbers the tests use.
enum SignalNumber {
    static let SIGILL: UInt32 = 4
    static let SIGTRAP: UInt32 = 5
    static let SIGFPE: UInt32 = 8
    static let SIGKILL: UInt32 = 9
    static let SIGBUS: UInt32 = 10
    static let SIGSEGV: UInt32 = 11
    static let SIGPIPE: UInt32 = 13
    static let SIGTERM: UInt32 = 15
    static let SIGUSR1: UInt32 = 16
    static let SIGUSR2: UInt32 = 17
    static let SIGCHLD: UInt32 = 18
}
