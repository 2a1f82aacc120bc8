/* util.c - memory, strings and file helpers for the grader */
#define _GNU_SOURCE
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("grade: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		fatal("out of memory");
	return p;
}

char *xprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	return s;
}

void sbuf_init(struct sbuf *b)
{
	b->cap = 256;
	b->len = 0;
	b->s = xmalloc(b->cap);
	b->s[0] = '\0';
}

void sbuf_add(struct sbuf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory");
	sbuf_add(b, s, n);
	free(s);
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *read_file(const char *path, size_t *len, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct sbuf b;
	sbuf_init(&b);
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (max && b.len + n > max) {
			sbuf_add(&b, chunk, max - b.len);
			break;
		}
		sbuf_add(&b, chunk, n);
	}
	close(fd);
	if (len)
		*len = b.len;
	return b.s;
}

int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int make_dirs(const char *path, int mode)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, mode) < 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

int remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	chmod(path, 0700);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *child = xprintf("%s/%s", path, e->d_name);
		if (remove_tree(child) < 0)
			rc = -1;
		free(child);
	}
	closedir(d);
	return rmdir(path) < 0 ? -1 : rc;
}

int copy_file(const char *src, const char *dst)
{
	size_t len;
	char *data = read_file(src, &len, 0);
	if (!data)
		return -1;
	struct stat st;
	stat(src, &st);
	int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 0777);
	if (fd < 0) {
		free(data);
		return -1;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		off += n;
	}
	free(data);
	return close(fd) < 0 || off < len ? -1 : 0;
}

int copy_tree(const char *src, const char *dst)
{
	if (make_dirs(dst, 0755) < 0)
		return -1;
	DIR *d = opendir(src);
	if (!d)
		return -1;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *s = xprintf("%s/%s", src, e->d_name);
		char *t = xprintf("%s/%s", dst, e->d_name);
		if ((is_dir(s) ? copy_tree(s, t) : copy_file(s, t)) < 0)
			rc = -1;
		free(s);
		free(t);
	}
	closedir(d);
	return rc;
}

void open_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		chmod(path, (st.st_mode & 0777) | 0666);
		return;
	}
	chmod(path, 0777);
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *child = xprintf("%s/%s", path, e->d_name);
		open_tree(child);
		free(child);
	}
	closedir(d);
}

long newest_mtime(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return 0;
	long best = st.st_mtime;
	if (!S_ISDIR(st.st_mode))
		return best;
	DIR *d = opendir(path);
	if (!d)
		return best;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *child = xprintf("%s/%s", path, e->d_name);
		long t = newest_mtime(child);
		if (t > best)
			best = t;
		free(child);
	}
	closedir(d);
	return best;
}

char *absolute(const char *p)
{
	char *r = realpath(p, NULL);
	return r ? r : xstrdup(p);
}

char *tail_lines(const char *text, int lines)
{
	size_t n = strlen(text);
	while (n > 0 && text[n - 1] == '\n')
		n--;
	size_t i = n;
	while (i > 0) {
		if (text[i - 1] == '\n' && --lines == 0)
			break;
		i--;
	}
	return strndup(text + i, n - i);
}

char *file_tail(const char *path, int lines)
{
	char *text = read_file(path, NULL, 1 << 20);
	char *tail = tail_lines(text ? text : "", lines);
	free(text);
	return tail;
}

char *indent(const char *text, const char *prefix)
{
	struct sbuf b;
	sbuf_init(&b);
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		sbuf_add(&b, prefix, strlen(prefix));
		sbuf_add(&b, p, n);
		sbuf_add(&b, "\n", 1);
		p += n + (nl ? 1 : 0);
	}
	return b.s;
}

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **list_files(const char *dir, const char *suffix)
{
	size_t n = 0, slen = strlen(suffix);
	char **v = xcalloc(1, sizeof *v);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= slen || strcmp(e->d_name + len - slen, suffix))
			continue;
		v = xrealloc(v, (n + 2) * sizeof *v);
		v[n++] = xstrdup(e->d_name);
		v[n] = NULL;
	}
	if (d)
		closedir(d);
	qsort(v, n, sizeof *v, by_name);
	return v;
}

char *random_nonce(void)
{
	unsigned char raw[12];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, raw, sizeof raw) != sizeof raw)
		fatal("cannot read /dev/urandom");
	close(fd);
	struct sbuf b;
	sbuf_init(&b);
	for (size_t i = 0; i < sizeof raw; i++)
		sbuf_printf(&b, "%02x", raw[i]);
	return b.s;
}

char *path_from(const char *dir, const char *path)
{
	/* Past the last '/' the two share, or past all of dir when it holds path. */
	size_t common = 0, i = 0;
	for (; dir[i] && dir[i] == path[i]; i++)
		if (dir[i] == '/')
			common = i + 1;
	if (!dir[i] && path[i] == '/')
		common = i + 1;
	struct sbuf b;
	sbuf_init(&b);
	for (const char *p = dir + (common > i ? i : common); *p;) {
		sbuf_printf(&b, "../");
		p += strcspn(p, "/");
		p += *p == '/';
	}
	sbuf_printf(&b, "%s", path + common);
	return b.s;
}

char *shell_word(const char *s)
{
	if (s[0] && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			   "-_./=:,+%@") == strlen(s))
		return xstrdup(s);
	struct sbuf b;
	sbuf_init(&b);
	sbuf_add(&b, "'", 1);
	for (const char *p = s; *p; p++)
		sbuf_printf(&b, *p == '\'' ? "'\\''" : "%c", *p);
	sbuf_add(&b, "'", 1);
	return b.s;
}

/* path relative to root when it is under root, else path itself. */
static const char *under_root(const char *root, const char *path)
{
	size_t n = strlen(root);
	return !strncmp(path, root, n) && path[n] == '/' ? path + n + 1 : path;
}

char *by_hand(const char *root, const char *dir, const char *fresh_from, const char *vars,
	      char *const *argv)
{
	struct sbuf b;
	sbuf_init(&b);
	char *q = shell_word(under_root(root, dir));
	if (fresh_from && is_dir(fresh_from)) {
		char *from = shell_word(under_root(root, fresh_from));
		sbuf_printf(&b, "rm -rf %s && cp -R %s %s && ", q, from, q);
		free(from);
	} else if (fresh_from) {
		sbuf_printf(&b, "rm -rf %s && mkdir -p %s && ", q, q);
	}
	sbuf_printf(&b, "cd %s && %s%s", q, vars ? vars : "", vars && vars[0] ? " " : "");
	free(q);
	for (char *const *a = argv; *a; a++) {
		q = shell_word(*a);
		sbuf_printf(&b, "%s%s", a == argv ? "" : " ", q);
		free(q);
	}
	return b.s;
}
