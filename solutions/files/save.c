/* save.c - replace a file's content so that a crash leaves the old or the new
 *
 * The new content goes to a temporary file in the target's directory (a
 * rename can only move a name within one file system), which is forced to
 * disk and then renamed over the target: rename() replaces the directory
 * entry in one step, so every reader, and the disk after a crash, sees the
 * old file or the new one.  A last fsync() of the directory makes the
 * rename itself durable.
 */
#define _GNU_SOURCE
#include "save.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Attempts at a temporary name before giving up with EEXIST. */
#define TEMP_TRIES 100

/* The directory part of path ("." when it has none); malloc'd, or NULL. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* Create a temporary file next to path, named in *tmp (malloc'd); returns
 * its descriptor, or -1 with errno set.  The kernel applies the umask to
 * 0666, which is the mode a new file must get. */
static int temp_open(const char *path, char **tmp)
{
	static unsigned counter;
	char *dir = dir_of(path);

	if (!dir)
		return -1;
	for (int i = 0; i < TEMP_TRIES; i++) {
		if (asprintf(tmp, "%s/.save-%ld-%u.tmp", dir, (long)getpid(), counter++) < 0)
			break;
		int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST) {
			int err = errno;
			if (fd < 0)
				free(*tmp);
			free(dir);
			errno = err;
			return fd;
		}
		free(*tmp);
	}
	free(dir);
	errno = EEXIST;
	return -1;
}

/* Write all len bytes of data to fd; 0, or -1 with errno set. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync(fd), retried after EINTR. */
static int sync_fd(int fd)
{
	int rc;

	while ((rc = fsync(fd)) < 0 && errno == EINTR)
		;
	return rc;
}

/* Make the directory entry that names path durable; 0 or -1 with errno. */
static int sync_dir(const char *path)
{
	char *dir = dir_of(path);

	if (!dir)
		return -1;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	int rc = sync_fd(fd);
	int err = errno;
	close(fd);
	errno = err;
	return rc;
}

/* Write and sync the temporary file fd with the content and the mode it
 * must have; 0, or -1 with errno set.  fd is closed either way. */
static int fill_temp(int fd, const struct stat *old, const void *data, size_t len)
{
	int rc = -1;

	if (write_all(fd, data, len) < 0)
		goto out_close;
	// After the write: a write by a non-root process clears setuid and setgid.
	if (old && fchmod(fd, old->st_mode & 07777) < 0)
		goto out_close;
	if (sync_fd(fd) < 0)
		goto out_close;
	rc = 0;
out_close:;
	int err = errno;
	if (close(fd) < 0 && rc == 0)
		return -1;
	errno = err;
	return rc;
}

int atomic_save(const char *path, const void *data, size_t len)
{
	struct stat old;
	char *tmp;
	int rc;

	int exists = stat(path, &old) == 0;
	if (!exists && errno != ENOENT)
		return -1;
	int fd = temp_open(path, &tmp);
	if (fd < 0)
		return -1;
	if (fill_temp(fd, exists ? &old : NULL, data, len) < 0)
		goto out_unlink;
	while ((rc = rename(tmp, path)) < 0 && errno == EINTR)
		;
	if (rc < 0)
		goto out_unlink;
	free(tmp);
	return sync_dir(path);

out_unlink:;
	int err = errno;
	unlink(tmp);
	free(tmp);
	errno = err;
	return -1;
}
