/* save_tests.c - official tests of atomic_save() and ./kvstore
 *
 * atomic_save() runs through graded_isolate(), in a child of the test
 * process, which reports what it returned, errno, and how many descriptors
 * it had open before and after; the test then looks at the files.  The
 * permission tests set the umask in that child, so that 0644, 0664 and 0666
 * can be told apart.  One test reads strace's log of ./kvstore to see where
 * the temporary file was made and with which flags.  (The faults check,
 * not these tests, kills and fails the save at each of its calls.)
 */
#define _GNU_SOURCE
#include "support.h"
#include "save.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CALL_SECONDS 8

struct save_arg {
	const char *path;
	const void *data;
	size_t len;
	int umask;             /* the umask to call with, or -1 to keep it */
};

struct save_seen {
	int rc;                /* what atomic_save() returned */
	int err;               /* errno after it */
	int fds_before;        /* descriptors open before the call */
	int fds_after;         /* and after it */
};

static void save_child(void *result, void *arg)
{
	struct save_seen *s = result;
	const struct save_arg *a = arg;

	if (a->umask >= 0)
		umask((mode_t)a->umask);
	s->fds_before = graded_open_descriptors(getpid());
	errno = 0;
	s->rc = atomic_save(a->path, a->data, a->len);
	s->err = errno;
	s->fds_after = graded_open_descriptors(getpid());
}

/* atomic_save(path, text) in a child with umask mask (-1: unchanged). */
static struct save_seen save(const char *path, const void *data, size_t len, int mask)
{
	struct save_arg a = {path, data, len, mask};
	struct graded_call call;
	struct save_seen *s = graded_isolate(save_child, &a, sizeof *s, CALL_SECONDS, &call);

	cr_assert(call.returned, "atomic_save(\"%s\", ...) %s", path, call.how);
	return *s;
}

/* Expect a save that worked, and path holding exactly len bytes of data. */
static void expect_saved(const struct save_seen *s, const char *path, const void *data,
			 size_t len)
{
	size_t got = 0;

	cr_assert(s->rc == 0, "atomic_save(\"%s\", %zu bytes) returned %d (%s), expected 0",
		  path, len, s->rc, strerror(s->err));
	char *text = graded_read_file(path, &got);
	cr_assert(text, "after atomic_save(\"%s\", ...) returned 0, %s cannot be read", path, path);
	cr_expect(got == len && !memcmp(text, data, len),
		  "%s holds %zu bytes, expected the %zu saved (starts \"%.40s\")", path, got, len,
		  text);
	free(text);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	cr_assert(lstat(path, &st) == 0, "%s is missing", path);
	return st.st_mode & 07777;
}

GRADED(save, creates_new_file,
       .description = "atomic_save() of a name without a directory part creates it with "
		      "the data [files#crash-safe-save]",
       .timeout = 15)
{
	static const char text[] = "hello, file\n";
	struct save_seen s = save("plain.txt", text, sizeof text - 1, -1);
	expect_saved(&s, "plain.txt", text, sizeof text - 1);
}

GRADED(save, in_sub_directory,
       .description = "atomic_save() of a/b/c.txt writes it in a/b, where the temporary "
		      "file must be too [files#crash-safe-save]",
       .timeout = 15)
{
	static const char text[] = "deep\n";
	cr_assert(mkdir("a", 0755) == 0 && mkdir("a/b", 0755) == 0);
	struct save_seen s = save("a/b/c.txt", text, sizeof text - 1, -1);
	expect_saved(&s, "a/b/c.txt", text, sizeof text - 1);
	cr_expect(!strcmp(dir_names("a/b"), "c.txt"), "a/b holds \"%s\", expected only c.txt",
		  dir_names("a/b"));
}

GRADED(save, replaces_longer_content,
       .description = "saving 3 bytes over a 5000-byte file leaves exactly those 3 bytes "
		      "[files#crash-safe-save]",
       .timeout = 15)
{
	char big[5000];
	memset(big, 'o', sizeof big);
	put_file("f.txt", big, sizeof big);
	struct save_seen s = save("f.txt", "new", 3, -1);
	expect_saved(&s, "f.txt", "new", 3);
}

GRADED(save, empty_content,
       .description = "saving 0 bytes leaves an empty file [files#crash-safe-save]",
       .timeout = 15)
{
	put_file("f.txt", "something\n", 10);
	struct save_seen s = save("f.txt", "", 0, -1);
	expect_saved(&s, "f.txt", "", 0);
}

GRADED(save, large_content,
       .description = "4 MiB and 7 bytes are saved whole (a write() may write less than "
		      "asked: continue) [files#short-writes]",
       .timeout = 20)
{
	size_t len = (4u << 20) + 7;
	char *data = malloc(len);
	cr_assert(data);
	for (size_t i = 0; i < len; i++)
		data[i] = (char)('a' + (i * 7919) % 26);
	struct save_seen s = save("big.bin", data, len, -1);
	expect_saved(&s, "big.bin", data, len);
	free(data);
}

GRADED(save, leaves_no_temporary_file,
       .description = "after a save the directory holds the target and nothing else "
		      "[files#crash-safe-save]",
       .timeout = 15)
{
	cr_assert(mkdir("d", 0755) == 0);
	put_file("d/t.txt", "old\n", 4);
	struct save_seen s = save("d/t.txt", "new\n", 4, -1);
	expect_saved(&s, "d/t.txt", "new\n", 4);
	cr_expect(!strcmp(dir_names("d"), "t.txt"), "d holds \"%s\", expected only t.txt",
		  dir_names("d"));
}

GRADED(save, no_descriptor_left,
       .description = "atomic_save() closes every descriptor it opened, on success and on "
		      "failure [files#crash-safe-save]",
       .timeout = 15)
{
	struct save_seen s = save("ok.txt", "x", 1, -1);
	cr_expect(s.rc == 0, "atomic_save(\"ok.txt\") of a new file returned %d (errno %d), "
		  "expected 0", s.rc, s.err);
	cr_expect(s.fds_after == s.fds_before, "a save of a new file left %d descriptors open, "
		  "%d before", s.fds_after, s.fds_before);
	cr_assert(mkdir("adir", 0755) == 0);
	s = save("adir", "x", 1, -1);
	cr_expect(s.fds_after == s.fds_before, "a save over a directory (which fails) left %d "
		  "descriptors open, %d before", s.fds_after, s.fds_before);
}

/* A new file saved under umask mask must get mode want. */
static void expect_new_mode(int mask, mode_t want)
{
	struct save_seen s = save("new.txt", "x\n", 2, mask);
	expect_saved(&s, "new.txt", "x\n", 2);
	mode_t got = mode_of("new.txt");
	cr_expect(got == want, "a new file saved under umask %03o has mode %04o, expected %04o "
		  "(0666 less the umask, as open(..., O_CREAT, 0666) gives)", mask, got, want);
}

GRADED(save, new_file_mode_umask_022,
       .description = "a new file saved under umask 022 gets mode 0644 [files#umask]",
       .timeout = 15)
{
	expect_new_mode(022, 0644);
}

GRADED(save, new_file_mode_umask_002,
       .description = "a new file saved under umask 002 gets mode 0664 [files#umask]",
       .timeout = 15)
{
	expect_new_mode(002, 0664);
}

GRADED(save, new_file_mode_umask_000,
       .description = "a new file saved under umask 000 gets mode 0666 [files#umask]",
       .timeout = 15)
{
	expect_new_mode(0, 0666);
}

/* A file of mode m saved over (under umask 022) must keep m. */
static void expect_kept_mode(mode_t m)
{
	put_file("kept.txt", "old\n", 4);
	cr_assert(chmod("kept.txt", m) == 0, "the test cannot chmod %04o", m);
	struct save_seen s = save("kept.txt", "new\n", 4, 022);
	expect_saved(&s, "kept.txt", "new\n", 4);
	mode_t got = mode_of("kept.txt");
	/* Only setuid and setgid gone: the mode was set, then a write cleared them. */
	int cleared_by_write = got != m && (got | S_ISUID | S_ISGID) == (m | S_ISUID | S_ISGID);
	cr_expect(got == m, "a file of mode %04o saved over has mode %04o, expected %04o: %s",
		  m, got, m, cleared_by_write ?
		  "setuid and setgid were cleared, which a write to the file does after a "
		  "chmod: set the mode (fchmod) after the last write" :
		  "the new file must get the old one's permission bits (fchmod)");
}

GRADED(save, keeps_mode_0600,
       .description = "saving over a file of mode 0600 keeps 0600 [files#permissions]",
       .timeout = 15)
{
	expect_kept_mode(0600);
}

GRADED(save, keeps_mode_0755,
       .description = "saving over a file of mode 0755 keeps 0755 [files#permissions]",
       .timeout = 15)
{
	expect_kept_mode(0755);
}

GRADED(save, keeps_setuid_and_sticky_bits,
       .description = "saving over a file of mode 4751 keeps all twelve bits "
		      "[files#permissions]",
       .timeout = 15)
{
	expect_kept_mode(04751);
}

GRADED(save, missing_directory_fails,
       .description = "saving into a directory that does not exist returns -1 with ENOENT "
		      "[files#crash-safe-save]",
       .timeout = 15)
{
	struct save_seen s = save("nodir/f.txt", "x", 1, -1);
	cr_expect(s.rc == -1 && s.err == ENOENT,
		  "atomic_save(\"nodir/f.txt\") returned %d (errno %d), expected -1 with ENOENT",
		  s.rc, s.err);
}

GRADED(save, over_directory_fails_cleanly,
       .description = "saving over a directory fails (rename: EISDIR), leaves the directory "
		      "as it was and no temporary file [files#crash-safe-save]",
       .timeout = 15)
{
	cr_assert(mkdir("w", 0755) == 0 && mkdir("w/adir", 0755) == 0);
	put_file("w/adir/inside", "keep\n", 5);
	struct save_seen s = save("w/adir", "x", 1, -1);
	cr_expect(s.rc == -1 && s.err == EISDIR,
		  "atomic_save(\"w/adir\") over a directory returned %d (errno %d), expected -1 "
		  "with EISDIR", s.rc, s.err);
	cr_expect(!strcmp(dir_names("w"), "adir"),
		  "w holds \"%s\", expected only adir: the temporary file must be removed when the "
		  "save fails", dir_names("w"));
	cr_expect(!strcmp(dir_names("w/adir"), "inside"), "w/adir holds \"%s\", expected "
		  "\"inside\"", dir_names("w/adir"));
}

GRADED(save, temporary_file_beside_target,
       .description = "the temporary file is made in the target's directory with O_CREAT, "
		      "O_EXCL and O_CLOEXEC, then renamed over the target (strace shows it) "
		      "[files#crash-safe-save]",
       .timeout = 20)
{
	need_strace();
	cr_assert(mkdir("sub", 0755) == 0);
	struct graded_result r;
	const char *args[] = {"-f", "-qq", "-o", "trace.log", "-e",
			      "trace=open,openat,creat,rename,renameat,renameat2",
			      graded_program("kvstore"), "sub/store.kv", "set", "k", "v", NULL};
	const char *argv[16] = {"strace"};
	for (int i = 0; args[i]; i++)
		argv[i + 1] = args[i];
	struct graded_opts o = {.seconds = 10};
	cr_assert(graded_run(&r, (char *const *)argv, &o) == 0, "could not run strace");
	cr_assert(r.exited && r.exit_code == 0, "kvstore sub/store.kv set k v under strace %s "
		  "(stderr: %.300s)", graded_describe(&r), r.err);
	graded_result_free(&r);
	char *log = graded_read_file("trace.log", NULL);
	cr_assert(log, "strace wrote no log");
	char temp[512] = "", *line, *save_ptr = NULL;
	int flags_ok = 0, renamed = 0;
	for (line = strtok_r(log, "\n", &save_ptr); line; line = strtok_r(NULL, "\n", &save_ptr)) {
		char *q = strchr(line, '"');
		if (strstr(line, "O_CREAT") && q && !temp[0]) {
			snprintf(temp, sizeof temp, "%.*s", (int)strcspn(q + 1, "\""), q + 1);
			flags_ok = strstr(line, "O_EXCL") && strstr(line, "O_CLOEXEC");
		}
		if (strstr(line, "rename") && temp[0] && strstr(line, temp) &&
		    strstr(line, "\"sub/store.kv\"") && !strstr(line, "= -1"))
			renamed = 1;
	}
	free(log);
	cr_assert(temp[0], "strace saw no file created (open with O_CREAT)");
	cr_expect(!strncmp(temp, "sub/", 4) && !strchr(temp + 4, '/'),
		  "the temporary file was \"%s\", expected a name in sub/, the target's directory: "
		  "rename() moves a name only within one file system", temp);
	cr_expect(flags_ok, "the temporary file \"%s\" was not opened with both O_EXCL and "
		  "O_CLOEXEC", temp);
	cr_expect(renamed, "strace saw no rename of \"%s\" to \"sub/store.kv\"", temp);
}

GRADED(save, kvstore_set_and_get,
       .description = "./kvstore FILE set, then get, gives the value back; set again replaces "
		      "it [files#crash-safe-save]",
       .timeout = 15)
{
	struct graded_result r;
	run_lab(&r, "kvstore", (const char *[]){"kv.txt", "set", "colour", "red", NULL});
	cr_assert(r.exited && r.exit_code == 0, "kvstore kv.txt set colour red %s (stderr: "
		  "%.300s)", graded_describe(&r), r.err);
	graded_result_free(&r);
	run_lab(&r, "kvstore", (const char *[]){"kv.txt", "set", "colour", "green", NULL});
	graded_result_free(&r);
	run_lab(&r, "kvstore", (const char *[]){"kv.txt", "get", "colour", NULL});
	cr_expect(r.exited && r.exit_code == 0 && !strcmp(r.out, "green\n"),
		  "kvstore kv.txt get colour printed \"%s\" and %s, expected \"green\\n\" and "
		  "status 0", r.out, graded_describe(&r));
	graded_result_free(&r);
	char *text = graded_read_file("kv.txt", NULL);
	cr_expect(text && !strcmp(text, "colour=green\n"), "kv.txt holds \"%s\", expected "
		  "\"colour=green\\n\"", text ? text : "(nothing)");
	free(text);
}

GRADED(save, kvstore_says_why_a_save_failed,
       .description = "./kvstore prints \"kvstore: cannot save 'FILE': \" and exits 1 when the "
		      "save fails [files#crash-safe-save]",
       .timeout = 15)
{
	struct graded_result r;
	run_lab(&r, "kvstore", (const char *[]){"kv.txt", "set", "k", "v", NULL});
	cr_assert(r.exited && r.exit_code == 0, "kvstore kv.txt set k v %s, expected status 0 "
		  "(stderr: %.200s)", graded_describe(&r), r.err);
	graded_result_free(&r);
	run_lab(&r, "kvstore", (const char *[]){"nodir/kv.txt", "set", "k", "v", NULL});
	cr_expect(r.exited && r.exit_code == 1, "kvstore nodir/kv.txt set k v %s, expected "
		  "exit status 1", graded_describe(&r));
	cr_expect(!strncmp(r.err, "kvstore: cannot save 'nodir/kv.txt': ", 37),
		  "stderr was \"%.200s\", expected it to start with \"kvstore: cannot save "
		  "'nodir/kv.txt': \"", r.err);
	graded_result_free(&r);
}
