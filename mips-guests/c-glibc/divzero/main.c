/* divzero: an integer division by zero that nobody catches. gcc for MIPS
 * guards every division with a conditional trap (`teq divisor, $zero, 7`,
 * -mdivide-traps is the default), so dividing by a zero that is only known
 * at run time executes that trap. Linux turns trap code 7 (BRK_DIVZERO)
 * into SIGFPE with si_code FPE_INTDIV; nothing handles it, so the process
 * is killed and a shell reports exit status 128 + 8 = 136.
 *
 * Before dividing, the program prints a line and commits bytes to fd 3, both
 * of which must survive the crash (stdout is flushed explicitly: stdio does
 * not flush when a signal kills the process). Nothing after the division
 * may appear. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile int numerator = 42;
static volatile int divisor = 0;

int main(void)
{
    static const char commit[] = "divzero:before";
    printf("dividing %d by %d\n", numerator, divisor);
    fflush(stdout);
    if (write(3, commit, strlen(commit)) != (ssize_t)strlen(commit))
        return 1;
    int q = numerator / divisor;
    printf("not reached: quotient %d\n", q);
    static const char after[] = "divzero:after";
    if (write(3, after, strlen(after)) != (ssize_t)strlen(after))
        return 1;
    return 0;
}
