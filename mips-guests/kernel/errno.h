/* Linux errno values as the MIPS o32 ABI numbers them (arch/mips/include/uapi/asm/errno.h:
   1–34 are the generic values; several later ones differ from other architectures). */
#ifndef ZK_ERRNO_H
#define ZK_ERRNO_H
#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define EMFILE 24
#define ENOTTY 25
#define ESPIPE 29
#define EPIPE 32
#define ERANGE 34
#define ENAMETOOLONG 78 /* MIPS: 78 */
#define ENOSYS 89       /* MIPS: 89, not 38 */
#define ETIMEDOUT 145   /* MIPS: 145, not 110 */
#endif
