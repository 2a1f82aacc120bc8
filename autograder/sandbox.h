/* sandbox.h - run untrusted programs under limits, several at a time
 *
 * Every run is a job.  A job runs under its own supervisor process, which is
 * a child subreaper: whatever the job forks, double-forks or setsid()s ends
 * up as the supervisor's descendant, and the supervisor kills all of it when
 * the job ends, times out, or forks without end.  As root, each running job
 * gets a user id of its own, because the kernel ignores RLIMIT_NPROC for root.
 * A job whose confinement cannot be set up (a limit, the subreaper, its own
 * uid) is not run at all: it ends as JOB_NOT_CONFINED, and the grader cannot
 * grade.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <sys/types.h>

struct limits {
	int wall_seconds;     /* wall-clock limit; expiry kills everything */
	int cpu_seconds;      /* RLIMIT_CPU */
	long memory_mb;       /* RLIMIT_AS; 0 means none (Valgrind needs room) */
	int processes;        /* descendants at once (RLIMIT_NPROC and a watch) */
	long file_size_mb;    /* RLIMIT_FSIZE, which also caps stdout and stderr */
	int open_files;       /* RLIMIT_NOFILE */
};

enum job_end {
	JOB_EXITED,           /* the program exited by itself */
	JOB_SIGNALED,         /* a signal killed it */
	JOB_TIMED_OUT,        /* the wall-clock limit expired */
	JOB_FORK_BOMB,        /* more than limits.processes descendants */
	JOB_NOT_STARTED,      /* exec failed or the grader could not set it up */
	JOB_NOT_CONFINED,     /* a confining call failed, so the program never ran */
};

/* Room for the name of a failed call, "setrlimit(RLIMIT_NPROC)", with its NUL. */
#define SANDBOX_CALL_MAX 48

struct job {
	/* set by the caller */
	char **argv;          /* argv[0] is a path or a name found in PATH */
	char **env;           /* the whole environment of the run */
	char *cwd;            /* the directory it runs in */
	char *out_path;       /* where stdout goes */
	char *err_path;       /* where stderr goes; may equal out_path */
	struct limits limits;
	int untrusted;        /* 1: student code (own uid as root, limits) */
	void (*done)(struct job *);   /* called when it ends; may add jobs */
	void *ctx;            /* for done() */
	int *cancel;          /* if set and nonzero when the job is due, skip it */
	void (*prepare)(struct job *);  /* called just before it starts; may change limits */
	int short_seconds;    /* for prepare(): a shorter wall-clock limit, or 0 */
	/* filled in by the sandbox */
	enum job_end end;
	int exit_code;        /* when JOB_EXITED */
	int signal;           /* when JOB_SIGNALED */
	double seconds;       /* wall time */
	int skipped;          /* cancelled before it started */
	char failed_call[SANDBOX_CALL_MAX];  /* when JOB_NOT_CONFINED: which call */
	int failed_errno;     /* when JOB_NOT_CONFINED: the errno it failed with */
	/* private */
	pid_t supervisor;
	int result_fd;
	int slot;
	struct job *next;
};

/* Queue a job; it runs during sandbox_run_queue().  The sandbox owns
 * nothing in the job: the caller frees it (typically in done()). */
void sandbox_add(struct job *job);
/* As root, untrusted jobs run under a uid of their own unless this is
 * turned off (when that uid could not reach the files it needs). */
void sandbox_own_uids(int on);
/* From now on, a queued job is skipped (as a cancelled one is) instead of
 * started whenever stop(ctx) returns nonzero; jobs already running finish.
 * NULL turns it off.  For a grading that stops at its first lost point. */
void sandbox_stop_when(int (*stop)(void *ctx), void *ctx);
/* Run queued jobs, at most parallel at once, until none is left. */
void sandbox_run_queue(int parallel);
/* Run one job now and wait for it. */
void sandbox_run_one(struct job *job);

/* "exited with status 1", "crashed: segmentation fault", "did not finish in 10 s",
 * "could not be confined: setrlimit(RLIMIT_NPROC) failed: ...; not run" ...
 * Returns a malloc'd string; this function can't fail. */
char *job_describe(const struct job *job);

/* How many jobs of this grader process could not be confined (and so were
 * not run).  Any at all means the grade cannot be trusted. */
int sandbox_confinement_failures(void);
/* The first of them in words, "'gcc' could not be confined: prctl(...)
 * failed: ...; not run", or NULL when there was none.  Owned by the sandbox. */
const char *sandbox_confinement_failure(void);

/* Helpers to build argv and env arrays. */
char **strv_new(const char *first, ...);   /* NULL-terminated arguments */
void strv_push(char ***v, const char *s);
void strv_free(char **v);

#endif
