/* util.h - small helpers the grader's modules share: memory, strings, files */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdarg.h>

/* A growing, always NUL-terminated string. */
struct sbuf {
	char *s;      /* the text, never NULL after sbuf_init() */
	size_t len;   /* bytes used, not counting the NUL */
	size_t cap;   /* bytes allocated */
};

void sbuf_init(struct sbuf *b);
void sbuf_add(struct sbuf *b, const char *p, size_t n);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_free(struct sbuf *b);

/* These never return NULL: on exhaustion the grader stops with status 2. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "grade: message" to stderr and exit with status 2. */
void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Read a whole file (NUL-terminated); NULL with errno set on error.
 * At most max bytes are kept when max is not 0. */
char *read_file(const char *path, size_t *len, size_t max);
int write_file(const char *path, const char *text);
int file_exists(const char *path);
int is_dir(const char *path);
/* mkdir -p; 0 or -1. */
int make_dirs(const char *path, int mode);
/* rm -rf; 0 or -1. */
int remove_tree(const char *path);
/* cp -r src/. dst (dst created); 0 or -1. */
int copy_tree(const char *src, const char *dst);
int copy_file(const char *src, const char *dst);
/* Give every user read/write access to a tree (for sandbox uids). */
void open_tree(const char *path);
/* Newest modification time found under a path (file or tree). */
long newest_mtime(const char *path);

/* Absolute path of p (which must exist); malloc'd. */
char *absolute(const char *p);
/* The last at most lines lines of text, malloc'd. */
char *tail_lines(const char *text, int lines);
/* The same of a file's first MiB; "" if it cannot be read. */
char *file_tail(const char *path, int lines);
/* text with each line prefixed by indent, malloc'd. */
char *indent(const char *text, const char *prefix);
double now_seconds(void);
/* Names of the files in dir ending in suffix, sorted, NULL-terminated. */
char **list_files(const char *dir, const char *suffix);

/* path as seen from the directory dir ("../../bin/x" for dir a/b/c and
 * path a/bin/x), both absolute or both relative to one place; malloc'd.
 * Pure: works on the text of the paths. */
char *path_from(const char *dir, const char *path);
/* s quoted for sh when it needs it, malloc'd. */
char *shell_word(const char *s);
/* A command that reproduces a run by hand: "cd DIR && VARS ARGV...", DIR
 * relative to root when under it, each word quoted for sh; malloc'd.  With
 * fresh_from, DIR is first made again as the run found it: a copy of the
 * directory fresh_from ("rm -rf DIR && cp -R FROM DIR && "), or empty when
 * fresh_from is not a directory, so that the command can be run again and
 * again from the same start. */
char *by_hand(const char *root, const char *dir, const char *fresh_from, const char *vars,
	      char *const *argv);

/* 24 random hex digits from /dev/urandom, malloc'd: a secret for one run. */
char *random_nonce(void);

#endif
