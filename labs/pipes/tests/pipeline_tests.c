/* pipeline_tests.c - official tests of pipeline_run(), with /bin/sh as the oracle
 *
 * Most tests run ./pipeline with one argument per command and /bin/sh -c
 * with the same commands joined by '|', and expect the same stdout and the
 * same exit status.  The others call pipeline_run() through graded_isolate(),
 * in a child of the test process, to check what only the caller can see:
 * that child measures its own zombies and descriptors after pipeline_run()
 * returned and reports the numbers, and the test asserts on them.
 */
#include "graded.h"
#include "pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Seconds one ./pipeline or sh run may take. */
#define RUN_SECONDS 5

/* Run ./pipeline with the command texts in cmds (NULL-terminated). */
static void run_pipeline(struct graded_result *r, char *const cmds[],
			 const struct graded_opts *opts)
{
	char *argv[40];
	size_t n = 0;

	argv[n++] = (char *)graded_program("pipeline");
	while (cmds[n - 1] && n < 39) {
		argv[n] = cmds[n - 1];
		n++;
	}
	argv[n] = NULL;
	cr_assert(graded_run(r, argv, opts) == 0, "could not start %s", argv[0]);
}

/* The command texts joined by " | ", as sh would read them (static buffer). */
static const char *joined(char *const cmds[])
{
	static char line[4096];
	size_t used = 0;

	line[0] = '\0';
	for (size_t i = 0; cmds[i] && used < sizeof line; i++)
		used += snprintf(line + used, sizeof line - used, "%s%s", i ? " | " : "",
				 cmds[i]);
	return line;
}

/* Why a run usually hangs: a reader that never saw end of file. */
static const char hang_eof[] =
	"some reader never saw end of file, so a write end of a pipe is still open somewhere "
	"(in the parent or in a child), or the parent waits for a child before starting the "
	"next one";

/* Why `WRITER | head` hangs: the writer never got SIGPIPE. */
static const char hang_sigpipe[] =
	"head exited, but the writer on its left never got SIGPIPE, so a READ end of the pipe "
	"between them is still open somewhere: in the parent, in the writer itself or in "
	"another child that inherited it; the writer then blocks in write() for ever (or the "
	"parent waits for the writer before starting head). See the read-end row of the table "
	"in chapters/pipes/index.md#closing-unused-ends";

/* Fail clearly if the run of ./pipeline cmds was killed for taking too long. */
static void expect_finished(const struct graded_result *r, char *const cmds[],
			    const char *why)
{
	cr_assert(!r->timed_out, "./pipeline ran `%s` and it did not finish in %d s: %s",
		  joined(cmds), RUN_SECONDS, why);
}

/* Expect ./pipeline cmds... to give what sh -c script gives; what names the
 * comparison in messages, why says what a hang most likely means. */
static void same_as_sh(const char *script, const char *what, const char *input,
		       char *const cmds[], const char *why)
{
	struct graded_opts o = {.input = input, .input_len = input ? strlen(input) : 0,
				.seconds = RUN_SECONDS};
	struct graded_result got, want;

	run_pipeline(&got, cmds, &o);
	expect_finished(&got, cmds, why);
	cr_assert(graded_sh(&want, script, &o) == 0 && !want.timed_out,
		  "/bin/sh could not run `%s`", script);
	graded_expect_same(&got, &want, what);
	graded_result_free(&got);
	graded_result_free(&want);
}

static void like_sh(const char *script, const char *input, char *const cmds[])
{
	same_as_sh(script, script, input, cmds, hang_eof);
}

/* "ORDER last CMD" in out: CMD run by scenarios/order.c, which ends only
 * after every other command of the pipeline has ended.  CMD must be one
 * that cannot end before the next command has started (yes, or a writer
 * of more than a pipe holds).  A test whose commands end with different
 * statuses in an order left to the scheduler would pass code that keeps
 * the status of the child reaped last on some runs only. */
static const char *ends_last(char *out, size_t cap, const char *cmd)
{
	snprintf(out, cap, "%s last %s", graded_program("order"), cmd);
	return out;
}

/* like_sh() for cmds, the script being cmds joined by " | ". */
static void like_sh_joined(char *const cmds[])
{
	char script[4096];
	snprintf(script, sizeof script, "%s", joined(cmds));
	like_sh(script, NULL, cmds);
}

/* like_sh() for a pipeline with `ls /proc/self/fd` as a stage. */
static void no_leak_like_sh(const char *script, char *const cmds[])
{
	char what[600];

	snprintf(what, sizeof what, "%s (ls lists the descriptors it has: under sh, 0 1 2 and "
		 "3, the directory ls itself opened; any other number is a descriptor your "
		 "pipeline left open, leaked into ls)", script);
	same_as_sh(script, what, NULL, cmds, hang_eof);
}

/* ---- the corpus: same stdout and status as /bin/sh ---- */

GRADED(pipeline, one_command,
       .description = "a single command runs with the pipeline's stdin and stdout "
		      "[pipes#plumbing]",
       .timeout = 20)
{
	char *cmds[] = {"cat words.txt", NULL};
	like_sh("cat words.txt", NULL, cmds);
}

GRADED(pipeline, two_commands,
       .description = "two commands joined by one pipe give what sh gives [pipes#plumbing]",
       .timeout = 20)
{
	char *cmds[] = {"cat words.txt", "grep flower", NULL};
	like_sh("cat words.txt | grep flower", NULL, cmds);
}

GRADED(pipeline, three_commands,
       .description = "cat words.txt | grep flower | wc -l gives what sh gives "
		      "[pipes#cat-grep]",
       .timeout = 20)
{
	char *cmds[] = {"cat words.txt", "grep flower", "wc -l", NULL};
	like_sh("cat words.txt | grep flower | wc -l", NULL, cmds);
}

GRADED(pipeline, six_commands,
       .description = "six commands, each reading the previous one's output "
		      "[pipes#plumbing]",
       .timeout = 20)
{
	char *cmds[] = {"cat words.txt", "tr a-z A-Z", "sort", "uniq -c", "sort -rn",
			"head -n 5", NULL};
	like_sh("cat words.txt | tr a-z A-Z | sort | uniq -c | sort -rn | head -n 5", NULL, cmds);
}

GRADED(pipeline, sixteen_commands,
       .description = "sixteen commands: fifteen pipes, every unused end closed "
		      "[pipes#closing-unused-ends]",
       .timeout = 20)
{
	char *cmds[] = {"seq 1 3000", "cat", "cat", "cat", "cat", "cat", "cat", "cat",
			"cat", "cat", "cat", "cat", "cat", "cat", "cat", "tail -n 3",
			NULL};
	like_sh("seq 1 3000 | cat | cat | cat | cat | cat | cat | cat | cat | cat | cat | cat | cat "
			"| cat | cat | tail -n 3", NULL, cmds);
}

GRADED(pipeline, empty_input,
       .description = "an empty input reaches the end of the pipeline as end of file "
		      "[pipes#eof-and-sigpipe]",
       .timeout = 20)
{
	char *cmds[] = {"cat empty.txt", "wc -c", NULL};
	like_sh("cat empty.txt | wc -c", NULL, cmds);
}

GRADED(pipeline, no_output,
       .description = "a pipeline whose last command prints nothing and fails (grep finds nothing) "
		      "[pipes#exit-status]",
       .timeout = 20)
{
	char *cmds[] = {"cat words.txt", "grep zebra", NULL};
	like_sh("cat words.txt | grep zebra", NULL, cmds);
}

GRADED(pipeline, output_beyond_pipe_buffer,
       .description = "1.3 MB through a pipe: all commands must run at the same time, the parent waits "
		      "only after starting them all [pipes#reaping]",
       .timeout = 20)
{
	char *cmds[] = {"seq 1 200000", "cat", NULL};
	like_sh("seq 1 200000 | cat", NULL, cmds);
}

GRADED(pipeline, large_sort,
       .description = "a large stream through sort, which reads to end of file before it writes "
		      "[pipes#eof-and-sigpipe]",
       .timeout = 20)
{
	// sort cannot write all it read into head's pipe: it ends by SIGPIPE.
	char middle[512];
	char *cmds[] = {"seq 1 200000", (char *)ends_last(middle, sizeof middle, "sort -rn"),
			"head -n 3", NULL};
	like_sh_joined(cmds);
}

GRADED(pipeline, writer_gets_sigpipe,
       .description = "yes | head -n 3: head exits, yes dies of SIGPIPE, unless someone else keeps the "
		      "read end open [pipes#eof-and-sigpipe]",
       .timeout = 20)
{
	char first[512];
	char *cmds[] = {(char *)ends_last(first, sizeof first, "yes"), "head -n 3", NULL};
	char script[1024];
	snprintf(script, sizeof script, "%s", joined(cmds));
	same_as_sh(script, "yes | head -n 3", NULL, cmds, hang_sigpipe);
}

GRADED(pipeline, big_writer_gets_sigpipe,
       .description = "seq 1 1000000 | head -n 1 ends as soon as head exits: seq dies of SIGPIPE, "
		      "unless a read end of its pipe is still open somewhere "
		      "[pipes#eof-and-sigpipe]",
       .timeout = 20)
{
	char first[512];
	char *cmds[] = {(char *)ends_last(first, sizeof first, "seq 1 1000000"), "head -n 1", NULL};
	char script[1024];
	snprintf(script, sizeof script, "%s", joined(cmds));
	same_as_sh(script, "seq 1 1000000 | head -n 1", NULL, cmds, hang_sigpipe);
}

GRADED(pipeline, binary_data,
       .description = "bytes pass through pipes unchanged (gzip | gzip -d) "
		      "[pipes#anonymous-pipes]",
       .timeout = 20)
{
	char *cmds[] = {"seq 1 30000", "gzip -c", "gzip -dc", "tail -n 2", NULL};
	like_sh("seq 1 30000 | gzip -c | gzip -dc | tail -n 2", NULL, cmds);
}

GRADED(pipeline, stderr_not_piped,
       .description = "only stdout goes into the pipe; stderr stays the pipeline's "
		      "[pipes#plumbing]",
       .timeout = 20)
{
	char *cmds[] = {"ls nosuchfile", "wc -l", NULL};
	like_sh("ls nosuchfile | wc -l", NULL, cmds);
}

GRADED(pipeline, quoted_argument,
       .description = "an argument with a blank reaches the command as one word "
		      "[pipes#plumbing]",
       .timeout = 20)
{
	char *cmds[] = {"cat words.txt", "grep -c 'red flower'", NULL};
	like_sh("cat words.txt | grep -c 'red flower'", NULL, cmds);
}

GRADED(pipeline, missing_command_last,
       .description = "a last command that does not exist gives status 127, as sh does "
		      "[pipes#exec-failure]",
       .timeout = 20)
{
	char first[512];
	char *cmds[] = {(char *)ends_last(first, sizeof first, "yes"), "nosuchcommand", NULL};
	like_sh_joined(cmds);
}

GRADED(pipeline, missing_command_first,
       .description = "a first command that does not exist: the rest still runs and reads end of file "
		      "[pipes#exec-failure]",
       .timeout = 20)
{
	char *cmds[] = {"nosuchcommand", "wc -l", NULL};
	like_sh("nosuchcommand | wc -l", NULL, cmds);
}

GRADED(pipeline, not_executable,
       .description = "a file that exists but cannot be executed gives status 126, as sh does "
		      "[pipes#exec-failure]",
       .timeout = 20)
{
	char *cmds[] = {"./words.txt", NULL};
	like_sh("./words.txt", NULL, cmds);
}

GRADED(pipeline, status_of_last_command,
       .description = "the status is the last command's exit code, even when the last "
		      "command ends before the others [pipes#exit-status]",
       .timeout = 20)
{
	char first[512];
	char *cmds[] = {(char *)ends_last(first, sizeof first, "yes"), "sh -c 'exit 3'", NULL};
	like_sh_joined(cmds);
}

GRADED(pipeline, status_of_first_ignored,
       .description = "a failing first command does not change the pipeline's status "
		      "[pipes#exit-status]",
       .timeout = 20)
{
	char *cmds[] = {"sh -c 'echo first; exit 5'", "cat", NULL};
	like_sh("sh -c 'echo first; exit 5' | cat", NULL, cmds);
}

GRADED(pipeline, killed_by_signal,
       .description = "a command killed by SIGTERM gives status 128+15, as sh does "
		      "[pipes#exit-status]",
       .timeout = 20)
{
	char *cmds[] = {"sh -c 'kill -TERM $$'", NULL};
	like_sh("sh -c 'kill -TERM $$'", NULL, cmds);
}

GRADED(pipeline, last_killed_by_signal,
       .description = "a last command killed by SIGKILL gives status 128+9, even when it "
		      "ends before the others [pipes#exit-status]",
       .timeout = 20)
{
	char first[512];
	char *cmds[] = {(char *)ends_last(first, sizeof first, "yes"), "sh -c 'kill -KILL $$'",
			NULL};
	like_sh_joined(cmds);
}

GRADED(pipeline, input_redirection,
       .description = "'< words.txt' on the first command becomes its stdin "
		      "[pipes#redirections]",
       .timeout = 20)
{
	char *cmds[] = {"grep flower < words.txt", "wc -l", NULL};
	like_sh("grep flower < words.txt | wc -l", NULL, cmds);
}

GRADED(pipeline, missing_input_file,
       .description = "a '< file' that cannot be opened: that command fails, the rest "
		      "runs [pipes#redirections]",
       .timeout = 20)
{
	char *cmds[] = {"cat < nosuchfile", "wc -l", NULL};
	like_sh("cat < nosuchfile | wc -l", NULL, cmds);
}

GRADED(pipeline, stdin_is_inherited,
       .description = "without '<', the first command reads the pipeline's own stdin "
		      "[pipes#plumbing]",
       .timeout = 20)
{
	char *cmds[] = {"cat", "wc -l", NULL};
	like_sh("cat | wc -l", "alpha\nbeta\ngamma\n", cmds);
}

/* ---- output redirection: compare the files written ---- */

/* Run ./pipeline cmds (whose last command writes file mine) and sh -c script
 * (which writes file theirs); expect the same status and file contents. */
static void same_file(char *const cmds[], const char *mine, const char *script,
		      const char *theirs)
{
	struct graded_opts o = {.seconds = RUN_SECONDS};
	struct graded_result got, want;
	size_t glen = 0, wlen = 0;

	run_pipeline(&got, cmds, &o);
	expect_finished(&got, cmds, hang_eof);
	graded_sh(&want, script, &o);
	cr_expect(graded_shell_status(&got) == graded_shell_status(&want),
		  "./pipeline ran `%s`: /bin/sh -c '%s' gives status %d, yours %s "
		  "(your stderr: %.300s)", joined(cmds), script, graded_shell_status(&want),
		  graded_describe(&got), got.err);
	char *g = graded_read_file(mine, &glen);
	char *w = graded_read_file(theirs, &wlen);
	cr_assert(w, "/bin/sh -c '%s' did not write %s", script, theirs);
	cr_assert(g, "./pipeline ran `%s`, which did not create %s (for comparison, /bin/sh -c "
		  "'%s' wrote %s)", joined(cmds), mine, script, theirs);
	char *d = graded_diff(w, wlen, g, glen);
	cr_expect(d[0] == '\0', "./pipeline ran `%s`; after it, %s differs from the %s that "
		  "/bin/sh -c '%s' wrote (- sh's, + yours):\n%s", joined(cmds), mine, theirs,
		  script, d);
	free(d);
	free(g);
	free(w);
	graded_result_free(&got);
	graded_result_free(&want);
}

GRADED(pipeline, output_redirection,
       .description = "'> file' on the last command creates the file with its output "
		      "[pipes#redirections]",
       .timeout = 20)
{
	char *cmds[] = {"cat words.txt", "sort > mine.txt", NULL};
	same_file(cmds, "mine.txt", "cat words.txt | sort > sh.txt", "sh.txt");
}

GRADED(pipeline, both_redirections,
       .description = "'< file' on the first and '> file' on the last command together "
		      "[pipes#redirections]",
       .timeout = 20)
{
	char *cmds[] = {"sort < words.txt", "uniq -c", "sort -rn > mine.txt", NULL};
	same_file(cmds, "mine.txt", "sort < words.txt | uniq -c | sort -rn > sh.txt", "sh.txt");
}

GRADED(pipeline, output_file_truncated,
       .description = "'> file' replaces what the file held before (O_TRUNC) "
		      "[pipes#redirections]",
       .timeout = 20)
{
	static const char old[] = "an old line that is much longer than the new output\n";
	cr_assert(graded_write_file("mine.txt", old, sizeof old - 1) == 0);
	cr_assert(graded_write_file("sh.txt", old, sizeof old - 1) == 0);
	char *cmds[] = {"echo new", "cat > mine.txt", NULL};
	same_file(cmds, "mine.txt", "echo new | cat > sh.txt", "sh.txt");
}

/* ---- error messages: prefix and status, never the strerror text ---- */

/* Expect stderr to start with prefix and the shell status to be status. */
static void expect_message(char *const cmds[], const char *prefix, int status)
{
	struct graded_opts o = {.seconds = RUN_SECONDS};
	struct graded_result got;

	run_pipeline(&got, cmds, &o);
	expect_finished(&got, cmds, hang_eof);
	cr_expect(strncmp(got.err, prefix, strlen(prefix)) == 0,
		  "./pipeline ran `%s`: expected stderr to start with \"%s\", got \"%.300s\"",
		  joined(cmds), prefix, got.err);
	cr_expect(graded_shell_status(&got) == status,
		  "./pipeline ran `%s`: expected status %d, yours %s", joined(cmds), status,
		  graded_describe(&got));
	graded_result_free(&got);
}

GRADED(pipeline, missing_command_message,
       .description = "a command that cannot be run: \"pipeline: cannot run 'NAME': ...\" on "
		      "stderr and status 127 [pipes#exec-failure]",
       .timeout = 20)
{
	char *cmds[] = {"nosuchcommand --flag", NULL};
	expect_message(cmds, "pipeline: cannot run 'nosuchcommand': ", 127);
}

GRADED(pipeline, missing_file_message,
       .description = "a '< file' that cannot be opened: \"pipeline: cannot open 'FILE': ...\" "
		      "on stderr [pipes#redirections]",
       .timeout = 20)
{
	char *cmds[] = {"cat < nosuchfile", "wc -l", NULL};
	expect_message(cmds, "pipeline: cannot open 'nosuchfile': ", 0);
}

/* ---- descriptors that leak into the exec'd programs ---- */

GRADED(pipeline, no_leak_into_first,
       .description = "the first command gets only descriptors 0, 1 and 2 (ls /proc/self/fd lists "
		      "those and its own 3) "
		      "[pipes#descriptor-leaks]",
       .timeout = 20)
{
	char *cmds[] = {"ls /proc/self/fd", "cat", NULL};
	no_leak_like_sh("ls /proc/self/fd | cat", cmds);
}

GRADED(pipeline, no_leak_into_middle,
       .description = "a middle command gets only descriptors 0, 1 and 2 (ls /proc/self/fd lists "
		      "those and its own 3) "
		      "[pipes#descriptor-leaks]",
       .timeout = 20)
{
	char *cmds[] = {"echo x", "ls /proc/self/fd", "cat", NULL};
	no_leak_like_sh("echo x | ls /proc/self/fd | cat", cmds);
}

GRADED(pipeline, no_leak_into_last,
       .description = "the last command of four gets only descriptors 0, 1 and 2 (ls /proc/self/fd "
		      "lists those and its own 3) "
		      "[pipes#descriptor-leaks]",
       .timeout = 20)
{
	char *cmds[] = {"echo x", "cat", "cat", "ls /proc/self/fd", NULL};
	no_leak_like_sh("echo x | cat | cat | ls /proc/self/fd", cmds);
}

GRADED(pipeline, no_leak_of_redirection,
       .description = "the file opened for '< file' is closed once it is on descriptor 0 "
		      "[pipes#descriptor-leaks]",
       .timeout = 20)
{
	char *cmds[] = {"ls /proc/self/fd < words.txt", "cat", NULL};
	no_leak_like_sh("ls /proc/self/fd < words.txt | cat", cmds);
}

/* ---- end of file: the explicit check ---- */

GRADED(pipeline, reader_sees_eof,
       .description = "wc reads to end of file, which comes only when every write end of its "
		      "pipe is closed, in the parent and in every child [pipes#closing-unused-ends]",
       .timeout = 20)
{
	char *cmds[] = {"cat words.txt", "cat", "wc -l", NULL};
	struct graded_opts o = {.seconds = 3};
	struct graded_result got, want;

	run_pipeline(&got, cmds, &o);
	cr_assert(!got.timed_out,
		  "./pipeline ran `cat words.txt | cat | wc -l` and it did not finish in 3 s: wc "
		  "(or the middle cat) never saw end of file, so a write end of a pipe is still "
		  "open");
	cr_assert(graded_sh(&want, "cat words.txt | cat | wc -l", &o) == 0 && !want.timed_out,
		  "/bin/sh could not run `cat words.txt | cat | wc -l`");
	graded_expect_same(&got, &want, "cat words.txt | cat | wc -l");
	graded_result_free(&got);
	graded_result_free(&want);
}

/* ---- pipeline_run() in a child: zombies, descriptors, return value ---- */

/* Seconds an isolated pipeline_run() may take. */
#define CALL_SECONDS 10

/* What the test gives the child: parsed commands (the parser is given code). */
struct run_arg {
	const struct command *cmds;
	size_t n;
};

/* What the child saw, measured in itself after pipeline_run() returned. */
struct run_seen {
	int status;            /* pipeline_run()'s result */
	int err;               /* errno after it */
	int fds_before;        /* descriptors open in the child before the call */
	int fds_after;         /* ... and after it */
	int left;              /* waitpid(-1, NULL, WNOHANG) after it */
	int left_err;          /* errno after that waitpid() */
};

/* Runs in the child: no assertion here, only measurements. */
static void run_child(void *result, void *arg)
{
	struct run_seen *r = result;
	const struct run_arg *a = arg;

	r->fds_before = graded_open_descriptors(getpid());
	errno = 0;
	r->status = pipeline_run(a->cmds, a->n);
	r->err = errno;
	r->fds_after = graded_open_descriptors(getpid());
	errno = 0;
	r->left = (int)waitpid(-1, NULL, WNOHANG);
	r->left_err = errno;
}

/* " (errno N)" when pipeline_run() returned -1, else "" (static buffer). */
static const char *errno_note(const struct run_seen *r)
{
	static char note[32];

	note[0] = '\0';
	if (r->status == -1)
		snprintf(note, sizeof note, " (errno %d)", r->err);
	return note;
}

/* Parse texts here, call pipeline_run() on them in a child and return what
 * that child saw; fails the test if pipeline_run() did not return.  what
 * gets the commands joined by " | ", for messages. */
static struct run_seen run_isolated(size_t n, char *texts[], char *what, size_t size)
{
	const char *why;
	size_t bad;
	struct command *cmds = pipeline_parse(n, texts, &why, &bad);
	size_t used = 0;

	cr_assert(cmds, "cannot parse the test's commands: %s", why);
	what[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++)
		used += snprintf(what + used, size - used, "%s%s", i ? " | " : "", texts[i]);
	struct run_arg arg = {cmds, n};
	struct graded_call call;
	struct run_seen *seen = graded_isolate(run_child, &arg, sizeof *seen, CALL_SECONDS,
					       &call);
	pipeline_free(cmds, n);
	cr_assert(call.returned, "pipeline_run() of `%s` %s", what, call.how);
	return *seen;
}

GRADED(pipeline, reaps_every_child,
       .description = "pipeline_run() waits for every child, not only the last: no zombie "
		      "is left [pipes#reaping]",
       .timeout = 20)
{
	char *texts[] = {"sh -c 'sleep 0.2; seq 1 100'", "cat", "wc -l > count.txt"};
	char what[256];
	struct run_seen r = run_isolated(3, texts, what, sizeof what);

	cr_expect(r.status == 0, "pipeline_run() of `%s` returned %d%s, expected 0", what,
		  r.status, errno_note(&r));
	/* A child that was not waited for is a zombie, or still running. */
	cr_expect(r.left == -1 && r.left_err == ECHILD,
		  "after pipeline_run() of `%s` returned, waitpid(-1, WNOHANG) in the caller "
		  "returned %d%s: a child was not reaped", what, r.left,
		  r.left == 0 ? " (a child is still running)"
		  : r.left > 0 ? " (the pid of a zombie: a child that exited, never waited for)"
		  : r.left_err != ECHILD ? " with an errno other than ECHILD" : "");
}

GRADED(pipeline, keeps_caller_descriptors,
       .description = "after pipeline_run() the caller has exactly the descriptors it had "
		      "before [pipes#closing-unused-ends]",
       .timeout = 20)
{
	char *texts[] = {"seq 1 100", "cat", "cat", "wc -l > count.txt"};
	char what[256];
	struct run_seen r = run_isolated(4, texts, what, sizeof what);

	cr_expect(r.status == 0, "pipeline_run() of `%s` returned %d%s, expected 0", what,
		  r.status, errno_note(&r));
	cr_assert(r.fds_before >= 0 && r.fds_after >= 0,
		  "the caller's descriptors could not be counted from /proc (%d before, %d after)",
		  r.fds_before, r.fds_after);
	cr_expect(r.fds_after == r.fds_before, "the caller had %d descriptors open before "
		  "pipeline_run() of `%s`, %d after: %s", r.fds_before, what, r.fds_after,
		  r.fds_after > r.fds_before ? "pipe ends were left open in the parent"
		  : "the parent closed descriptors that were not its pipe ends (its stdin or "
		    "stdout?)");
}

GRADED(pipeline, returns_exit_code,
       .description = "pipeline_run() returns the last command's exit code (WEXITSTATUS), not "
		      "the raw wait status, and not the status of the child that ended last "
		      "[pipes#exit-status]",
       .timeout = 20)
{
	char first[512];
	char *texts[] = {(char *)ends_last(first, sizeof first, "yes"), "sh -c 'exit 7'"};
	char what[1100];
	struct run_seen r = run_isolated(2, texts, what, sizeof what);

	cr_expect(r.status == 7, "pipeline_run() of `%s` returned %d%s, expected 7%s", what,
		  r.status, errno_note(&r), r.status == 7 << 8 ? " (that is the raw wait status: use WEXITSTATUS)"
		  : "");
}

GRADED(pipeline, returns_signal_status,
       .description = "pipeline_run() returns 128+N when signal N killed the last command "
		      "[pipes#exit-status]",
       .timeout = 20)
{
	char *texts[] = {"sh -c 'kill -TERM $$'"};
	char what[256];
	struct run_seen r = run_isolated(1, texts, what, sizeof what);

	cr_expect(r.status == 128 + 15, "pipeline_run() of `%s` returned %d%s, expected 143%s",
		  what, r.status, errno_note(&r), r.status == 15 ? " (the raw wait status: use WTERMSIG and add 128)"
		  : r.status == 0 ? " (WEXITSTATUS of a process killed by a signal means nothing: "
		  "check WIFSIGNALED)" : "");
}
