/* kvstore_main.c - a key=value store kept in one file (given code)
 *
 *     ./kvstore FILE get KEY
 *     ./kvstore FILE set KEY VALUE
 *     ./kvstore FILE delete KEY
 *
 * FILE holds one "KEY=VALUE" line per key.  get prints the value; set and
 * delete read the whole file, change one line and write the whole file back
 * with atomic_save(), so that a crash in the middle leaves the old store or
 * the new one, never a torn one.  This file only parses and edits; the save
 * is yours, in save.c.
 *
 * Exit status: 0 done; 1 the key is missing, FILE cannot be read or the
 * save failed ("kvstore: cannot save 'FILE': reason" on stderr); 2 bad usage.
 */
#include "save.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The largest store this tool edits. */
#define STORE_MAX (1 << 20)

/* The store read into memory. */
struct store {
	char *text;            /* the file's bytes, NUL-terminated */
	size_t len;            /* bytes in text */
};

/* Read FILE into s; a missing file is an empty store.  0, or -1 with errno. */
static int store_read(const char *path, struct store *s)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	s->len = 0;
	s->text = malloc(STORE_MAX + 1);
	if (!s->text)
		return -1;
	if (fd < 0) {
		s->text[0] = '\0';
		return errno == ENOENT ? 0 : -1;
	}
	while (s->len < STORE_MAX &&
	       ((n = read(fd, s->text + s->len, STORE_MAX - s->len)) > 0 ||
		(n < 0 && errno == EINTR)))
		if (n > 0)
			s->len += (size_t)n;
	int err = errno;
	close(fd);
	s->text[s->len] = '\0';
	if (n < 0 || s->len == STORE_MAX) {
		errno = n < 0 ? err : EFBIG;
		return -1;
	}
	return 0;
}

/* The line of key in s ("KEY=..."), or NULL; *end gets the byte after its '\n'. */
static char *store_find(struct store *s, const char *key, char **end)
{
	size_t klen = strlen(key);

	for (char *line = s->text; *line; line = *end) {
		char *nl = strchr(line, '\n');
		*end = nl ? nl + 1 : line + strlen(line);
		if (!strncmp(line, key, klen) && line[klen] == '=')
			return line;
	}
	return NULL;
}

/* s with key's line replaced by KEY=VALUE (value NULL: removed), saved. */
static int store_change(const char *path, struct store *s, const char *key,
			const char *value)
{
	char *end, *line = store_find(s, key, &end);
	size_t before = line ? (size_t)(line - s->text) : s->len;
	size_t after = line ? s->len - (size_t)(end - s->text) : 0;
	size_t add = value ? strlen(key) + strlen(value) + 2 : 0;
	char *out = malloc(before + add + after + 2);

	if (!out)
		return -1;
	memcpy(out, s->text, before);
	size_t n = before;
	if (n && out[n - 1] != '\n' && add)
		out[n++] = '\n';
	if (value)
		n += (size_t)sprintf(out + n, "%s=%s\n", key, value);
	if (line)
		memcpy(out + n, end, after);
	n += after;
	int rc = atomic_save(path, out, n);
	int err = errno;
	free(out);
	errno = err;
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: kvstore FILE get KEY | set KEY VALUE | delete KEY\n");
	return 2;
}

int main(int argc, char *argv[])
{
	struct store s = {NULL, 0};
	char *end;
	int rc = 0, missing = 0;

	if (argc < 4 || (!strcmp(argv[2], "set") ? argc != 5 : argc != 4))
		return usage();
	const char *path = argv[1], *op = argv[2], *key = argv[3];
	const char *value = argc == 5 ? argv[4] : NULL;
	if (strcmp(op, "get") && strcmp(op, "set") && strcmp(op, "delete"))
		return usage();
	if (!key[0] || strpbrk(key, "=\n") || (value && strchr(value, '\n'))) {
		fprintf(stderr, "kvstore: a key is not empty and holds no '=' or newline; a "
			"value holds no newline\n");
		return 2;
	}
	if (store_read(path, &s) < 0) {
		fprintf(stderr, "kvstore: cannot read '%s': %s\n", path, strerror(errno));
		free(s.text);
		return 1;
	}
	char *line = store_find(&s, key, &end);
	if (!strcmp(op, "get")) {
		if (line)
			printf("%.*s\n", (int)(end - line - strlen(key) - 1 - (end[-1] == '\n')),
			       line + strlen(key) + 1);
		else
			missing = 1;
	} else if (!line && !strcmp(op, "delete")) {
		missing = 1;
	} else if (store_change(path, &s, key, value) < 0) {
		fprintf(stderr, "kvstore: cannot save '%s': %s\n", path, strerror(errno));
		rc = 1;
	}
	if (missing)
		fprintf(stderr, "kvstore: no key '%s' in '%s'\n", key, path);
	free(s.text);
	return missing ? 1 : rc;
}
