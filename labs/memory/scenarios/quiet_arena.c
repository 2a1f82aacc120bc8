/* quiet_arena.c - arena.c built as a release would be, for the performance
 * workload only
 *
 * The workload measures the arena as it runs in production: optimised
 * (-O2, where the rest of the lab is built with -O0 for the debugger) and
 * without its Valgrind client requests (NVALGRIND), which are for memcheck
 * and which callgrind would count, and log one line each at -v -v.
 */
#define NVALGRIND 1
#pragma GCC optimize("O2")
#include "arena.c"
