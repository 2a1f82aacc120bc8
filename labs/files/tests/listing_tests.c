/* listing_tests.c - official tests of the listing, with ls as the oracle
 *
 * Each test makes a directory of its own with the entries it is about
 * (files of chosen modes and sizes, directories, symbolic links, FIFOs,
 * sockets, hard links, names with blanks and control bytes), then runs
 * ./lsl on it and
 *
 *     LC_ALL=C ls -goAb --time-style=+ DIR | awk 'NR > 1 { $1 = $1; print }'
 *
 * which is ls -l without owner, group, time and the "total" line, its runs of
 * blanks made one (ls -b escapes the blanks inside names, so fields stay
 * fields).  Both must print the same and exit with the same status.
 * listing_mode() and listing_line() are also called alone, through
 * graded_isolate(), for what no directory here can hold (a block device).
 */
#define _GNU_SOURCE
#include "support.h"
#include "listing.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define CALL_SECONDS 8

/* Expect ./lsl dir to print what ls prints for it. */
static void expect_like_ls(const char *dir)
{
	char oracle[1024], what[300];

	snprintf(oracle, sizeof oracle, "LC_ALL=C ls -goAb --time-style=+ %s | "
		 "awk 'NR > 1 { $1 = $1; print }'", shq(dir));
	snprintf(what, sizeof what, "./lsl %s against ls -goAb %s", dir, dir);
	expect_same_as("lsl", (const char *[]){dir, NULL}, oracle, what);
}

/* An empty file path of mode m (chmod, so the umask does not matter). */
static void make_mode(const char *path, mode_t m)
{
	put_file(path, "", 0);
	cr_assert(chmod(path, m) == 0, "the test cannot chmod %s %04o", path, m);
}

static void make_dir(const char *path, mode_t m)
{
	cr_assert(mkdir(path, 0700) == 0 && chmod(path, m) == 0, "the test cannot make %s", path);
}

GRADED(listing, files_and_directories,
       .description = "regular files of several sizes and directories are listed as ls -l "
		      "lists them [files#file-types]",
       .timeout = 15)
{
	static char big[70000];
	make_dir("d", 0755);
	put_file("d/one", "1", 1);
	put_file("d/page", big, 4097);
	put_file("d/big", big, sizeof big);
	put_file("d/empty", "", 0);
	make_dir("d/sub", 0755);
	make_dir("d/sub/inner", 0755);
	expect_like_ls("d");
}

GRADED(listing, permission_bits,
       .description = "the nine permission characters follow the mode bits (0000, 0777, "
		      "0640, 0751, 0204...) [files#permissions]",
       .timeout = 15)
{
	static const mode_t modes[] = {0000, 0777, 0640, 0751, 0204, 0012, 0100, 0444};
	char name[32];
	make_dir("d", 0755);
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		snprintf(name, sizeof name, "d/m%04o", modes[i]);
		make_mode(name, modes[i]);
	}
	expect_like_ls("d");
}

GRADED(listing, setuid_setgid_sticky,
       .description = "setuid, setgid and sticky show as s, S, t and T in the execute "
		      "columns [files#permissions]",
       .timeout = 15)
{
	make_dir("d", 0755);
	make_mode("d/suid-x", 04755);
	make_mode("d/suid-no-x", 04644);
	make_mode("d/sgid-x", 02755);
	make_mode("d/sgid-no-x", 02644);
	make_mode("d/all-special", 07777);
	make_mode("d/all-special-no-x", 07666);
	make_dir("d/sticky-x", 01777);
	make_dir("d/sticky-no-x", 01776);
	expect_like_ls("d");
}

GRADED(listing, symbolic_links,
       .description = "a symbolic link is listed as itself (lstat), with ' -> ' and its "
		      "target, even when that target does not exist [files#links]",
       .timeout = 15)
{
	make_dir("d", 0755);
	put_file("d/file", "content\n", 8);
	make_dir("d/dir", 0755);
	cr_assert(symlink("file", "d/to-file") == 0);
	cr_assert(symlink("dir", "d/to-dir") == 0);
	cr_assert(symlink("no/such/thing", "d/dangling") == 0);
	cr_assert(symlink("/", "d/to-root") == 0);
	expect_like_ls("d");
}

GRADED(listing, link_targets_of_different_lengths,
       .description = "link targets of different lengths each print whole and alone: "
		      "readlink() puts no NUL after the text [files#links]",
       .timeout = 15)
{
	make_dir("d", 0755);
	cr_assert(symlink("a/rather/long/target/name/that/does/not/exist", "d/a-long") == 0);
	cr_assert(symlink("b", "d/b-short") == 0);
	cr_assert(symlink("cc", "d/c-shorter-still") == 0);
	cr_assert(symlink("x", "d/d") == 0);
	expect_like_ls("d");
}

GRADED(listing, fifo_and_socket,
       .description = "a FIFO shows 'p' and a socket 's' [files#file-types]",
       .timeout = 15)
{
	make_dir("d", 0755);
	cr_assert(mkfifo("d/fifo", 0640) == 0, "the test cannot make a FIFO");
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = {.sun_family = AF_UNIX, .sun_path = "d/sock"};
	cr_assert(s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0,
		  "the test cannot make a socket");
	close(s);
	expect_like_ls("d");
}

GRADED(listing, hard_links,
       .description = "the link count: a file with three names shows 3, a directory 2 plus "
		      "its subdirectories [files#links]",
       .timeout = 15)
{
	make_dir("d", 0755);
	put_file("d/a", "shared\n", 7);
	cr_assert(link("d/a", "d/b") == 0 && link("d/a", "d/c") == 0);
	make_dir("d/parent", 0755);
	make_dir("d/parent/x", 0755);
	make_dir("d/parent/y", 0755);
	expect_like_ls("d");
}

GRADED(listing, names_with_blanks_and_control_bytes,
       .description = "names with spaces, tabs, newlines, backslashes and non-ASCII bytes "
		      "are escaped as ls -b escapes them [files#names]",
       .timeout = 15)
{
	static const char *const names[] = {
		"d/two words", "d/line\nbreak", "d/tab\there", "d/back\\slash", "d/caf\xc3\xa9",
		"d/bell\a", "d/del\x7f", "d/\x01start", "d/cr\rlf", "d/ leading",
	};
	make_dir("d", 0755);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		put_file(names[i], "", 0);
	cr_assert(symlink("target with spaces\n", "d/link") == 0);
	expect_like_ls("d");
}

GRADED(listing, sorted_by_bytes,
       .description = "entries come sorted by their bytes (strcmp), hidden ones included, "
		      "as LC_ALL=C ls -A sorts them [files#listing]",
       .timeout = 15)
{
	static const char *const names[] = {"d/b", "d/B", "d/a", "d/_", "d/.hidden", "d/Z9",
					     "d/a0", "d/~", "d/-dash", "d/10", "d/9"};
	make_dir("d", 0755);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		put_file(names[i], "x", 1);
	expect_like_ls("d");
}

GRADED(listing, empty_directory,
       .description = "an empty directory lists nothing, with status 0 [files#listing]",
       .timeout = 15)
{
	make_dir("d", 0755);
	expect_like_ls("d");
}

GRADED(listing, missing_directory,
       .description = "./lsl on a missing directory prints \"lsl: cannot list 'DIR': \" and "
		      "exits 1 (and on one that exists, lists it) [files#listing]",
       .timeout = 15)
{
	struct graded_result r;
	make_dir("d", 0755);
	make_mode("d/x", 0644);
	run_lab(&r, "lsl", (const char *[]){"d", NULL});
	cr_assert(r.exited && r.exit_code == 0 && !strcmp(r.out, "-rw-r--r-- 1 0 x\n"),
		  "./lsl d (d holding an empty file x of mode 0644) printed \"%s\" and %s, "
		  "expected \"-rw-r--r-- 1 0 x\\n\" and status 0", r.out, graded_describe(&r));
	graded_result_free(&r);
	run_lab(&r, "lsl", (const char *[]){"nosuch", NULL});
	cr_expect(r.exited && r.exit_code == 1, "./lsl nosuch %s, expected exit status 1",
		  graded_describe(&r));
	cr_expect(!strncmp(r.err, "lsl: cannot list 'nosuch': ", 27), "stderr was \"%.200s\", "
		  "expected it to start with \"lsl: cannot list 'nosuch': \"", r.err);
	graded_result_free(&r);
}

struct mode_seen {
	char out[8][16];       /* what listing_mode() wrote for each mode */
};

static const mode_t unit_modes[8] = {
	S_IFBLK | 0660, S_IFCHR | 0620, S_IFREG | 06111, S_IFDIR | 01000, S_IFLNK | 0777,
	S_IFIFO | 0600, S_IFSOCK | 0755, 0644,
};
static const char *const unit_want[8] = {
	"brw-rw----", "crw--w----", "---s--s--x", "d--------T", "lrwxrwxrwx",
	"prw-------", "srwxr-xr-x", "?rw-r--r--",
};

static void modes_child(void *result, void *arg)
{
	struct mode_seen *m = result;
	(void)arg;
	for (int i = 0; i < 8; i++) {
		memset(m->out[i], 0, sizeof m->out[i]);
		listing_mode(unit_modes[i], m->out[i]);
		m->out[i][15] = '\0';
	}
}

GRADED(listing, mode_characters,
       .description = "listing_mode() gives each type its character (b, c, -, d, l, p, s, "
		      "? for none) and the special bits theirs [files#file-types]",
       .timeout = 15)
{
	struct graded_call call;
	struct mode_seen *m = graded_isolate(modes_child, NULL, sizeof *m, CALL_SECONDS, &call);
	cr_assert(call.returned, "listing_mode() %s", call.how);
	for (int i = 0; i < 8; i++)
		cr_expect(!strcmp(m->out[i], unit_want[i]), "listing_mode(0%o) gave \"%s\", "
			  "expected \"%s\"", (unsigned)unit_modes[i], m->out[i], unit_want[i]);
}

struct line_seen {
	int rc;
	int err;
	char line[256];
	int fds_before, fds_after;
};

struct line_arg {
	const char *dir, *name;
	size_t cap;
};

static void line_child(void *result, void *arg)
{
	struct line_seen *l = result;
	const struct line_arg *a = arg;
	errno = 0;
	l->rc = listing_line(a->dir, a->name, l->line, a->cap);
	l->err = errno;
	l->line[sizeof l->line - 1] = '\0';
}

GRADED(listing, character_device,
       .description = "a character device shows 'c' and \"MAJOR, MINOR\" in place of a size, "
		      "as ls -l shows /dev/null [files#file-types]",
       .timeout = 15)
{
	struct line_arg a = {"/dev", "null", 256};
	struct graded_call call;
	struct line_seen *l = graded_isolate(line_child, &a, sizeof *l, CALL_SECONDS, &call);
	cr_assert(call.returned, "listing_line(\"/dev\", \"null\", ...) %s", call.how);
	struct graded_result want;
	struct graded_opts o = {.seconds = RUN_SECONDS};
	cr_assert(graded_sh(&want, "LC_ALL=C ls -godb --time-style=+ /dev/null | awk "
			    "'{ $1 = $1; $NF = \"null\"; print }'", &o) == 0);
	want.out[strcspn(want.out, "\n")] = '\0';
	cr_expect(l->rc >= 0 && !strcmp(l->line, want.out), "listing_line(\"/dev\", \"null\") "
		  "returned %d and gave \"%s\", expected \"%s\"", l->rc, l->line, want.out);
	graded_result_free(&want);
}

GRADED(listing, line_length_returned,
       .description = "listing_line() returns the length of the line it wrote, as "
		      "snprintf() would [files#file-types]",
       .timeout = 15)
{
	put_file("twelve bytes", "hello world\n", 12);
	char here[4096];
	cr_assert(getcwd(here, sizeof here));
	struct line_arg a = {here, "twelve bytes", 256};
	struct graded_call call;
	struct line_seen *l = graded_isolate(line_child, &a, sizeof *l, CALL_SECONDS, &call);
	cr_assert(call.returned, "listing_line(\".\", \"twelve bytes\", ...) %s", call.how);
	cr_expect(l->rc == (int)strlen(l->line), "listing_line() wrote \"%s\" (%zu bytes) and "
		  "returned %d: it must return the line's length", l->line, strlen(l->line), l->rc);
}

GRADED(listing, line_too_long_for_buffer,
       .description = "listing_line() with a buffer too small for the line returns -1 with "
		      "ERANGE [files#listing]",
       .timeout = 15)
{
	make_dir("d", 0755);
	put_file("d/a-name-longer-than-the-buffer", "", 0);
	struct line_arg a = {"d", "a-name-longer-than-the-buffer", 16};
	struct graded_call call;
	struct line_seen *l = graded_isolate(line_child, &a, sizeof *l, CALL_SECONDS, &call);
	cr_assert(call.returned, "listing_line() %s", call.how);
	cr_expect(l->rc == -1 && l->err == ERANGE, "listing_line() into 16 bytes returned %d "
		  "(errno %d), expected -1 with ERANGE", l->rc, l->err);
}

static void print_child(void *result, void *arg)
{
	struct line_seen *l = result;
	FILE *out = fopen("/dev/null", "we");
	(void)arg;
	if (!out)
		return;
	l->fds_before = graded_open_descriptors(getpid());
	errno = 0;
	l->rc = listing_print("d", out);
	l->err = errno;
	l->fds_after = graded_open_descriptors(getpid());
	fclose(out);
}

GRADED(listing, no_descriptor_left,
       .description = "listing_print() closes the directory it opened [files#listing]",
       .timeout = 15)
{
	make_dir("d", 0755);
	put_file("d/x", "", 0);
	struct graded_call call;
	struct line_seen *l = graded_isolate(print_child, NULL, sizeof *l, CALL_SECONDS, &call);
	cr_assert(call.returned, "listing_print() %s", call.how);
	cr_expect(l->rc == 1, "listing_print(\"d\") returned %d (errno %d), expected 1", l->rc,
		  l->err);
	cr_expect(l->fds_after == l->fds_before, "listing_print() left %d descriptors open, %d "
		  "before (closedir()?)", l->fds_after, l->fds_before);
}
