/* save.h - replace a file's content so that a crash leaves the old or the new
 *
 * Writing a file in place (open with O_TRUNC, write) has a window in which
 * the file is empty or half written: a crash, a full disk or a second writer
 * at that moment leaves it torn.  atomic_save() never touches the target
 * until the new content is complete and on disk: it writes a temporary file
 * next to the target, forces it to disk, and renames it over the target in
 * one step.  You write it in save.c.
 */
#ifndef SAVE_H
#define SAVE_H

#include <stddef.h>

/* Replace the content of the file at path with the len bytes at data.
 *
 * The steps: create a temporary file in path's directory with
 * O_CREAT | O_EXCL | O_CLOEXEC (a name no other saver uses at the same
 * time); give it the permission bits of the existing file (all twelve:
 * setuid, setgid, sticky and rwx for each class, as far as fchmod() lets
 * you: without privilege it drops setgid when you are not in the file's
 * group), or 0666 less the umask when there is none yet (set the bits after
 * writing: a write by a process that is not root clears setuid and setgid);
 * write all len bytes (continuing after a short write and retrying after
 * EINTR); fsync() it; rename() it over path; then
 * fsync() the directory so that the rename itself is on disk.  fsync() and
 * rename() interrupted by EINTR are retried.
 *
 * Returns 0 on success.  On error returns -1 with errno set to the error of
 * the call that failed.  If that happened up to and including the rename,
 * the file at path is untouched (or still absent) and the temporary file is
 * removed.  If only the directory's fsync() failed, the new content is in place but may
 * not survive a crash.  Either way no descriptor is left open. */
int atomic_save(const char *path, const void *data, size_t len);

#endif
