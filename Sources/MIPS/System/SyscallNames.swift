/// Names of Linux o32 syscalls (number − 4000), for `--trace-syscalls`. Source:
/// arch/mips/kernel/syscalls/syscall_o32.tbl in Linux 6.1.
public enum SyscallNames {
    /// The name of an o32 syscall number (`4004` → `"write"`), if known.
    public static func name(of number: UInt32) -> String? {
        guard number >= 4000 else { return nil }
        return table[number - 4000]
    }

    static let table: [UInt32: String] = [
        1: "exit", 2: "fork", 3: "read", 4: "write", 5: "open", 6: "close", 7: "waitpid", 8: "creat",
        9: "link", 10: "unlink", 11: "execve", 12: "chdir", 13: "time", 14: "mknod", 15: "chmod",
        16: "lchown", 19: "lseek", 20: "getpid", 21: "mount", 22: "umount", 23: "setuid", 24: "getuid",
        25: "stime", 26: "ptrace", 27: "alarm", 29: "pause", 30: "utime", 33: "access", 34: "nice",
        36: "sync", 37: "kill", 38: "rename", 39: "mkdir", 40: "rmdir", 41: "dup", 42: "pipe",
        43: "times", 45: "brk", 46: "setgid", 47: "getgid", 48: "signal", 49: "geteuid", 50: "getegid",
        51: "acct", 52: "umount2", 54: "ioctl", 55: "fcntl", 57: "setpgid", 60: "umask", 61: "chroot",
        62: "ustat", 63: "dup2", 64: "getppid", 65: "getpgrp", 66: "setsid", 67: "sigaction",
        70: "setreuid", 71: "setregid", 72: "sigsuspend", 73: "sigpending", 74: "sethostname",
        75: "setrlimit", 76: "getrlimit", 77: "getrusage", 78: "gettimeofday", 79: "settimeofday",
        80: "getgroups", 81: "setgroups", 83: "symlink", 85: "readlink", 87: "swapon", 88: "reboot",
        90: "mmap", 91: "munmap", 92: "truncate", 93: "ftruncate", 94: "fchmod", 95: "fchown",
        96: "getpriority", 97: "setpriority", 99: "statfs", 100: "fstatfs", 102: "socketcall",
        103: "syslog", 104: "setitimer", 105: "getitimer", 106: "stat", 107: "lstat", 108: "fstat",
        111: "vhangup", 114: "wait4", 115: "swapoff", 116: "sysinfo", 117: "ipc", 118: "fsync",
        119: "sigreturn", 120: "clone", 121: "setdomainname", 122: "uname", 124: "adjtimex",
        125: "mprotect", 126: "sigprocmask", 132: "getpgid", 133: "fchdir", 136: "personality",
        138: "setfsuid", 139: "setfsgid", 140: "_llseek", 141: "getdents", 142: "_newselect",
        143: "flock", 144: "msync", 145: "readv", 146: "writev", 147: "cacheflush", 148: "cachectl",
        149: "sysmips", 151: "getsid", 152: "fdatasync", 153: "_sysctl", 154: "mlock", 155: "munlock",
        156: "mlockall", 157: "munlockall", 158: "sched_setparam", 159: "sched_getparam",
        160: "sched_setscheduler", 161: "sched_getscheduler", 162: "sched_yield",
        163: "sched_get_priority_max", 164: "sched_get_priority_min", 165: "sched_rr_get_interval",
        166: "nanosleep", 167: "mremap", 168: "accept", 169: "bind", 170: "connect", 171: "getpeername",
        172: "getsockname", 173: "getsockopt", 174: "listen", 175: "recv", 176: "recvfrom",
        177: "recvmsg", 178: "send", 179: "sendmsg", 180: "sendto", 181: "setsockopt", 182: "shutdown",
        183: "socket", 184: "socketpair", 185: "setresuid", 186: "getresuid", 188: "poll",
        190: "setresgid", 191: "getresgid", 192: "prctl", 193: "rt_sigreturn", 194: "rt_sigaction",
        195: "rt_sigprocmask", 196: "rt_sigpending", 197: "rt_sigtimedwait", 198: "rt_sigqueueinfo",
        199: "rt_sigsuspend", 200: "pread64", 201: "pwrite64", 202: "chown", 203: "getcwd",
        204: "capget", 205: "capset", 206: "sigaltstack", 207: "sendfile", 210: "mmap2",
        211: "truncate64", 212: "ftruncate64", 213: "stat64", 214: "lstat64", 215: "fstat64",
        216: "pivot_root", 217: "mincore", 218: "madvise", 219: "getdents64", 220: "fcntl64",
        222: "gettid", 223: "readahead", 236: "tkill", 237: "sendfile64", 238: "futex",
        239: "sched_setaffinity", 240: "sched_getaffinity", 246: "exit_group", 248: "epoll_create",
        249: "epoll_ctl", 250: "epoll_wait", 252: "set_tid_address", 253: "restart_syscall",
        254: "fadvise64", 255: "statfs64", 256: "fstatfs64", 257: "timer_create", 258: "timer_settime",
        259: "timer_gettime", 260: "timer_getoverrun", 261: "timer_delete", 262: "clock_settime",
        263: "clock_gettime", 264: "clock_getres", 265: "clock_nanosleep", 266: "tgkill", 267: "utimes",
        283: "set_thread_area", 288: "openat", 289: "mkdirat", 290: "mknodat", 291: "fchownat",
        292: "futimesat", 293: "fstatat64", 294: "unlinkat", 295: "renameat", 296: "linkat",
        297: "symlinkat", 298: "readlinkat", 299: "fchmodat", 300: "faccessat", 301: "pselect6",
        302: "ppoll", 303: "unshare", 309: "set_robust_list", 310: "get_robust_list", 312: "getcpu",
        313: "epoll_pwait", 316: "utimensat", 317: "signalfd", 319: "eventfd", 320: "fallocate",
        321: "timerfd_create", 322: "timerfd_gettime", 323: "timerfd_settime", 324: "signalfd4",
        325: "eventfd2", 326: "epoll_create1", 327: "dup3", 328: "pipe2", 329: "inotify_init1",
        338: "prlimit64", 353: "getrandom", 354: "memfd_create", 356: "execveat", 358: "membarrier",
        360: "copy_file_range", 366: "statx", 367: "rseq", 403: "clock_gettime64",
        404: "clock_settime64", 406: "clock_getres_time64", 407: "clock_nanosleep_time64",
        413: "pselect6_time64", 414: "ppoll_time64", 421: "rt_sigtimedwait_time64",
        422: "futex_time64", 435: "clone3", 436: "close_range", 437: "openat2", 439: "faccessat2",
    ]
}
