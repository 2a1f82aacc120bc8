/* stage.h - lay a submission over a copy of its lab, for lab.mk to build */
#ifndef STAGE_H
#define STAGE_H

#include "lab.h"

/* Make src hold the lab (lab->dir) with the student files, and the student
 * tests when impl_dir has them, taken from impl_dir instead.  Files are
 * synced by content (sync.h): one whose bytes did not change keeps its
 * mtime, so make rebuilds only what changed; files src holds that neither
 * source has are removed.  Returns 0; -1 with a message in *why (malloc'd)
 * when impl_dir lacks a student file (src then holds the lab's copy of it,
 * or an older one) or a file could not be copied. */
int stage_lab(const struct lab *lab, const char *impl_dir, const char *src, char **why);

#endif
