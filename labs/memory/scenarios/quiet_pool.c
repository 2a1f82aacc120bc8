/* quiet_pool.c - pool.c built as a release would be, for the performance
 * workload only (see quiet_arena.c) */
#define NVALGRIND 1
#pragma GCC optimize("O2")
#include "pool.c"
