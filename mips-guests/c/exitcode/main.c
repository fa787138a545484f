/* exitcode: commits a marker, prints a line and exits with status 7 so the
 * VM's exit-code path (a non-zero exit_group argument) is tested. */
#include "zkmips.h"

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    zk_commit("exit:7", 6);
    zk_print("exiting with code 7\n");
    return 7;
}
