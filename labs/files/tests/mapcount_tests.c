/* mapcount_tests.c - official tests of mapcount(), with wc as the oracle
 *
 * ./mwc FILE... must print the fields of `wc FILE...` (single-spaced) and
 * exit with its status: text, an empty file, whitespace of every kind,
 * binary bytes, files across page boundaries, a large file.  The refusals
 * (a directory, a FIFO) are checked by calling mapcount() through
 * graded_isolate().  The shrinking file is made by strace: it makes fstat()
 * report a size larger than the file, which is what a file truncated after
 * fstat() looks like to the mapping.
 */
#define _GNU_SOURCE
#include "support.h"
#include "mapcount.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CALL_SECONDS 8

/* Expect ./mwc files... to print what wc prints for them. */
static void expect_like_wc(const char *const files[])
{
	char oracle[2048] = "wc", what[600] = "./mwc";
	size_t n = strlen(oracle), w = strlen(what);

	for (int i = 0; files[i]; i++) {
		n += (size_t)snprintf(oracle + n, sizeof oracle - n, " %s", shq(files[i]));
		w += (size_t)snprintf(what + w, sizeof what - w, " %s", files[i]);
	}
	snprintf(oracle + n, sizeof oracle - n, " | awk '{ $1 = $1; print }'");
	snprintf(what + w, sizeof what - w, " against wc");
	expect_same_as("mwc", files, oracle, what);
}

static void expect_file_like_wc(const char *path)
{
	expect_like_wc((const char *[]){path, NULL});
}

GRADED(mapcount, text_file,
       .description = "a text file: the lines, words and bytes wc counts [files#mmap]",
       .timeout = 15)
{
	expect_file_like_wc("words.txt");
}

GRADED(mapcount, empty_file,
       .description = "an empty file counts 0 0 0: mmap() of length 0 fails, so it must not "
		      "be mapped [files#mmap]",
       .timeout = 15)
{
	put_file("empty", "", 0);
	expect_file_like_wc("empty");
}

GRADED(mapcount, no_final_newline,
       .description = "a last line without '\\n' adds a word and bytes but no line "
		      "[files#mmap]",
       .timeout = 15)
{
	put_file("f", "one two\nthree", 13);
	expect_file_like_wc("f");
}

GRADED(mapcount, every_kind_of_whitespace,
       .description = "space, tab, newline, vertical tab, form feed and carriage return all "
		      "end words [files#mmap]",
       .timeout = 15)
{
	static const char text[] = "a b\tc\nd\ve\ff\rg  h\t\t\ni \n\n  j";
	put_file("f", text, sizeof text - 1);
	expect_file_like_wc("f");
}

GRADED(mapcount, binary_bytes,
       .description = "NUL, control bytes and bytes above 127 neither start nor end a word, "
		      "as wc counts in the C locale [files#mmap]",
       .timeout = 15)
{
	char bytes[3000];
	for (size_t i = 0; i < sizeof bytes; i++)
		bytes[i] = (char)((i * 131 + i / 7) % 256);
	put_file("bin", bytes, sizeof bytes);
	put_file("mixed", "\x80 \x80\n a\0b c\x01 \x7f x\xff", 17);
	expect_like_wc((const char *[]){"bin", "mixed", NULL});
}

GRADED(mapcount, page_boundaries,
       .description = "files of 4095, 4096 and 4097 bytes end where they end [files#mmap]",
       .timeout = 15)
{
	char page[4097];
	for (size_t i = 0; i < sizeof page; i++)
		page[i] = i % 10 == 9 ? '\n' : i % 3 == 2 ? ' ' : 'w';
	put_file("p4095", page, 4095);
	put_file("p4096", page, 4096);
	put_file("p4097", page, 4097);
	expect_like_wc((const char *[]){"p4095", "p4096", "p4097", NULL});
}

GRADED(mapcount, large_file,
       .description = "an 8 MiB file is counted whole [files#mmap]",
       .timeout = 30)
{
	size_t len = 8u << 20;
	char *data = malloc(len);
	cr_assert(data);
	uint32_t x = 12345;
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		unsigned v = (x >> 16) % 12;
		data[i] = v == 0 ? ' ' : v == 1 ? '\n' : (char)('a' + v);
	}
	put_file("large", data, len);
	free(data);
	expect_file_like_wc("large");
}

GRADED(mapcount, several_files_and_a_missing_one,
       .description = "./mwc counts every file it can, says \"mwc: cannot count 'FILE': \" "
		      "for the others and exits 1 [files#mmap]",
       .timeout = 15)
{
	put_file("a", "one\n", 4);
	put_file("b", "two words\n", 10);
	struct graded_result r;
	run_lab(&r, "mwc", (const char *[]){"a", "nosuch", "b", NULL});
	cr_expect(r.exited && r.exit_code == 1, "./mwc a nosuch b %s, expected exit status 1",
		  graded_describe(&r));
	cr_expect(!strcmp(r.out, "1 1 4 a\n1 2 10 b\n2 3 14 total\n"), "./mwc a nosuch b "
		  "printed \"%s\", expected \"1 1 4 a\\n1 2 10 b\\n2 3 14 total\\n\"", r.out);
	cr_expect(!strncmp(r.err, "mwc: cannot count 'nosuch': ", 28), "stderr was \"%.200s\", "
		  "expected it to start with \"mwc: cannot count 'nosuch': \"", r.err);
	graded_result_free(&r);
}

struct count_seen {
	int rc;
	int err;
	struct counts c;
	int fds_before, fds_after;
};

static void count_child(void *result, void *arg)
{
	struct count_seen *s = result;
	s->fds_before = graded_open_descriptors(getpid());
	errno = 0;
	s->rc = mapcount(arg, &s->c);
	s->err = errno;
	s->fds_after = graded_open_descriptors(getpid());
}

static struct count_seen count_isolated(const char *path)
{
	struct graded_call call;
	struct count_seen *s = graded_isolate(count_child, (void *)path, sizeof *s,
					      CALL_SECONDS, &call);
	cr_assert(call.returned, "mapcount(\"%s\") %s", path, call.how);
	return *s;
}

GRADED(mapcount, directory_refused,
       .description = "mapcount() of a directory returns -1 with EISDIR and closes what it "
		      "opened [files#mmap]",
       .timeout = 15)
{
	cr_assert(mkdir("d", 0755) == 0);
	struct count_seen s = count_isolated("d");
	cr_expect(s.rc == -1 && s.err == EISDIR, "mapcount(\"d\") returned %d (errno %d), "
		  "expected -1 with EISDIR", s.rc, s.err);
	cr_expect(s.fds_after == s.fds_before, "%d descriptors were open after, %d before",
		  s.fds_after, s.fds_before);
}

GRADED(mapcount, fifo_refused,
       .description = "mapcount() of a FIFO returns -1 with EINVAL at once, without waiting "
		      "for a writer [files#mmap]",
       .timeout = 15)
{
	cr_assert(mkfifo("fifo", 0600) == 0);
	struct count_seen s = count_isolated("fifo");
	cr_expect(s.rc == -1 && s.err == EINVAL, "mapcount(\"fifo\") returned %d (errno %d), "
		  "expected -1 with EINVAL", s.rc, s.err);
	cr_expect(s.fds_after == s.fds_before, "%d descriptors were open after, %d before",
		  s.fds_after, s.fds_before);
}

GRADED(mapcount, file_that_shrinks,
       .description = "a file shorter than its mapping (it shrank after fstat) gives EIO, not "
		      "a death by SIGBUS: ./mwc says \"mwc: cannot count\" and exits 1 "
		      "[files#mmap-sigbus]",
       .timeout = 20)
{
	need_strace();
	struct graded_result r;
	put_file("fine", "a b\n", 4);
	run_lab(&r, "mwc", (const char *[]){"fine", NULL});
	cr_assert(r.exited && r.exit_code == 0 && !strcmp(r.out, "1 2 4 fine\n"),
		  "./mwc fine (\"a b\\n\") printed \"%s\" and %s, expected \"1 2 4 fine\\n\"",
		  r.out, graded_describe(&r));
	graded_result_free(&r);
	char text[108];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = i % 12 == 11 ? '\n' : "hello world"[i % 12];
	put_file("shrinks", text, sizeof text);
	struct stat st;
	cr_assert(stat("shrinks", &st) == 0);
	/* struct stat up to st_size as the kernel lays it out on x86-64. */
	struct {
		uint64_t dev, ino, nlink;
		uint32_t mode, uid, gid, pad;
		uint64_t rdev;
		int64_t size;
	} fake = {st.st_dev, st.st_ino, st.st_nlink, st.st_mode, st.st_uid, st.st_gid, 0,
		  st.st_rdev, 3 * 4096 + 5};
	char spec[300] = "inject=newfstatat:poke_exit=@arg3=";
	const unsigned char *p = (const unsigned char *)&fake;
	for (size_t i = 0; i < sizeof fake; i++)
		snprintf(spec + strlen(spec), sizeof spec - strlen(spec), "%02x", p[i]);
	char where[4096];
	cr_assert(getcwd(where, sizeof where - 10));
	strcat(where, "/shrinks");
	const char *argv[] = {"strace", "-qq", "-o", "/dev/null", "-P", where, "-e", spec,
			      graded_program("mwc"), "shrinks", NULL};
	struct graded_opts o = {.seconds = 10};
	cr_assert(graded_run(&r, (char *const *)argv, &o) == 0, "could not run strace");
	cr_expect(r.exited && r.exit_code == 1, "./mwc on a file 108 bytes long whose fstat() "
		  "says 12293 %s, expected exit status 1 (a SIGBUS must be caught and turned into "
		  "EIO)", graded_describe(&r));
	cr_expect(!strncmp(r.err, "mwc: cannot count 'shrinks': ", 29), "stderr was "
		  "\"%.200s\", expected it to start with \"mwc: cannot count 'shrinks': \"", r.err);
	graded_result_free(&r);
}

/* ---- what a count leaves behind ---- */

struct left_behind {
	int rc;
	int mapped;           /* mappings of the counted file after the call */
	int handler_kept;     /* SIGBUS's handler is the one set before the call */
};

static void on_sigbus(int sig)
{
	(void)sig;
}

/* Lines of /proc/self/maps that map the file at path (absolute). */
static int mappings_of(const char *path)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];
	int n = 0;
	size_t len = strlen(path);
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		size_t l = strlen(line);
		n += l >= len && !strcmp(line + l - len, path);
	}
	if (f)
		fclose(f);
	return n;
}

static void leave_child(void *result, void *arg)
{
	struct left_behind *s = result;
	char *path = realpath(arg, NULL);
	struct sigaction mine = {.sa_handler = on_sigbus}, now;
	sigemptyset(&mine.sa_mask);
	sigaction(SIGBUS, &mine, NULL);
	struct counts c;
	s->rc = mapcount(arg, &c);
	s->mapped = path ? mappings_of(path) : -1;
	sigaction(SIGBUS, NULL, &now);
	s->handler_kept = now.sa_handler == on_sigbus;
	free(path);
}

GRADED(mapcount, leaves_nothing_mapped,
       .description = "after mapcount() returns, the file is no longer mapped (munmap) and "
		      "SIGBUS has the handler it had before [files#mmap-sigbus]",
       .timeout = 15)
{
	FILE *f = fopen("three-pages", "w");
	cr_assert(f);
	for (int i = 0; i < 3 * 4096 / 8; i++)
		fputs("word no\n", f);
	cr_assert(fclose(f) == 0);
	struct graded_call call;
	struct left_behind *s = graded_isolate(leave_child, "three-pages", sizeof *s, CALL_SECONDS,
					       &call);
	cr_assert(call.returned, "mapcount(\"three-pages\") %s", call.how);
	cr_expect(s->rc == 0, "mapcount(\"three-pages\") returned %d, expected 0", s->rc);
	cr_expect(s->mapped == 0, "after mapcount(\"three-pages\") returned, the file was still "
		  "mapped %d time(s) in /proc/self/maps: every mmap needs its munmap", s->mapped);
	cr_expect(s->handler_kept, "after mapcount() returned, SIGBUS no longer had the handler "
		  "the caller set: save the old disposition with sigaction() and put it back");
}
