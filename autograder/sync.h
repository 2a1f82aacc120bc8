/* sync.h - copy a tree by content, so that make's timestamps stay meaningful
 *
 * The staged lab is what make compiles.  Copying it anew for every grading
 * would give every file a new mtime and rebuild everything; keeping the
 * source's mtimes would be wrong too (a student switching back to an older
 * implementation would not rebuild).  So only content decides: a file is
 * written, and gets a new mtime, exactly when its bytes differ.
 */
#ifndef SYNC_H
#define SYNC_H

/* Make dst a copy of the regular file src.  dst is rewritten (through a
 * temporary file and rename(), so it gets the current time as mtime) only
 * when it is missing, is not a regular file, or its bytes differ; when only
 * the permission bits differ they are changed in place.  Returns 1 when dst
 * was written, 0 when it already held the same bytes, -1 on error with
 * errno set (dst is then left as it was). */
int sync_file(const char *src, const char *dst);

/* Make the tree dst hold what the tree src holds, by content: each regular
 * file is brought over with sync_file(), directories are created, and files
 * and directories in dst that src does not have are removed.  Paths listed
 * in keep (relative to the top, e.g. "pipeline.c" or "tests/x.c"; keep may
 * be NULL) are neither copied nor removed: the caller syncs them itself,
 * typically from another directory.  Symbolic links in src are followed;
 * other special files are skipped.  Returns 0, or -1 with errno set when
 * some entry could not be synced (the others still are). */
int sync_tree(const char *src, const char *dst, char *const *keep);

#endif
