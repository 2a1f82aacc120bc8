/* listing.c - the lines of `ls -l` for the entries of a directory
 *
 * Every fact comes from lstat(), which describes the name itself: a
 * symbolic link is reported as a link, with the text readlink() gives,
 * never as what it points to (which may not even exist).  readlink() does
 * not end that text with a NUL: its return value is the length.
 */
#define _GNU_SOURCE
#include "listing.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* The type character of ls -l for mode. */
static char type_char(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return '-';
	case S_IFDIR: return 'd';
	case S_IFLNK: return 'l';
	case S_IFIFO: return 'p';
	case S_IFSOCK: return 's';
	case S_IFCHR: return 'c';
	case S_IFBLK: return 'b';
	default: return '?';
	}
}

/* The execute character of one class: x or -, or the special bit's
 * letter, lower case over x and upper case over -. */
static char exec_char(mode_t mode, mode_t x, mode_t special, char letter)
{
	if (mode & special)
		return (mode & x) ? letter : (char)(letter - 'a' + 'A');
	return (mode & x) ? 'x' : '-';
}

void listing_mode(mode_t mode, char out[11])
{
	out[0] = type_char(mode);
	out[1] = mode & S_IRUSR ? 'r' : '-';
	out[2] = mode & S_IWUSR ? 'w' : '-';
	out[3] = exec_char(mode, S_IXUSR, S_ISUID, 's');
	out[4] = mode & S_IRGRP ? 'r' : '-';
	out[5] = mode & S_IWGRP ? 'w' : '-';
	out[6] = exec_char(mode, S_IXGRP, S_ISGID, 's');
	out[7] = mode & S_IROTH ? 'r' : '-';
	out[8] = mode & S_IWOTH ? 'w' : '-';
	out[9] = exec_char(mode, S_IXOTH, S_ISVTX, 't');
	out[10] = '\0';
}

/* Append len bytes of s to buf at *used, escaped as ls -b does; 0, or -1
 * when cap is too small. */
static int put_escaped(char *buf, size_t cap, size_t *used, const char *s, size_t len)
{
	static const char from[] = "\a\b\t\n\v\f\r", to[] = "abtnvfr";

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = c ? strchr(from, c) : NULL;
		char piece[5];
		if (c == '\\' || c == ' ')
			snprintf(piece, sizeof piece, "\\%c", c);
		else if (esc)
			snprintf(piece, sizeof piece, "\\%c", to[esc - from]);
		else if (c < '!' || c > '~')
			snprintf(piece, sizeof piece, "\\%03o", c);
		else
			snprintf(piece, sizeof piece, "%c", c);
		size_t n = strlen(piece);
		if (*used + n >= cap)
			return -1;
		memcpy(buf + *used, piece, n + 1);
		*used += n;
	}
	return 0;
}

int listing_line(const char *dir, const char *name, char *buf, size_t cap)
{
	char path[PATH_MAX], target[PATH_MAX], mode[11];
	struct stat st;
	ssize_t tlen = 0;

	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (lstat(path, &st) < 0)
		return -1;
	if (S_ISLNK(st.st_mode) && (tlen = readlink(path, target, sizeof target)) < 0)
		return -1;
	listing_mode(st.st_mode, mode);
	int n = S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ?
		snprintf(buf, cap, "%s %lu %u, %u ", mode, (unsigned long)st.st_nlink,
			 major(st.st_rdev), minor(st.st_rdev)) :
		snprintf(buf, cap, "%s %lu %lld ", mode, (unsigned long)st.st_nlink,
			 (long long)st.st_size);
	size_t used = (size_t)n;
	if (n < 0 || used >= cap || put_escaped(buf, cap, &used, name, strlen(name)) < 0)
		goto too_long;
	if (S_ISLNK(st.st_mode)) {
		if (used + 4 >= cap)
			goto too_long;
		memcpy(buf + used, " -> ", 5);
		used += 4;
		if (put_escaped(buf, cap, &used, target, (size_t)tlen) < 0)
			goto too_long;
	}
	return (int)used;
too_long:
	errno = ERANGE;
	return -1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The names in d but "." and "..", malloc'd, in *names; their count, or -1
 * with errno set (and nothing left allocated). */
static int read_names(DIR *d, char ***names)
{
	struct dirent *e;
	int n = 0;

	*names = NULL;
	for (;;) {
		errno = 0;
		if (!(e = readdir(d)))
			break;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char **more = realloc(*names, (size_t)(n + 1) * sizeof *more);
		if (more)
			*names = more;
		if (!more || !(more[n] = strdup(e->d_name))) {
			errno = ENOMEM;
			break;
		}
		n++;
	}
	if (errno) {
		int err = errno;
		free_names(*names, n);
		*names = NULL;
		errno = err;
		return -1;
	}
	return n;
}

int listing_print(const char *dir, FILE *out)
{
	char **names, line[3 * PATH_MAX];
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	int n = read_names(d, &names);
	int err = errno;
	closedir(d);
	errno = err;
	if (n < 0)
		return -1;
	if (n > 1)
		qsort(names, (size_t)n, sizeof *names, by_name);
	int printed = 0;
	for (; printed < n; printed++) {
		if (listing_line(dir, names[printed], line, sizeof line) < 0)
			break;
		fprintf(out, "%s\n", line);
	}
	err = errno;
	free_names(names, n);
	errno = err;
	return printed == n ? n : -1;
}
