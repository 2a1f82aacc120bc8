/* support.c - what the files lab's official tests share (see support.h) */
#define _GNU_SOURCE
#include "support.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void run_lab(struct graded_result *r, const char *name, const char *const args[])
{
	const char *argv[32];
	size_t n = 0;
	struct graded_opts o = {.seconds = RUN_SECONDS};

	argv[n++] = graded_program(name);
	for (size_t i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	cr_assert(graded_run(r, (char *const *)argv, &o) == 0, "could not start %s", argv[0]);
	cr_assert(!r->timed_out, "%s did not finish in %d s", name, RUN_SECONDS);
}

void expect_same_as(const char *name, const char *const args[], const char *oracle,
		    const char *what)
{
	struct graded_result got, want;
	struct graded_opts o = {.seconds = RUN_SECONDS};

	run_lab(&got, name, args);
	cr_assert(graded_sh(&want, oracle, &o) == 0, "could not run %s", oracle);
	graded_expect_same(&got, &want, what);
	graded_result_free(&got);
	graded_result_free(&want);
}

const char *shq(const char *s)
{
	static char bufs[4][4096];
	static int next;
	char *b = bufs[next++ % 4];
	size_t n = 0;

	b[n++] = '\'';
	for (; *s && n < sizeof bufs[0] - 6; s++) {
		if (*s == '\'') {
			memcpy(b + n, "'\\''", 4);
			n += 4;
		} else {
			b[n++] = *s;
		}
	}
	b[n++] = '\'';
	b[n] = '\0';
	return b;
}

void put_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	cr_assert(fd >= 0, "the test cannot create %s", path);
	cr_assert(write(fd, data, len) == (ssize_t)len, "the test cannot write %s", path);
	close(fd);
}

void need_strace(void)
{
	struct graded_result r;

	if (graded_sh(&r, "strace -o /dev/null true", NULL) < 0 || !r.exited ||
	    r.exit_code != 0) {
		graded_result_free(&r);
		graded_not_graded("strace cannot trace here (is strace installed? "
				  "is ptrace permitted?)");
	}
	graded_result_free(&r);
}

const char *dir_names(const char *dir)
{
	static char buf[4096];
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return "(cannot open)";
	buf[0] = '\0';
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, "%s%s",
					      n ? " " : "", e->d_name);
	closedir(d);
	return buf;
}
