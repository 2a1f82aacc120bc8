/* graded.c - completion markers, isolated calls, program runs and report hooks
 *
 * The threat model is in labs/README.md: code under test may do anything its
 * process can do.  So the test process never calls it.  graded_isolate() runs
 * the code under test in a child; the child leaves what it computed in shared
 * memory and the test process, which ran no student code, makes the
 * assertions.  Three channels carry the verdict to the grader, and it
 * trusts none alone:
 *  - the runner's exit status;
 *  - a JSON line per test, written by a Criterion report hook in the runner
 *    process, to $GRADED_REPORT;
 *  - the completion marker that GRADED() writes after the test's last line,
 *    tagged with a keyed hash of the test's name under this run's nonce
 *    (tag.h), so that tests sharing a marker file cannot copy each other's.  The nonce never sits in the memory of a
 *    process that runs student code: graded_begin() moves it from the
 *    environment into a memfd, the isolated child closes that descriptor
 *    before it calls anything, and graded_end() reads it back only after
 *    every child and descendant of the test process is gone.  Runner and test
 *    process are not dumpable, so other processes of the same uid cannot read
 *    their memory, environment or descriptors through /proc or ptrace.
 */
#define _GNU_SOURCE
#include "graded.h"
#include "tag.h"
#include "trusted.h"

#include <cjson/cJSON.h>
#include <criterion/hooks.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

static int nonce_fd = -1;       /* memfd holding $GRADED_NONCE, or below 0 */
static char marker_path[4096];  /* copied from $GRADED_MARKER */
static int harness_fds[64];     /* Criterion's descriptors, closed in isolated children */
static int nharness;

/* In the runner and in every test process, before main: no other process
 * of this uid may read this one's memory (the grader's secrets pass here). */
__attribute__((constructor)) static void graded_not_dumpable(void)
{
	prctl(PR_SET_DUMPABLE, 0);
}

/* One line of the marker file: "TAG WHAT suite/name DETAIL".  With
 * with_nonce, TAG is the test's own tag under the run's nonce (tag.h), which
 * no other test's line reveals; without, "-". */
static void marker_write(const char *what, const char *suite, const char *name,
			 const char *detail, int with_nonce)
{
	char nonce[64], test[300], tag[17] = "-";
	if (!marker_path[0])
		return;
	snprintf(test, sizeof test, "%s/%s", suite, name);
	if (with_nonce) {
		trusted_read_secret(nonce_fd, nonce, sizeof nonce, "");
		tag_of(nonce, what, test, tag);
		memset(nonce, 0, sizeof nonce);
	}
	int fd = open(marker_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0) {
		dprintf(fd, "%s %s %s %s\n", tag, what, test, detail ? detail : "");
		close(fd);
	}
}

/* Copies the regular files of the current directory into dir; 0 or -1. */
static int copy_data_into(const char *dir)
{
	DIR *d = opendir(".");
	if (!d)
		return -1;
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		struct stat st;
		if (lstat(e->d_name, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		char to[4096];
		size_t len;
		char *data = graded_read_file(e->d_name, &len);
		snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
		rc = data && graded_write_file(to, data, len) == 0 ? 0 : -1;
		if (rc == 0)
			chmod(to, st.st_mode & 07777);
		free(data);
	}
	closedir(d);
	return rc;
}

/* In a batch run (the grader sets GRADED_OWN_DIR) tests run side by side in
 * one directory; each moves to a directory of its own, holding a copy of the
 * data the run started with, so that no two tests share a file. */
static void enter_own_dir(const char *suite, const char *name)
{
	char dir[512];
	snprintf(dir, sizeof dir, "test-%s-%s", suite, name);
	int ok = mkdir(dir, 0777) == 0 && copy_data_into(dir) == 0 && chdir(dir) == 0;
	cr_assert(ok, "graded: cannot make the test's own directory %s: %s", dir, strerror(errno));
}

/* Move the secret out of the environment (and out of the memory that
 * /proc/self/environ shows) into a descriptor, take the paths the test
 * process needs, and record Criterion's descriptors. */
void graded_begin(const char *suite, const char *name)
{
	nonce_fd = trusted_stash_env("GRADED_NONCE");
	if (getenv("GRADED_OWN_DIR"))
		enter_own_dir(suite, name);
	unsetenv("GRADED_OWN_DIR");
	char *v = getenv("GRADED_MARKER");
	if (v)
		snprintf(marker_path, sizeof marker_path, "%s", v);
	unsetenv("GRADED_MARKER");
	unsetenv("GRADED_REPORT");
	unsetenv("GRADED_LIST");
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	while (d && (e = readdir(d)) && nharness < 64) {
		int fd = atoi(e->d_name);
		if (e->d_name[0] != '.' && fd > 2 && fd != dirfd(d))
			harness_fds[nharness++] = fd;
	}
	if (d)
		closedir(d);
	/* Orphans of whatever the test starts become our children, so that
	 * graded_end() can make sure none is left. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	marker_write("begin", suite, name, NULL, 0);
}

void graded_end(const char *suite, const char *name)
{
	trusted_kill_children();
	marker_write("end", suite, name, NULL, 1);
}

/* ---- calling the code under test in a child ---- */

struct isolated {
	int returned;          /* set by the child after fn returned */
	char result[];         /* fn's result, size bytes */
};

void *graded_isolate(void (*fn)(void *result, void *arg), void *arg, size_t size,
		     int seconds, struct graded_call *call)
{
	memset(call, 0, sizeof *call);
	struct isolated *shared = mmap(NULL, sizeof *shared + size, PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	cr_assert(shared != MAP_FAILED, "graded: cannot map shared memory: %s", strerror(errno));
	fflush(NULL);
	pid_t pid = fork();
	cr_assert(pid >= 0, "graded: cannot fork: %s", strerror(errno));
	if (pid == 0) {
		/* Nothing of the harness stays within reach of the code under
		 * test: not the nonce, not Criterion's channels to the runner. */
		if (nonce_fd >= 0)
			close(nonce_fd);
		for (int i = 0; i < nharness; i++)
			close(harness_fds[i]);
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		fn(shared->result, arg);
		shared->returned = 1;
		fflush(NULL);
		_exit(0);
	}
	setpgid(pid, pid);
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	struct pollfd p = {pidfd, POLLIN, 0};
	int ready = pidfd >= 0 ? poll(&p, 1, (seconds ? seconds : GRADED_RUN_SECONDS) * 1000) : 1;
	if (pidfd >= 0)
		close(pidfd);
	int status = 0;
	if (ready == 0) {
		call->timed_out = 1;
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	waitpid(pid, &status, 0);
	kill(-pid, SIGKILL);
	trusted_kill_children();
	call->returned = shared->returned == 1 && !call->timed_out && WIFEXITED(status) &&
			 WEXITSTATUS(status) == 0;
	call->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	call->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	if (call->returned)
		snprintf(call->how, sizeof call->how, "returned");
	else if (call->timed_out)
		snprintf(call->how, sizeof call->how, "did not return within %d s (killed)",
			 seconds ? seconds : GRADED_RUN_SECONDS);
	else if (call->signal)
		snprintf(call->how, sizeof call->how, "crashed: killed by signal %d (%s)",
			 call->signal, strsignal(call->signal));
	else
		snprintf(call->how, sizeof call->how, "never returned: the process that called it "
			 "exited with status %d (exit() or _exit() in your code?)", call->exit_code);
	return shared->result;
}

void graded_not_graded(const char *why)
{
	const struct criterion_test *t = criterion_current_test;
	trusted_kill_children();
	marker_write("notgraded", t ? t->category : "?", t ? t->name : "?", why, 1);
	cr_skip_test("not graded: %s", why);
}

/* Eight buffers in turn, so that several calls can share one argv list. */
const char *graded_program(const char *name)
{
	static char paths[8][4096];
	static int next;
	char *path = paths[next++ % 8];
	const char *bin = getenv("LAB_BIN");
	snprintf(path, sizeof paths[0], "%s/%s", bin ? bin : ".", name);
	return path;
}

/* ---- report hooks (run in the Criterion runner process) ---- */

/* One report line: "TAG JSON", TAG the keyed tag of JSON under the run's
 * nonce (tag.h).  The runner process, where student code never runs, still
 * holds the nonce in its environment; the file itself is writable by the
 * code under test, which can neither make a tag nor change a tagged line. */
static void report_append(cJSON *obj)
{
	const char *path = getenv("GRADED_REPORT");
	const char *nonce = getenv("GRADED_NONCE");
	char *text = cJSON_PrintUnformatted(obj);
	if (path && text) {
		char tag[17] = "-";
		if (nonce)
			tag_of_bytes(nonce, text, strlen(text), tag);
		FILE *f = fopen(path, "a");
		if (f) {
			fprintf(f, "%s %s\n", tag, text);
			fclose(f);
		}
	}
	free(text);
	cJSON_Delete(obj);
}

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	const char *path = getenv("GRADED_LIST");
	if (!path)
		return;
	cJSON *list = cJSON_CreateArray();
	FOREACH_SET(struct criterion_suite_set *s, set->suites) {
		FOREACH_SET(struct criterion_test *t, s->tests) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "suite", t->category);
			cJSON_AddStringToObject(o, "name", t->name);
			cJSON_AddStringToObject(o, "description",
				t->data && t->data->description ? t->data->description : "");
			cJSON_AddNumberToObject(o, "timeout", t->data ? t->data->timeout : 0);
			cJSON_AddItemToArray(list, o);
		}
	}
	char *text = cJSON_Print(list);
	FILE *f = fopen(path, "w");
	if (f && text)
		fputs(text, f);
	if (f)
		fclose(f);
	free(text);
	cJSON_Delete(list);
	_exit(f ? 0 : 3);
}

static cJSON *stats_json(struct criterion_test_stats *st, const char *event)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "event", event);
	cJSON_AddStringToObject(o, "suite", st->test->category);
	cJSON_AddStringToObject(o, "name", st->test->name);
	const char *status = st->test_status == CR_STATUS_PASSED ? "passed"
			   : st->test_status == CR_STATUS_SKIPPED ? "skipped" : "failed";
	cJSON_AddStringToObject(o, "status", status);
	cJSON_AddBoolToObject(o, "crashed", st->crashed);
	cJSON_AddBoolToObject(o, "timed_out", st->timed_out);
	cJSON_AddNumberToObject(o, "signal", st->signal);
	cJSON_AddNumberToObject(o, "exit_code", st->exit_code);
	cJSON_AddNumberToObject(o, "failed_asserts", st->failed_asserts);
	if (st->message)
		cJSON_AddStringToObject(o, "message", st->message);
	cJSON *asserts = cJSON_AddArrayToObject(o, "asserts");
	cJSON_AddNumberToObject(o, "elapsed", st->elapsed_time);
	/* Criterion keeps the newest assertion first: the report keeps the
	 * order they failed in, so that the cause comes before its effects. */
	for (struct criterion_assert_stats *a = st->asserts; a; a = a->next) {
		if (a->passed)
			continue;
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "message", a->message ? a->message : "");
		cJSON_AddStringToObject(x, "file", a->file ? a->file : "");
		cJSON_AddNumberToObject(x, "line", a->line);
		cJSON_InsertItemInArray(asserts, 0, x);
	}
	return o;
}

ReportHook(POST_TEST)(struct criterion_test_stats *st)
{
	report_append(stats_json(st, "post_test"));
}

ReportHook(TEST_CRASH)(struct criterion_test_stats *st)
{
	report_append(stats_json(st, "crash"));
}

/* ---- running programs ---- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct buf {
	char *data;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *p, size_t n)
{
	if (b->len + n > GRADED_CAPTURE_MAX)
		n = GRADED_CAPTURE_MAX - b->len;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = realloc(b->data, cap);
		cr_assert(b->data, "graded: out of memory");
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void child_exec(char *const argv[], const struct graded_opts *o,
		       int in, int out, int err)
{
	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (o->cwd && chdir(o->cwd) < 0)
		_exit(126);
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	/* Criterion's own descriptors are not close-on-exec: keep them from
	 * the program, which must see only what it (or sh) would see. */
	close_range(3, ~0U, 0);
	execvp(argv[0], argv);
	dprintf(2, "graded: cannot run '%s': %s\n", argv[0], strerror(errno));
	_exit(127);
}

int graded_run(struct graded_result *r, char *const argv[], const struct graded_opts *opts)
{
	struct graded_opts o = opts ? *opts : (struct graded_opts){0};
	int in[2], out[2], err[2];
	memset(r, 0, sizeof *r);
	if (pipe2(in, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
		return -1;
	if (!o.input) {
		close(in[1]);
		close(in[0]);
		in[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		in[1] = -1;
	}
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		child_exec(argv, &o, in[0], out[1], err[1]);
	setpgid(pid, pid);
	r->ran = 1;
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (in[1] >= 0)
		fcntl(in[1], F_SETFL, O_NONBLOCK);
	struct buf bo = {0}, be = {0};
	buf_add(&bo, "", 0);
	buf_add(&be, "", 0);
	size_t sent = 0;
	double deadline = now() + (o.seconds ? o.seconds : GRADED_RUN_SECONDS);
	int status = 0, reaped = 0;
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	while (out[0] >= 0 || err[0] >= 0 || !reaped) {
		if (!reaped && waitpid(pid, &status, WNOHANG) == pid)
			reaped = 1;
		double left = deadline - now();
		if (left <= 0) {
			r->timed_out = 1;
			break;
		}
		struct pollfd p[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0},
				      {in[1], POLLOUT, 0}};
		if (in[1] >= 0 && sent == o.input_len) {
			close(in[1]);
			in[1] = -1;
			p[2].fd = -1;
		}
		int t = reaped ? (int)(left * 1000) + 1 : 20;
		if (poll(p, 3, t < 20 ? t : 20) < 0 && errno != EINTR)
			break;
		char chunk[65536];
		for (int i = 0; i < 2; i++) {
			int *fd = i ? &err[0] : &out[0];
			if (*fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(*fd, chunk, sizeof chunk);
			if (n > 0)
				buf_add(i ? &be : &bo, chunk, n);
			else if (n == 0 || errno != EINTR) {
				close(*fd);
				*fd = -1;
			}
		}
		if (in[1] >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = write(in[1], o.input + sent, o.input_len - sent);
			if (n > 0)
				sent += n;
			else if (n < 0 && errno != EAGAIN && errno != EINTR) {
				close(in[1]);
				in[1] = -1;
			}
		}
	}
	kill(-pid, SIGKILL);
	if (!reaped)
		waitpid(pid, &status, 0);
	signal(SIGPIPE, old);
	for (int *fd = (int[]){in[1], out[0], err[0], -2}; *fd != -2; fd++)
		if (*fd >= 0)
			close(*fd);
	if (!r->timed_out) {
		r->exited = WIFEXITED(status);
		r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
		r->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	}
	r->out = bo.data;
	r->out_len = bo.len;
	r->err = be.data;
	r->err_len = be.len;
	return 0;
}

int graded_sh(struct graded_result *r, const char *script, const struct graded_opts *opts)
{
	char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
	return graded_run(r, argv, opts);
}

void graded_result_free(struct graded_result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof *r);
}

const char *graded_describe(const struct graded_result *r)
{
	static char text[128];
	if (!r->ran)
		snprintf(text, sizeof text, "could not be started");
	else if (r->timed_out)
		snprintf(text, sizeof text, "did not finish in time (killed)");
	else if (r->signal)
		snprintf(text, sizeof text, "killed by signal %d (%s)", r->signal,
			 strsignal(r->signal));
	else
		snprintf(text, sizeof text, "exited with status %d", r->exit_code);
	return text;
}

int graded_shell_status(const struct graded_result *r)
{
	if (r->timed_out || !r->ran)
		return -1;
	return r->signal ? 128 + r->signal : r->exit_code;
}

char *graded_diff(const char *expected, size_t elen, const char *actual, size_t alen)
{
	if (elen == alen && memcmp(expected, actual, elen) == 0)
		return strdup("");
	char dir[] = "/tmp/graded-diff-XXXXXX";
	char a[64], b[64];
	if (!mkdtemp(dir))
		return strdup("(no diff: cannot make a temporary directory)");
	snprintf(a, sizeof a, "%s/expected", dir);
	snprintf(b, sizeof b, "%s/actual", dir);
	graded_write_file(a, expected, elen);
	graded_write_file(b, actual, alen);
	char script[256];
	snprintf(script, sizeof script,
		 "diff -u --label expected --label actual %s %s | head -n 40", a, b);
	struct graded_result r;
	graded_sh(&r, script, NULL);
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(r.err);
	return r.out ? r.out : strdup("");
}

void graded_expect_same(const struct graded_result *got,
			const struct graded_result *want, const char *what)
{
	char *d = graded_diff(want->out, want->out_len, got->out, got->out_len);
	cr_expect(d[0] == '\0', "%s: stdout differs from /bin/sh's (- expected, + yours):\n%s",
		  what, d);
	free(d);
	int ws = graded_shell_status(want), gs = graded_shell_status(got);
	cr_expect(ws == gs, "%s: /bin/sh gives status %d, yours %s (stderr: %.300s)",
		  what, ws, graded_describe(got), got->err ? got->err : "");
}

int graded_open_descriptors(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return pid == getpid() ? n - 1 : n;
}

char *graded_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = {0};
	buf_add(&b, "", 0);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return b.data;
}

int graded_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		p += n;
		len -= n;
	}
	return close(fd);
}
