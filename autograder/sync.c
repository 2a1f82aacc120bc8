/* sync.c - copy a tree by content (see sync.h for why)
 *
 * Two trees are walked side by side with readdir() rather than nftw(): the
 * second pass, which removes what src no longer has, needs both at once.
 */
#define _GNU_SOURCE
#include "sync.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 when dst is a regular file holding exactly data, else 0. */
static int same_bytes(const char *dst, const char *data, size_t len)
{
	struct stat st;
	if (lstat(dst, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		return 0;
	size_t have;
	char *old = read_file(dst, &have, 0);
	int same = old && have == len && memcmp(old, data, len) == 0;
	free(old);
	return same;
}

static int write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		off += n;
	}
	return 0;
}

/* Write data to a temporary file beside dst, then rename it over dst. */
static int replace_file(const char *dst, const char *data, size_t len, mode_t mode)
{
	char *dir = xstrdup(dst);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash[1] = '\0';
	char *tmp = xprintf("%s.sync-XXXXXX", slash ? dir : "");
	free(dir);
	int e;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		goto out_free;
	if (write_all(fd, data, len) < 0 || fchmod(fd, mode) < 0)
		goto out_close;
	if (close(fd) < 0)
		goto out_unlink;
	struct stat st;
	if (lstat(dst, &st) == 0 && S_ISDIR(st.st_mode) && remove_tree(dst) < 0)
		goto out_unlink;
	if (rename(tmp, dst) < 0)
		goto out_unlink;
	free(tmp);
	return 0;
out_close:
	e = errno;
	close(fd);
	errno = e;
out_unlink:
	e = errno;
	unlink(tmp);
	errno = e;
out_free:
	free(tmp);
	return -1;
}

int sync_file(const char *src, const char *dst)
{
	struct stat st;
	if (stat(src, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	size_t len;
	char *data = read_file(src, &len, 0);
	if (!data)
		return -1;
	mode_t mode = st.st_mode & 07777;
	int rc = 0;
	if (same_bytes(dst, data, len)) {
		if (lstat(dst, &st) == 0 && (st.st_mode & 07777) != mode && chmod(dst, mode) < 0)
			rc = -1;
	} else {
		rc = replace_file(dst, data, len, mode) < 0 ? -1 : 1;
	}
	free(data);
	return rc;
}

static int is_kept(char *const *keep, const char *rel)
{
	for (; keep && *keep; keep++)
		if (!strcmp(*keep, rel))
			return 1;
	return 0;
}

/* dst as a directory: a file or link in its place is removed first. */
static int ensure_dir(const char *dst)
{
	struct stat st;
	if (lstat(dst, &st) == 0 && !S_ISDIR(st.st_mode) && unlink(dst) < 0)
		return -1;
	return make_dirs(dst, 0755);
}

static int sync_dir(const char *src, const char *dst, const char *rel, char *const *keep);

/* Bring one entry of src over; rel is its path from the top. */
static int sync_entry(const char *s, const char *t, const char *rel, char *const *keep)
{
	struct stat st;
	if (is_kept(keep, rel))
		return 0;
	if (stat(s, &st) < 0)
		return -1;
	if (S_ISREG(st.st_mode))
		return sync_file(s, t) < 0 ? -1 : 0;
	if (!S_ISDIR(st.st_mode))
		return 0;
	char *sub = xprintf("%s/", rel);
	int rc = sync_dir(s, t, sub, keep);
	free(sub);
	return rc;
}

/* Remove what dst has and src has not, kept paths aside. */
static int prune_dir(const char *src, const char *dst, const char *rel, char *const *keep)
{
	DIR *d = opendir(dst);
	if (!d)
		return -1;
	int rc = 0, err = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *s = xprintf("%s/%s", src, e->d_name);
		char *t = xprintf("%s/%s", dst, e->d_name);
		char *r = xprintf("%s%s", rel, e->d_name);
		struct stat st;
		if (!is_kept(keep, r) && stat(s, &st) < 0 && errno == ENOENT &&
		    remove_tree(t) < 0) {
			rc = -1;
			err = errno;
		}
		free(s);
		free(t);
		free(r);
	}
	closedir(d);
	if (rc < 0)
		errno = err;
	return rc;
}

static int sync_dir(const char *src, const char *dst, const char *rel, char *const *keep)
{
	if (ensure_dir(dst) < 0)
		return -1;
	DIR *d = opendir(src);
	if (!d)
		return -1;
	int rc = 0, err = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *s = xprintf("%s/%s", src, e->d_name);
		char *t = xprintf("%s/%s", dst, e->d_name);
		char *r = xprintf("%s%s", rel, e->d_name);
		if (sync_entry(s, t, r, keep) < 0) {
			rc = -1;
			err = errno;
		}
		free(s);
		free(t);
		free(r);
	}
	closedir(d);
	if (prune_dir(src, dst, rel, keep) < 0) {
		rc = -1;
		err = errno;
	}
	if (rc < 0)
		errno = err;
	return rc;
}

int sync_tree(const char *src, const char *dst, char *const *keep)
{
	return sync_dir(src, dst, "", keep);
}
