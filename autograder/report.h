/* report.h - the report a student reads, and results.json for machines */
#ifndef REPORT_H
#define REPORT_H

#include "score.h"

#include <stdio.h>

/* The table of checks, each failure with what happened and where to read
 * more, then the total on the last line. */
void report_print(struct grade *g, const struct score *s, FILE *f);
/* results.json in Gradescope's shape; 0, or -1 when it cannot be written. */
int report_write_json(struct grade *g, const struct score *s, const char *path);

/* How long each run took ({"seconds": {"suite/name": 0.21, "leaks/NAME": ...}}),
 * the raw material of labs/NAME/timing.json (make calibrate). */
int report_write_timings(struct grade *g, const char *path);

#endif
