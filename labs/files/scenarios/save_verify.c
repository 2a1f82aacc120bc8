/* save_verify.c - the faults check's verifier of a save (trusted: no student code)
 *
 *     save_verify old|new|old-or-new
 *
 * The faults check runs `kvstore save/store.kv set colour green` under
 * strace, killing it or failing one of its calls, and then runs this
 * program, untraced, in the same scratch directory.  It checks what the run
 * left in save/:
 *   old         store.kv holds the store as data/save/store.kv gives it,
 *               and nothing else is there (no temporary file);
 *   new         store.kv holds the store with colour=green, and nothing else;
 *   old-or-new  store.kv holds one of the two, whole (a killed save may
 *               leave its temporary file behind: a crash does too).
 * Exit status 0 when that holds; otherwise 1, with what was found on stdout.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DIR_NAME "save"
#define TARGET "store.kv"

/* data/save/store.kv, and the same after `set colour green`. */
static const char old_text[] = "name=files\ncolour=red\nsize=3\n";
static const char new_text[] = "name=files\ncolour=green\nsize=3\n";

/* Read at most cap - 1 bytes of path into buf; the count, or -1. */
static ssize_t slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (got < cap - 1 && (n = read(fd, buf + got, cap - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

static int holds(const char *buf, ssize_t len, const char *text)
{
	return len == (ssize_t)strlen(text) && !memcmp(buf, text, (size_t)len);
}

/* Entries of save/ besides store.kv: their count; the first in first. */
static int others(char *first, size_t cap)
{
	DIR *d = opendir(DIR_NAME);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, TARGET) && n++ == 0)
			snprintf(first, cap, "%s", e->d_name);
	closedir(d);
	return n;
}

int main(int argc, char *argv[])
{
	char buf[4096], extra[256] = "";
	const char *want = argc == 2 ? argv[1] : "";
	int old_ok = !strcmp(want, "old") || !strcmp(want, "old-or-new");
	int new_ok = !strcmp(want, "new") || !strcmp(want, "old-or-new");

	if (!old_ok && !new_ok) {
		fprintf(stderr, "usage: save_verify old|new|old-or-new\n");
		return 2;
	}
	ssize_t len = slurp(DIR_NAME "/" TARGET, buf, sizeof buf);
	int is_old = holds(buf, len, old_text), is_new = holds(buf, len, new_text);
	if (len < 0)
		printf("save/store.kv is missing: the save must never leave the target absent\n");
	else if (!(old_ok && is_old) && !(new_ok && is_new))
		printf("save/store.kv holds %s (%zd bytes: \"%.60s\"), expected %s\n",
		       is_old ? "the old store" : is_new ? "the new store" :
		       "neither the old store nor the new one: it is torn", len, buf,
		       !strcmp(want, "old") ? "the old store, untouched" :
		       !strcmp(want, "new") ? "the new store (colour=green)" :
		       "the old store or the new one, whole");
	else if (strcmp(want, "old-or-new") && others(extra, sizeof extra))
		printf("save/ holds '%s' besides store.kv: a temporary file left behind\n", extra);
	else
		return 0;
	return 1;
}
