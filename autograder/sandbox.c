/* sandbox.c - supervised runs of untrusted programs, under limits, in parallel
 *
 * The grader forks one supervisor per job.  The supervisor becomes a child
 * subreaper, forks the program into a process group of its own, and then
 * watches: the wall clock, the number of descendants, the program's exit.
 * When the program ends for any reason, everything it left behind is killed
 * and reaped before the supervisor reports, so no process of a submission
 * outlives its job.  The report travels back to the grader through a pipe.
 *
 * Every call that confines a job is checked: the supervisor's prctl()s, and
 * in the program's process setpgid(), each setrlimit() and the switch to its
 * own uid.  If one fails, the program is not run; the job ends as
 * JOB_NOT_CONFINED with the call's name and errno, and the grader counts it,
 * since a grade earned by unconfined code means nothing.
 *
 * As root, each running untrusted job gets a uid of its own, so that
 * RLIMIT_NPROC counts its processes alone.  Several graders may run at once
 * (instructor regrades), so the uids are handed out in blocks of MAX_SLOTS:
 * block B is uids SANDBOX_UID_BASE + B * MAX_SLOTS onwards, and a grader owns
 * it while it holds flock(LOCK_EX) on UID_LOCK_DIR/B.lock.  At its first
 * untrusted job a grader locks the first block nobody holds and keeps the
 * lock until it exits; the kernel drops it when the grader dies, however it
 * dies, so a crashed grader leaves no stale claim.  UID_LOCK_DIR is made by
 * root, for root only (only root switches uids), and the lock files are
 * never removed: removing one would let two graders lock two different files
 * of the same name.  Graders that see the same /run see the same locks.
 */
#define _GNU_SOURCE
#include "sandbox.h"
#include "progress.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SLOTS 64
#define SANDBOX_UID_BASE 200000
#define UID_BLOCKS 4096                  /* uids up to SANDBOX_UID_BASE + 262143 */
#define UID_LOCK_DIR "/run/grade-uids"

/* What a supervisor sends back, and what the program's process sends the
 * supervisor when it cannot be run.  Fixed size, smaller than PIPE_BUF, so
 * that one write() carries it whole. */
struct outcome {
	int end;                      /* an enum job_end */
	int exit_code;                /* when JOB_EXITED */
	int signal;                   /* when JOB_SIGNALED */
	int error;                    /* errno of the call that failed, or 0 */
	char call[SANDBOX_CALL_MAX];  /* the call that failed, NUL-terminated */
};

static struct job *queue_head, *queue_tail;
/* Runs of the outermost sandbox_run_queue(): queued (added since it began,
 * done() callbacks included) and finished, for the progress line. */
static int depth, runs_queued, runs_finished;

static int (*stop_queue)(void *);  /* sandbox_stop_when() */
static void *stop_ctx;
static int own_uids = 1;      /* as root, give untrusted jobs a uid of their own */
static int confinement_failures;        /* jobs that ended JOB_NOT_CONFINED */
static char *first_confinement_failure; /* the first of them in words */
static int uid_block = -1;    /* the block of uids this grader holds, once taken */

void sandbox_own_uids(int on)
{
	own_uids = on;
}

/* Whether j runs under a uid of its own: untrusted code, as root, unless
 * turned off. */
static int runs_own_uid(const struct job *j)
{
	return j->untrusted && own_uids && geteuid() == 0;
}

char **strv_new(const char *first, ...)
{
	char **v = xcalloc(1, sizeof *v);
	va_list ap;
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *))
		strv_push(&v, s);
	va_end(ap);
	return v;
}

void strv_push(char ***v, const char *s)
{
	size_t n = 0;
	while ((*v)[n])
		n++;
	*v = xrealloc(*v, (n + 2) * sizeof **v);
	(*v)[n] = xstrdup(s);
	(*v)[n + 1] = NULL;
}

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

/* ---- finding and killing what a job left behind ---- */

/* Parent pid of pid from /proc/PID/stat, or -1. */
static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');     /* the command name may hold spaces */
	int ppid;
	if (!p || sscanf(p + 2, "%*c %d", &ppid) != 1)
		return -1;
	return ppid;
}

/* Every descendant of root, into pids (at most max); returns the count. */
static int descendants(pid_t root, pid_t *pids, int max)
{
	static pid_t all[65536], parent[65536];
	int n = 0, found = 0;
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 65536) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		all[n] = atoi(e->d_name);
		parent[n] = parent_of(all[n]);
		n++;
	}
	closedir(d);
	/* Breadth first: pids[] doubles as the queue. */
	pids[found++] = root;
	for (int head = 0; head < found; head++)
		for (int i = 0; i < n && found < max; i++)
			if (parent[i] == pids[head] && all[i] != root)
				pids[found++] = all[i];
	memmove(pids, pids + 1, (found - 1) * sizeof *pids);
	return found - 1;
}

static void reap_all(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* Kill the program's process group and every descendant, until none is left. */
static void kill_everything(pid_t group)
{
	static pid_t pids[65536];
	for (int round = 0; round < 1000; round++) {
		kill(-group, SIGKILL);
		int n = descendants(getpid(), pids, 65536);
		for (int i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		reap_all();
		if (n == 0 && waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD)
			return;
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
}

/* Processes owned by uid right now (for RLIMIT_NPROC when not root). */
static int processes_of(uid_t uid)
{
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat st;
		char path[300];
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof path, "/proc/%s", e->d_name);
		if (stat(path, &st) == 0 && st.st_uid == uid)
			n++;
	}
	closedir(d);
	return n;
}

/* ---- the supervised program ---- */

/* One limit of a job: the resource, the call's name for messages, the value. */
struct limit {
	int on;                       /* 0: the job sets no such limit */
	int resource;                 /* RLIMIT_... */
	const char *call;             /* "setrlimit(RLIMIT_...)" */
	rlim_t value;                 /* both the soft and the hard limit */
};
#define LIMIT(on, resource, value) {(on), (resource), "setrlimit(" #resource ")", (value)}

/* Apply the job's limits in this process.  Returns NULL, or the name of the
 * call that failed with errno set (the later limits are then not applied). */
static const char *apply_limits(const struct limits *l, uid_t uid, int own_uid)
{
	rlim_t nproc = l->processes;
	if (l->processes && !own_uid)
		nproc += processes_of(uid);     /* the uid's other processes count too */
	const struct limit table[] = {
		LIMIT(l->cpu_seconds != 0, RLIMIT_CPU, l->cpu_seconds),
		LIMIT(l->memory_mb != 0, RLIMIT_AS, (rlim_t)l->memory_mb << 20),
		LIMIT(l->file_size_mb != 0, RLIMIT_FSIZE, (rlim_t)l->file_size_mb << 20),
		LIMIT(l->open_files != 0, RLIMIT_NOFILE, l->open_files),
		LIMIT(1, RLIMIT_CORE, 0),
		LIMIT(l->processes != 0, RLIMIT_NPROC, nproc),
	};
	for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
		struct rlimit r = {table[i].value, table[i].value};
		if (table[i].on && setrlimit(table[i].resource, &r) < 0)
			return table[i].call;
	}
	return NULL;
}

/* Leave root for uid, groups included.  Returns NULL, or the name of the
 * call that failed with errno set. */
static const char *switch_uid(uid_t uid)
{
	if (setgroups(0, NULL) < 0)
		return "setgroups";
	if (setresgid(uid, uid, uid) < 0)
		return "setresgid";
	if (setresuid(uid, uid, uid) < 0)
		return "setresuid";
	return NULL;
}

/* In the forked child: tell the supervisor on fd that the program cannot
 * run (end is JOB_NOT_CONFINED or JOB_NOT_STARTED, call failed with error)
 * and exit.  Does not return. */
static void program_fail(int fd, int end, const char *call, int error)
{
	struct outcome o = {.end = end, .error = error};
	snprintf(o.call, sizeof o.call, "%s", call);
	if (write(fd, &o, sizeof o) < 0)
		_exit(127);
	_exit(127);
}

/* In the forked child: become the program.  Does not return: when a step
 * fails, it reports which on errfd (see program_fail()) and exits. */
static void become_program(struct job *j, int out, int err, int errfd, uid_t uid)
{
	if (setpgid(0, 0) < 0)
		program_fail(errfd, JOB_NOT_CONFINED, "setpgid", errno);
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	int in = open("/dev/null", O_RDONLY);
	if (in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		program_fail(errfd, JOB_NOT_STARTED, "dup2", errno);
	if (in > 2)
		close(in);
	if (j->cwd && chdir(j->cwd) < 0)
		program_fail(errfd, JOB_NOT_STARTED, "chdir", errno);
	int own_uid = runs_own_uid(j);
	const char *failed = j->untrusted ?
		apply_limits(&j->limits, own_uid ? uid : getuid(), own_uid) : NULL;
	if (!failed && own_uid)
		failed = switch_uid(uid);
	if (failed)
		program_fail(errfd, JOB_NOT_CONFINED, failed, errno);
	umask(022);
	execvpe(j->argv[0], j->argv, j->env);
	program_fail(errfd, JOB_NOT_STARTED, "execvpe", errno);
}

static volatile sig_atomic_t grader_gone;

static void on_grader_gone(int sig)
{
	(void)sig;
	grader_gone = 1;
}

/* Make this supervisor the reaper of every orphan below it, and stop it
 * when the grader dies.  Returns NULL, or the name of the call that failed
 * with errno set. */
static const char *confine_supervisor(void)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		return "prctl(PR_SET_CHILD_SUBREAPER)";
	if (signal(SIGTERM, on_grader_gone) == SIG_ERR)
		return "signal(SIGTERM)";
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0)
		return "prctl(PR_SET_PDEATHSIG)";
	return NULL;
}

/* The supervisor: run the job, watch it, clean up, report on fd. */
static void supervise(struct job *j, uid_t uid, int fd)
{
	struct outcome o = {.end = JOB_NOT_STARTED};
	const char *failed = confine_supervisor();
	if (failed) {
		o.end = JOB_NOT_CONFINED;
		o.error = errno;
		snprintf(o.call, sizeof o.call, "%s", failed);
		goto report;
	}
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);

	int own_uid = runs_own_uid(j);
	int out = open(j->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int err = strcmp(j->out_path, j->err_path) == 0 ? out :
		  open(j->err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int execpipe[2];
	if (out < 0 || err < 0 || pipe2(execpipe, O_CLOEXEC) < 0)
		goto report;
	if (own_uid && j->cwd)
		open_tree(j->cwd);

	pid_t child = fork();
	if (child < 0)
		goto report;
	if (child == 0)
		become_program(j, out, err, execpipe[1], uid);
	close(execpipe[1]);
	struct outcome setup;
	if (read(execpipe[0], &setup, sizeof setup) == sizeof setup) {
		o = setup;
		if (o.end == JOB_NOT_STARTED)
			dprintf(err, "grade: cannot run '%s': %s\n", j->argv[0], strerror(o.error));
		kill_everything(child);
		goto report;
	}
	close(execpipe[0]);

	double start = now_seconds(), last_count = start;
	static pid_t pids[65536];
	for (;;) {
		int status;
		pid_t p;
		while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
			if (p != child)
				continue;
			o.end = WIFEXITED(status) ? JOB_EXITED : JOB_SIGNALED;
			o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
			o.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		}
		if (o.end != JOB_NOT_STARTED || grader_gone)
			break;
		double t = now_seconds();
		if (t - start > j->limits.wall_seconds) {
			o.end = JOB_TIMED_OUT;
			break;
		}
		if (j->limits.processes && t - last_count > 0.2) {
			last_count = t;
			if (descendants(getpid(), pids, 65536) > j->limits.processes) {
				o.end = JOB_FORK_BOMB;
				break;
			}
		}
		struct timespec wait = {0, 20000000};
		sigtimedwait(&chld, NULL, &wait);
	}
	kill_everything(child);
	/* Criterion's runner leaves pid-named files; a stale one breaks the next run. */
	char path[64];
	const char *leftovers[] = {"/tmp/criterion_%d.sock", "/dev/shm/bxfi_%d", "/dev/shm/bxf_arena_%d"};
	for (size_t i = 0; i < sizeof leftovers / sizeof *leftovers; i++) {
		snprintf(path, sizeof path, leftovers[i], (int)child);
		unlink(path);
	}
report:
	if (write(fd, &o, sizeof o) < 0)
		_exit(1);
	_exit(0);
}

/* ---- the queue ---- */

void sandbox_add(struct job *job)
{
	job->next = NULL;
	if (queue_tail)
		queue_tail->next = job;
	else
		queue_head = job;
	queue_tail = job;
	if (depth > 0)
		runs_queued++;
}

/* ---- the uids of untrusted jobs (see the top of this file) ---- */

/* Open UID_LOCK_DIR, creating it for root only.  Returns a descriptor, or
 * -1 with errno set; EPERM when it belongs to someone else or others may
 * write to it (then its lock files prove nothing). */
static int open_lock_dir(void)
{
	if (mkdir(UID_LOCK_DIR, 0700) < 0 && errno != EEXIST)
		return -1;
	int dir = open(UID_LOCK_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir < 0)
		return -1;
	struct stat st;
	if (fstat(dir, &st) < 0)
		goto out_close;
	if (st.st_uid != 0 || (st.st_mode & 022)) {
		errno = EPERM;
		goto out_close;
	}
	return dir;
out_close:;
	int e = errno;
	close(dir);
	errno = e;
	return -1;
}

/* Lock block b's file in dir without waiting.  Returns 1 when this process
 * now holds it (the descriptor stays open, close-on-exec, for the process's
 * lifetime), 0 when another process holds it, -1 with errno set on error. */
static int lock_block(int dir, int b)
{
	char name[32];
	snprintf(name, sizeof name, "%d.lock", b);
	int fd = openat(dir, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 1;
	int e = errno;
	close(fd);
	errno = e;
	return e == EWOULDBLOCK ? 0 : -1;
}

/* Take the first block of uids no other grader holds.  Returns its number;
 * exits with status 2 when none can be taken. */
static int take_uid_block(void)
{
	int dir = open_lock_dir();
	if (dir < 0 && errno == EPERM)
		fatal("cannot take a block of sandbox uids: %s is not root's alone, "
		      "so its locks prove nothing (make it mode 0700, owned by root)", UID_LOCK_DIR);
	if (dir < 0)
		fatal("cannot take a block of sandbox uids: cannot open %s: %s",
		      UID_LOCK_DIR, strerror(errno));
	for (int b = 0; b < UID_BLOCKS; b++) {
		int got = lock_block(dir, b);
		if (got < 0)
			fatal("cannot take a block of sandbox uids: cannot lock %s/%d.lock: %s",
			      UID_LOCK_DIR, b, strerror(errno));
		if (got) {
			close(dir);
			return b;
		}
	}
	fatal("cannot take a block of sandbox uids: all %d blocks in %s are held by "
	      "other graders", UID_BLOCKS, UID_LOCK_DIR);
}

/* The uid of slot, in this grader's block, which is taken at the first call.
 * Exits with status 2 when no block can be taken. */
static uid_t slot_uid(int slot)
{
	if (uid_block < 0)
		uid_block = take_uid_block();
	return SANDBOX_UID_BASE + (uid_t)uid_block * MAX_SLOTS + slot;
}

/* ---- running a job ---- */

static void job_start(struct job *j, int slot)
{
	int fds[2];
	uid_t uid = runs_own_uid(j) ? slot_uid(slot) : getuid();
	j->slot = slot;
	j->seconds = now_seconds();
	if (pipe2(fds, O_CLOEXEC) < 0)
		fatal("cannot make a pipe: %s", strerror(errno));
	fflush(NULL);
	pid_t sup = fork();
	if (sup < 0)
		fatal("cannot fork: %s", strerror(errno));
	if (sup == 0) {
		close(fds[0]);
		supervise(j, uid, fds[1]);
	}
	close(fds[1]);
	j->supervisor = sup;
	j->result_fd = fds[0];
}

/* Count a job that could not be confined; keep the first in words. */
static void note_not_confined(const struct job *j)
{
	if (confinement_failures++ == 0) {
		char *how = job_describe(j);
		first_confinement_failure = xprintf("'%s' %s", j->argv[0], how);
		free(how);
	}
}

int sandbox_confinement_failures(void)
{
	return confinement_failures;
}

const char *sandbox_confinement_failure(void)
{
	return first_confinement_failure;
}

static void job_finish(struct job *j)
{
	struct outcome o = {.end = JOB_NOT_STARTED};
	if (read(j->result_fd, &o, sizeof o) != sizeof o)
		o = (struct outcome){.end = JOB_NOT_STARTED};
	close(j->result_fd);
	j->end = o.end;
	j->exit_code = o.exit_code;
	j->signal = o.signal;
	j->failed_errno = o.error;
	o.call[sizeof o.call - 1] = '\0';
	memcpy(j->failed_call, o.call, sizeof j->failed_call);
	if (j->end == JOB_NOT_CONFINED)
		note_not_confined(j);
	j->seconds = now_seconds() - j->seconds;
	if (getenv("GRADER_TIMING"))
		fprintf(stderr, "grade: %.2fs %s\n", j->seconds, j->argv[0]);
}

/* waitpid(-1) for any child, drawing the progress line about four times a
 * second meanwhile (the outermost run only).  SIGCHLD is blocked only while
 * waiting, so that children never start with it blocked: one that ends
 * before the block is found by the first waitpid(WNOHANG). */
static pid_t wait_for_child(int *status)
{
	sigset_t chld, old;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	pid_t p;
	while ((p = waitpid(-1, status, WNOHANG)) == 0) {
		if (depth == 1)
			progress_tick(runs_finished, runs_queued);
		struct timespec quarter = {0, 250 * 1000 * 1000};
		sigtimedwait(&chld, NULL, &quarter);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return p;
}

static void run_queue(int parallel);
void sandbox_stop_when(int (*stop)(void *ctx), void *ctx)
{
	stop_queue = stop;
	stop_ctx = ctx;
}

/* Should j be skipped rather than started? */
static int job_cancelled(const struct job *j)
{
	return (j->cancel && *j->cancel) || (stop_queue && stop_queue(stop_ctx));
}

void sandbox_run_queue(int parallel)
{
	if (depth++ == 0) {
		runs_queued = runs_finished = 0;
		for (struct job *j = queue_head; j; j = j->next)
			runs_queued++;
	}
	run_queue(parallel);
	depth--;
}

static void run_queue(int parallel)
{
	struct job *running[MAX_SLOTS] = {0};
	int active = 0;
	if (parallel < 1)
		parallel = 1;
	if (parallel > MAX_SLOTS)
		parallel = MAX_SLOTS;
	for (;;) {
		while (active < parallel && queue_head) {
			struct job *j = queue_head;
			queue_head = j->next;
			if (!queue_head)
				queue_tail = NULL;
			if (job_cancelled(j)) {
				j->skipped = 1;
				j->end = JOB_NOT_STARTED;
				runs_finished++;
				if (j->done)
					j->done(j);
				continue;
			}
			if (j->prepare)
				j->prepare(j);
			int slot = 0;
			while (running[slot])
				slot++;
			running[slot] = j;
			job_start(j, slot);
			active++;
		}
		if (active == 0)
			return;
		int status;
		pid_t p = wait_for_child(&status);
		if (p < 0) {
			if (errno == EINTR)
				continue;
			fatal("lost track of running jobs: %s", strerror(errno));
		}
		for (int s = 0; s < parallel; s++) {
			if (!running[s] || running[s]->supervisor != p)
				continue;
			struct job *j = running[s];
			running[s] = NULL;
			active--;
			runs_finished++;
			job_finish(j);
			if (j->done)
				j->done(j);
		}
	}
}

void sandbox_run_one(struct job *job)
{
	void (*done)(struct job *) = job->done;
	struct job *saved_head = queue_head, *saved_tail = queue_tail;
	queue_head = queue_tail = NULL;
	job->done = NULL;
	sandbox_add(job);
	sandbox_run_queue(1);
	job->done = done;
	queue_head = saved_head;
	queue_tail = saved_tail;
}

char *job_describe(const struct job *j)
{
	switch (j->end) {
	case JOB_EXITED:
		return xprintf("exited with status %d", j->exit_code);
	case JOB_SIGNALED:
		if (j->signal == SIGXFSZ)
			return xprintf("stopped: wrote more than %ld MiB to a file or its output "
				       "(file size limit)", j->limits.file_size_mb);
		if (j->signal == SIGXCPU)
			return xprintf("stopped: used more than %d s of CPU time", j->limits.cpu_seconds);
		return xprintf("crashed: %s (signal %d)", strsignal(j->signal), j->signal);
	case JOB_TIMED_OUT:
		return xprintf("did not finish in %d s (killed)", j->limits.wall_seconds);
	case JOB_FORK_BOMB:
		return xprintf("started more than %d processes at once (a fork loop?); all killed",
			       j->limits.processes);
	case JOB_NOT_CONFINED:
		return xprintf("could not be confined: %s failed: %s; not run",
			       j->failed_call, strerror(j->failed_errno));
	default:
		return xstrdup(j->skipped ? "not run" : "could not be started");
	}
}
