/* faults.c - the faults check: each of the lab's fault scenarios runs its
 * program under strace, which injects an error, a signal or a delay at a
 * chosen call, and the program must cope as its header promises
 *
 * A scenario passes only when all of this holds, each seen by the grader or
 * by strace, never taken from the program's word:
 *  - strace injected every fault asked for ("(INJECTED)" in its log): a
 *    program that never made the call has shown nothing;
 *  - the program ended by itself within the lab's wall-clock limit;
 *  - a lab program exited with the promised status and its stderr holds the
 *    promised text; a scenario program (labs/common/scenario.h) printed its
 *    observer's "scenario complete NONCE" line, as in the leaks check;
 *  - a lab program left no process running and no descriptor open when it
 *    exited (a scenario program's observer checks its worker itself).
 *
 * Processes and descriptors are read from strace's log (strace -f traces
 * every call of every process the program starts):
 *  - A process is left behind when its end ("+++ exited with", "+++ killed
 *    by") is not written before the program's own end.  This cannot blame a
 *    correct program: a traced child's end is reported to strace before its
 *    parent's wait can return it, so a child the program waited for always
 *    ends earlier in the log.
 *  - The program's descriptors are replayed from its calls (and its threads'
 *    calls, which share its table): every descriptor a successful call gave
 *    it (open, pipe, dup2, socket, accept, SCM_RIGHTS ...) and no
 *    successful close or close_range took back is open when it exits.  The
 *    kernel changes a descriptor table only through system calls, and
 *    strace logs every call with its result, so the replay sees every
 *    change; an injected call did not run and changes nothing.  Only what
 *    the program opened counts (0, 1, 2 and what it inherited are not its
 *    own), and after a second execve everything open is treated as
 *    inherited.  What the replay cannot see (descriptors closed by io_uring)
 *    could only hide a leak, never invent one.
 *
 * Where strace cannot trace (ptrace refused), the scenario is not graded.
 *
 * A scenario with "enumerate" is not one run but many, planned from one:
 * the program first runs under strace with no fault (the "no fault" item:
 * its promised status, nothing left running or open, the "sequence" of
 * calls in order, and the lab's verifier accepting the new state), and the
 * calls named in "calls" are counted in that log.  Then every invocation
 * of each (the first max_per_call - 1 and the last, when there are more) is
 * hit by every injection in turn, each its own item, "save: fsync #2 fails
 * with EIO": strace -e inject=fsync:error=EIO:when=2.  What each injection
 * must lead to is declared with it: "fails" (the promised status and
 * message, nothing left running or open, and the state before the fault,
 * or after it once the "commit" call had succeeded), "retried" (the status
 * of an untouched run and the new state) or "killed" (the signal ended the
 * program; the old state or the new).  After each run that held, the lab's
 * verifier, a trusted program that runs no student code and is not traced,
 * looks at what the run left in its scratch directory, asked for "old",
 * "new" or "old-or-new", and exits 0 or says why not.  The same program
 * makes the same calls, so the cases, their names and their verdicts are
 * the same on every grading.
 */
#define _GNU_SOURCE
#include "jobs.h"
#include "limits.h"
#include "observed.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FD 65536
#define LOG_MAX (64 << 20)

/* One event of strace's log, in the order strace wrote them. */
struct event {
	int pid;
	int end;              /* 1: the process ended ("+++ exited with N +++") */
	int code;             /* for an end: the exit status, or -1 when killed */
	char *name;           /* a call's name; for an end, how it ended */
	char *args;           /* between its '(' and its result */
	char *ret;            /* its result: "3", "-1 EMFILE (Too ...) (INJECTED)", "?" */
};

/* A call strace saw start and not end: "pid wait4(12, <unfinished ...>". */
struct pending {
	int pid;
	char *text;
};

struct trace {
	struct event *ev;
	int n;
	struct pending *open;
	int nopen;
	int main_pid;         /* the program: the first process of the log */
	int main_end;         /* index of its end, or -1 */
	int *tgid;            /* per event: the process (thread group) of its pid */
};

enum run_role {
	RUN_SINGLE,           /* a scenario with inject */
	RUN_BASE,             /* an enumeration's run with no fault */
	RUN_CASE,             /* one case of an enumeration */
};

struct fault_run {
	struct grade *g;
	struct item *item;
	struct fault *f;
	int index;
	enum run_role role;
	char **inject;        /* the specs of this run, owned */
	const struct fault_injection *fi; /* RUN_CASE: its injection */
	const char *verify;   /* what the verifier is asked: "old", "new", "old-or-new" */
	char *call;           /* RUN_CASE: the call hit */
	int nth;              /* RUN_CASE: which invocation of it */
	char *dir;            /* logs: strace.log, stdout, stderr */
	char *scratch;
	enum verdict verdict;
	char *output;         /* for a failure: what happened */
};

static struct fault_run **runs;
static int nruns;

/* ---- reading strace's log ---- */

static void add_event(struct trace *t, int pid, const char *call)
{
	const char *paren = strchr(call, '(');
	const char *eq = NULL;
	for (const char *p = call; (p = strstr(p, " = ")); p++)
		eq = p;
	if (!paren)
		return;
	t->ev = xrealloc(t->ev, (t->n + 1) * sizeof *t->ev);
	struct event *e = &t->ev[t->n++];
	memset(e, 0, sizeof *e);
	e->pid = pid;
	e->name = strndup(call, paren - call);
	e->args = eq && eq > paren ? strndup(paren + 1, eq - paren - 1) : xstrdup(paren + 1);
	e->ret = xstrdup(eq && eq > paren ? eq + 3 : "?");
	size_t n = strlen(e->args);
	while (n && e->args[n - 1] == ' ')
		n--;
	if (n && e->args[n - 1] == ')')
		n--;
	e->args[n] = '\0';
}

static void add_end(struct trace *t, int pid, const char *how)
{
	t->ev = xrealloc(t->ev, (t->n + 1) * sizeof *t->ev);
	struct event *e = &t->ev[t->n++];
	memset(e, 0, sizeof *e);
	e->pid = pid;
	e->end = 1;
	e->code = sscanf(how, "+++ exited with %d", &e->code) == 1 ? e->code : -1;
	e->name = strndup(how + 4, strcspn(how + 4, "+") - 1);
	if (pid == t->main_pid && t->main_end < 0)
		t->main_end = t->n - 1;
}

static struct pending *pending_of(struct trace *t, int pid)
{
	for (int i = 0; i < t->nopen; i++)
		if (t->open[i].pid == pid)
			return &t->open[i];
	t->open = xrealloc(t->open, (t->nopen + 1) * sizeof *t->open);
	t->open[t->nopen] = (struct pending){pid, NULL};
	return &t->open[t->nopen++];
}

/* One line: "PID call(args) = ret", "PID call(args <unfinished ...>",
 * "PID <... call resumed>rest) = ret", "PID +++ exited with N +++". */
static void trace_line(struct trace *t, char *line)
{
	char *rest;
	int pid = (int)strtol(line, &rest, 10);
	if (rest == line || *rest != ' ')
		return;
	while (*rest == ' ')
		rest++;
	if (!t->main_pid)
		t->main_pid = pid;
	struct pending *p = pending_of(t, pid);
	if (!strncmp(rest, "+++ ", 4)) {
		add_end(t, pid, rest);
		return;
	}
	if (!strncmp(rest, "---", 3))
		return;         /* a signal delivered */
	size_t len = strlen(rest);
	const char *unfinished = " <unfinished ...>";
	if (len >= strlen(unfinished) && !strcmp(rest + len - strlen(unfinished), unfinished)) {
		free(p->text);
		p->text = strndup(rest, len - strlen(unfinished));
		return;
	}
	if (!strncmp(rest, "<... ", 5)) {
		char *tail = strstr(rest, " resumed>");
		if (!tail || !p->text)
			return;
		char *call = xprintf("%s%s", p->text, tail + strlen(" resumed>"));
		free(p->text);
		p->text = NULL;
		add_event(t, pid, call);
		free(call);
		return;
	}
	if (!strstr(rest, " = ")) {
		/* the last line before strace was killed: a call that never returned */
		free(p->text);
		p->text = xstrdup(rest);
		return;
	}
	add_event(t, pid, rest);
}

static int succeeded(const struct event *e)
{
	return !e->end && e->ret[0] != '-' && e->ret[0] != '?' && !strstr(e->ret, "(INJECTED)");
}

static int is_clone(const struct event *e)
{
	return !strcmp(e->name, "clone") || !strcmp(e->name, "clone3") ||
	       !strcmp(e->name, "fork") || !strcmp(e->name, "vfork");
}

/* Which process each event belongs to: a thread (clone with CLONE_THREAD)
 * counts as the process that made it. */
static void find_processes(struct trace *t)
{
	int *tid = xcalloc(t->n + 1, sizeof *tid), *owner = xcalloc(t->n + 1, sizeof *owner);
	int nthreads = 0;
	t->tgid = xcalloc(t->n + 1, sizeof *t->tgid);
	for (int i = 0; i < t->n; i++) {
		struct event *e = &t->ev[i];
		if (is_clone(e) && succeeded(e) && strstr(e->args, "CLONE_THREAD")) {
			tid[nthreads] = atoi(e->ret);
			owner[nthreads++] = e->pid;
		}
	}
	for (int i = 0; i < t->n; i++) {
		int pid = t->ev[i].pid;
		for (int guard = 0, k = 0; guard < 64 && k < nthreads; k++)
			if (tid[k] == pid) {
				pid = owner[k];
				k = -1;
				guard++;
			}
		t->tgid[i] = pid;
	}
	free(tid);
	free(owner);
}

static struct trace *trace_read(const char *path)
{
	char *text = read_file(path, NULL, LOG_MAX);
	if (!text)
		return NULL;
	struct trace *t = xcalloc(1, sizeof *t);
	t->main_end = -1;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		trace_line(t, line);
	free(text);
	find_processes(t);
	return t;
}

static void trace_free(struct trace *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n; i++) {
		free(t->ev[i].name);
		free(t->ev[i].args);
		free(t->ev[i].ret);
	}
	for (int i = 0; i < t->nopen; i++)
		free(t->open[i].text);
	free(t->ev);
	free(t->open);
	free(t->tgid);
	free(t);
}

/* ---- what the log shows ---- */

/* Calls whose result is a new descriptor. */
static const char *const fd_calls[] = {
	"open", "openat", "openat2", "creat", "dup", "dup2", "dup3", "socket", "accept",
	"accept4", "eventfd", "eventfd2", "epoll_create", "epoll_create1", "signalfd",
	"signalfd4", "timerfd_create", "inotify_init", "inotify_init1", "memfd_create",
	"memfd_secret", "pidfd_open", "pidfd_getfd", "fanotify_init", "userfaultfd",
	"perf_event_open", "open_by_handle_at", "io_uring_setup", "mq_open", "open_tree",
	"fsopen", "fsmount", "fspick", NULL,
};

static int in_list(const char *const *list, const char *name)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], name))
			return 1;
	return 0;
}

/* The descriptors in "[3, 4]" after the first '[' at or after from. */
static void mark_list(int *by, const char *from, int event)
{
	const char *p = from ? strchr(from, '[') : NULL;
	while (p && *p && *p != ']') {
		char *end;
		long fd = strtol(p + 1, &end, 10);
		if (end == p + 1)
			break;
		if (fd >= 0 && fd < MAX_FD)
			by[fd] = event + 1;
		p = end;
	}
}

/* One call of the program (or its threads) on its descriptor table. */
static void replay(int *by, const struct event *e, int i)
{
	long fd = atol(e->ret);
	if (in_list(fd_calls, e->name) || (!strcmp(e->name, "fcntl") && strstr(e->args, "F_DUPFD"))) {
		if (fd >= 0 && fd < MAX_FD)
			by[fd] = i + 1;
	} else if (!strcmp(e->name, "pipe") || !strcmp(e->name, "pipe2")) {
		mark_list(by, e->args, i);
	} else if (!strcmp(e->name, "socketpair")) {
		mark_list(by, strrchr(e->args, '['), i);
	} else if (!strcmp(e->name, "recvmsg") || !strcmp(e->name, "recvmmsg")) {
		for (const char *p = e->args; (p = strstr(p, "SCM_RIGHTS, cmsg_data=")); p++)
			mark_list(by, p, i);
	} else if (!strcmp(e->name, "close")) {
		long c = atol(e->args);
		if (c >= 0 && c < MAX_FD)
			by[c] = 0;
	} else if (!strcmp(e->name, "close_range") && !strstr(e->args, "CLOSE_RANGE_CLOEXEC")) {
		char *end;
		long first = strtol(e->args, &end, 10);
		long last = *end == ',' ? strtol(end + 1, NULL, 0) : first;
		if (last < 0 || last >= MAX_FD || strstr(e->args, "~0"))
			last = MAX_FD - 1;
		for (long c = first < 0 ? 0 : first; c <= last; c++)
			by[c] = 0;
	}
}

/* A descriptor the program opened and still held when it exited, in words;
 * NULL if none. */
static char *leaked_descriptor(struct trace *t)
{
	int *by = xcalloc(MAX_FD, sizeof *by);
	int execs = 0;
	int last = t->main_end >= 0 ? t->main_end : t->n;
	for (int i = 0; i < last; i++) {
		struct event *e = &t->ev[i];
		if (t->tgid[i] != t->main_pid || !succeeded(e))
			continue;
		if (!strcmp(e->name, "execve") || !strcmp(e->name, "execveat")) {
			if (execs++)
				memset(by, 0, MAX_FD * sizeof *by);
			continue;
		}
		replay(by, e, i);
	}
	char *r = NULL;
	for (int fd = 3; fd < MAX_FD && !r; fd++) {
		if (!by[fd])
			continue;
		struct event *e = &t->ev[by[fd] - 1];
		r = xprintf("descriptor %d was still open when the program exited; it came from\n"
			    "  %s(%.200s) = %.40s\n(every descriptor the program opens must be "
			    "closed, on the error path too)", fd, e->name, e->args, e->ret);
	}
	free(by);
	return r;
}

/* What process pid ran, for a message: its command, or a copy of the program. */
static char *process_name(struct trace *t, int pid)
{
	for (int i = 0; i < t->n; i++) {
		struct event *e = &t->ev[i];
		if (e->pid == pid && !e->end && !strcmp(e->name, "execve") && succeeded(e)) {
			const char *argv = strchr(e->args, '[');
			size_t n = argv ? strcspn(argv, "]") + 1 : 0;
			return argv ? xprintf("%.*s%s", n > 80 ? 80 : (int)n, argv, n > 80 ? "..." : "")
				    : xstrdup(e->args);
		}
	}
	return xstrdup("a copy of the program that never ran another one");
}

/* Processes the program started (and theirs) still running when it exited,
 * in words; NULL if none. */
static char *left_behind(struct trace *t)
{
	struct sbuf b;
	sbuf_init(&b);
	int count = 0;
	for (int i = 0; i < t->n; i++) {
		struct event *e = &t->ev[i];
		if (!is_clone(e) || !succeeded(e) || strstr(e->args, "CLONE_THREAD"))
			continue;
		int child = atoi(e->ret), end = -1;
		for (int k = i; k < t->n && end < 0; k++)
			if (t->ev[k].end && t->ev[k].pid == child)
				end = k;
		if (end >= 0 && end < t->main_end)
			continue;
		char *name = process_name(t, child);
		sbuf_printf(&b, "%s  pid %d: %s (%s)", count ? "\n" : "", child, name,
			    end < 0 ? "never ended: killed when the run was over" : "ended later");
		free(name);
		count++;
	}
	char *r = NULL;
	if (count)
		r = xprintf("%d process%s the program started %s still running when it exited "
			    "(started and never waited for):\n%s", count, count == 1 ? "" : "es",
			    count == 1 ? "was" : "were", b.s);
	sbuf_free(&b);
	return r;
}

static const char *ordinal(int n)
{
	static const char *const words[] = {"", "first", "second", "third", "fourth", "fifth",
		"sixth", "seventh", "eighth", "ninth", "tenth"};
	return n > 0 && n <= 10 ? words[n] : NULL;
}

/* "pipe or pipe2 was never called a second time", from a spec's calls and when=. */
static char *never_called(const char *spec)
{
	char *names = strndup(spec, strcspn(spec, ":"));
	struct sbuf who;
	sbuf_init(&who);
	char *save = NULL;
	int k = 0;
	for (char *n = strtok_r(names, ",", &save); n; n = strtok_r(NULL, ",", &save), k++)
		sbuf_printf(&who, "%s%s", k ? " or " : "", n);
	const char *when = strstr(spec, ":when=");
	int first = when ? atoi(when + 6) : 1;
	char *r;
	if (first <= 1)
		r = xprintf("%s was never called", who.s);
	else if (ordinal(first))
		r = xprintf("%s was never called a %s time", who.s, ordinal(first));
	else
		r = xprintf("%s was never called %d times", who.s, first);
	sbuf_free(&who);
	free(names);
	return r;
}

/* Did strace inject spec at least once? */
static int injected(struct trace *t, const char *spec)
{
	char *set = strndup(spec, strcspn(spec, ":"));
	int any = strpbrk(set, "%/!?") || !strcmp(set, "all");
	int found = 0;
	for (int i = 0; i < t->n && !found; i++) {
		struct event *e = &t->ev[i];
		if (e->end || (!strstr(e->ret, "(INJECTED)") && !strstr(e->ret, "(DELAYED)")))
			continue;
		if (any)
			found = 1;
		char *names = xstrdup(set), *save = NULL;
		for (char *n = strtok_r(names, ",", &save); n && !found; n = strtok_r(NULL, ",", &save))
			found = !strcmp(n, e->name);
		free(names);
	}
	free(set);
	return found;
}

/* ---- one scenario ---- */

static char *inject_options(char **inject, int quoted)
{
	struct sbuf b;
	sbuf_init(&b);
	for (char **s = inject; *s; s++) {
		char *q = quoted ? shell_word(*s) : xstrdup(*s);
		sbuf_printf(&b, "%s-e inject=%s", b.len ? " " : "", q);
		free(q);
	}
	return b.s;
}

/* "adder -f input.txt", shell-quoted, cut after 100 bytes. */
static char *command_line(struct fault *f)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_printf(&b, "%s", f->program);
	for (char **a = f->args; *a && b.len < 100; a++) {
		char *q = shell_word(*a);
		sbuf_printf(&b, " %s", q);
		free(q);
	}
	if (b.len > 100)
		sbuf_printf(&b, " ...");
	return b.s;
}

/* The command that shows the run by hand, from the course root. */
static char *reproduce(struct fault_run *r)
{
	struct grade *g = r->g;
	size_t n = strlen(g->root);
	const char *dir = r->scratch;
	if (!strncmp(dir, g->root, n) && dir[n] == '/')
		dir += n + 1;
	char *inject = inject_options(r->inject, 1);
	struct sbuf b;
	sbuf_init(&b);
	/* scratch is OUT/work/scratch/LABEL, the programs are in OUT/bin */
	sbuf_printf(&b, "cd %s && strace -f%s%s ../../../bin/%s", dir, inject[0] ? " " : "", inject,
		    r->f->program);
	for (char **a = r->f->args; *a; a++) {
		char *q = shell_word(*a);
		sbuf_printf(&b, " %s", q);
		free(q);
	}
	free(inject);
	return b.s;
}

/* What a run of the program promises, in words: status (-1: a scenario
 * program's observer) and message. */
static char *promise_of(int status, const char *message)
{
	if (status < 0)
		return xstrdup("the scenario runs to its end: its observer says so (exit status 0)");
	char *said = message ? xprintf(" and \"%s\" on stderr", message) : xstrdup("");
	char *r = xprintf("exit status %d%s, no process left running, no descriptor left open",
			  status, said);
	free(said);
	return r;
}

static char *step_words(const char *step);

/* What the run r promises, in words. */
static char *promise(struct fault_run *r)
{
	struct fault *f = r->f;
	const struct fault_injection *fi = r->fi;
	if (r->role == RUN_SINGLE)
		return promise_of(f->status, f->message);
	char *base = r->role == RUN_BASE || fi->expect == EXPECT_RETRIED ?
		     promise_of(f->status, f->message) :
		     fi->expect == EXPECT_FAILS ? promise_of(fi->status, fi->message) :
		     xprintf("the program is killed by the signal");
	struct sbuf seq;
	sbuf_init(&seq);
	for (char **c = f->enumerate->sequence; r->role == RUN_BASE && *c; c++) {
		char *w = step_words(*c);
		sbuf_printf(&seq, "%s%s", seq.len ? ", " : ", the calls ", w);
		free(w);
	}
	if (seq.len)
		sbuf_printf(&seq, " in this order");
	char *all = xprintf("%s%s, and `%s %s` (the lab's verifier) accepts what it left", base,
			    seq.len ? seq.s : "", f->enumerate->verifier, r->verify);
	sbuf_free(&seq);
	free(base);
	return all;
}

/* The first line of stderr where strace says it cannot trace, or NULL. */
static char *strace_refused(const char *err_path)
{
	char *text = read_file(err_path, NULL, 1 << 16);
	char *r = NULL;
	for (char *p = text; p && *p && !r; p += strcspn(p, "\n"), p += *p == '\n') {
		size_t len = strcspn(p, "\n");
		char *line = strndup(p, len);
		if (!strncmp(line, "strace: ", 8) &&
		    (strstr(line, "ptrace") || strstr(line, "Operation not permitted")))
			r = line;
		else
			free(line);
	}
	free(text);
	return r;
}

/* The first fault of f that strace never injected, in words; NULL if none. */
static char *not_injected(char **inject, struct trace *t)
{
	for (char **s = inject; *s; s++)
		if (!injected(t, *s)) {
			char *why = never_called(*s);
			char *m = xprintf("nothing was injected: %s, so the fault never happened "
					  "(inject=%s)", why, *s);
			free(why);
			return m;
		}
	return NULL;
}

/* How the program ended, when it did not end by itself. */
static char *unfinished(char **inject, struct job *j, struct trace *t)
{
	char *how = job_describe(j);
	char *missing = not_injected(inject, t);
	char *doing = NULL;
	for (int i = 0; i < t->nopen; i++)
		if (t->open[i].pid == t->main_pid && t->open[i].text)
			doing = xprintf("\nits last call, which never returned: %.200s", t->open[i].text);
	char *s = xprintf("%s the program %s%s%s%s", missing ? "" : "after the fault,", how,
			  j->end == JOB_TIMED_OUT ? ": it hung" : "", doing ? doing : "",
			  missing ? "\n" : "");
	if (missing) {
		char *both = xprintf("%s%s", s + 1, missing);
		free(s);
		s = both;
	}
	free(how);
	free(missing);
	free(doing);
	return s;
}

/* NULL when strace ran the program and it ended by itself; else what went
 * wrong (r->verdict NOT_GRADED when strace cannot run here). */
static char *judge_start(struct fault_run *r, struct job *j, struct trace *t)
{
	if (j->end == JOB_NOT_STARTED) {
		r->verdict = NOT_GRADED;
		return xstrdup("strace cannot be started here (is it installed? sudo apt-get "
			       "install strace)");
	}
	char *refused = strace_refused(j->err_path);
	if (refused && (!t || t->n == 0)) {
		r->verdict = NOT_GRADED;
		char *s = xprintf("strace cannot trace here (ptrace not permitted?): %s", refused);
		free(refused);
		return s;
	}
	free(refused);
	if (!t || t->n == 0 || strcmp(t->ev[0].name, "execve") || !succeeded(&t->ev[0]))
		return xstrdup("the program could not be started under strace");
	if (t->main_end < 0)
		return unfinished(r->inject, j, t);
	return NULL;
}

/* NULL when the program exited with status (and said message), leaving
 * nothing running and nothing open; else what went wrong. */
static char *judge_exit(struct job *j, struct trace *t, int status, const char *message)
{
	struct event *end = &t->ev[t->main_end];
	if (end->code < 0)
		return xprintf("after the fault the program was %s", end->name);
	if (end->code != status)
		return xprintf("exited with status %d, expected %d", end->code, status);
	if (message) {
		char *err = read_file(j->err_path, NULL, 1 << 20);
		int said = err && strstr(err, message);
		free(err);
		if (!said)
			return xprintf("exited with status %d as expected, but stderr does not say "
				       "\"%s\"", end->code, message);
	}
	char *left = left_behind(t);
	if (left)
		return left;
	return leaked_descriptor(t);
}

/* What went wrong in a scenario with inject, or NULL when it passed. */
static char *judge(struct fault_run *r, struct job *j, struct trace *t)
{
	struct fault *f = r->f;
	char *problem = judge_start(r, j, t);
	if (problem)
		return problem;
	char *missing = not_injected(r->inject, t);
	if (missing)
		return missing;
	struct event *end = &t->ev[t->main_end];
	if (f->status >= 0)
		return judge_exit(j, t, f->status, f->message);
	if (end->code < 0)
		return xprintf("after the fault the program was %s", end->name);
	if (end->code != 0)
		return xprintf("the scenario program exited with status %d (0 means all was "
			       "right)", end->code);
	return observed_missing_witness(j);
}

/* Is event i a call of the program itself (not of a child or a thread)? */
static int own_call(struct trace *t, int i)
{
	return !t->ev[i].end && t->ev[i].pid == t->main_pid &&
	       (t->main_end < 0 || i < t->main_end);
}

/* The file an open or openat call named: its first quoted argument, without
 * a leading "./" or a trailing '/'; malloc'd, or NULL. */
static char *opened_path(const struct event *e)
{
	if (strcmp(e->name, "open") && strcmp(e->name, "openat") && strcmp(e->name, "openat2"))
		return NULL;
	const char *q = strchr(e->args, '"');
	if (!q)
		return NULL;
	size_t n = strcspn(q + 1, "\"");
	char *path = strndup(q + 1, n);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	if (!strncmp(path, "./", 2))
		memmove(path, path + 2, strlen(path + 2) + 1);
	return path;
}

/* Does step, "fsync" or "fsync:save", name event e?  With ":PATH", the
 * call's first argument must be a descriptor the program had from opening
 * PATH (or a path ending in /PATH): the fsync of the target's directory,
 * not of any directory.  by[] maps descriptors to the event that made them. */
static int step_is(const char *step, struct trace *t, int i, const int *by)
{
	const char *colon = strchr(step, ':');
	size_t len = colon ? (size_t)(colon - step) : strlen(step);
	if (strlen(t->ev[i].name) != len || strncmp(t->ev[i].name, step, len))
		return 0;
	if (!colon)
		return 1;
	long fd = atol(t->ev[i].args);
	if (fd < 0 || fd >= MAX_FD || !by[fd])
		return 0;
	char *path = opened_path(&t->ev[by[fd] - 1]);
	const char *want = colon + 1;
	size_t p = path ? strlen(path) : 0, w = strlen(want);
	int same = path && (!strcmp(path, want) ||
			    (p > w && path[p - w - 1] == '/' && !strcmp(path + p - w, want)));
	free(path);
	return same;
}

/* "fsync" or "fsync of save" for a message. */
static char *step_words(const char *step)
{
	const char *colon = strchr(step, ':');
	return colon ? xprintf("%.*s of %s", (int)(colon - step), step, colon + 1) : xstrdup(step);
}

/* NULL when the program made the calls of seq in that order (other calls
 * between them); else which is missing, in words. */
static char *out_of_sequence(struct trace *t, char **seq)
{
	int k = 0, n = strv_len(seq);
	int *by = xcalloc(MAX_FD, sizeof *by);
	struct sbuf made;
	sbuf_init(&made);
	for (int i = 0; i < t->n; i++) {
		if (!own_call(t, i) || !succeeded(&t->ev[i]))
			continue;
		int named = 0;
		for (int q = 0; q < n; q++)
			named |= strlen(t->ev[i].name) == strcspn(seq[q], ":") &&
				 !strncmp(t->ev[i].name, seq[q], strcspn(seq[q], ":"));
		if (named && made.len < 300) {
			long fd = atol(t->ev[i].args);
			char *path = fd >= 0 && fd < MAX_FD && by[fd] ? opened_path(&t->ev[by[fd] - 1])
								       : NULL;
			sbuf_printf(&made, "%s%s%s%s", made.len ? ", " : "", t->ev[i].name,
				    path ? " of " : "", path ? path : "");
			free(path);
		}
		if (k < n && step_is(seq[k], t, i, by))
			k++;
		replay(by, &t->ev[i], i);
	}
	char *r = NULL;
	if (k < n) {
		struct sbuf want;
		sbuf_init(&want);
		for (int q = 0; q < n; q++) {
			char *w = step_words(seq[q]);
			sbuf_printf(&want, "%s%s", q ? ", " : "", w);
			free(w);
		}
		char *now = step_words(seq[k]), *before = k ? step_words(seq[k - 1]) : NULL;
		r = k ? xprintf("no %s came after its %s: the calls must succeed in this order: "
				"%s; the program's (of these names): %s", now, before, want.s,
				made.len ? made.s : "none")
		      : xprintf("the program never called %s: the calls must succeed in this "
				"order: %s", now, want.s);
		free(now);
		free(before);
		sbuf_free(&want);
	}
	sbuf_free(&made);
	free(by);
	return r;
}

/* Was the program killed at the nth invocation of call?  A signal
 * injected at a call's entry ends the program before the call returns, so
 * strace writes no "(INJECTED)": the call is the last the program made, its
 * result "?", and the nth of its name. */
static int killed_at(struct trace *t, const char *call, int nth)
{
	int count = 0, last = -1;
	for (int i = 0; i < t->n; i++)
		if (own_call(t, i)) {
			last = i;
			count += !strcmp(t->ev[i].name, call);
		}
	return t->ev[t->main_end].code < 0 && last >= 0 && count == nth &&
	       !strcmp(t->ev[last].name, call) && !strcmp(t->ev[last].ret, "?");
}

/* What went wrong in one case of an enumeration, or NULL. */
static char *judge_case(struct fault_run *r, struct job *j, struct trace *t)
{
	char *problem = judge_start(r, j, t);
	if (problem)
		return problem;
	int by_signal = strstr(r->fi->spec, "signal=") && !strstr(r->fi->spec, "error=");
	char *missing = by_signal ? NULL : not_injected(r->inject, t);
	if (by_signal && !killed_at(t, r->call, r->nth)) {
		int count = 0;
		for (int i = 0; i < t->n; i++)
			count += own_call(t, i) && !strcmp(t->ev[i].name, r->call);
		struct event *end = &t->ev[t->main_end];
		missing = count < r->nth ?
			  xprintf("nothing was injected: %s was called %d time%s, not %d, so the "
				  "signal never came", r->call, count, count == 1 ? "" : "s", r->nth) :
			  end->code < 0 ?
			  xprintf("the program was %s, but not at %s #%d", end->name, r->call, r->nth) :
			  xprintf("the program was not killed at %s #%d: it exited with status %d",
				  r->call, r->nth, end->code);
	}
	if (missing)
		return missing;
	const struct fault_injection *fi = r->fi;
	struct event *end = &t->ev[t->main_end];
	switch (fi->expect) {
	case EXPECT_KILLED:
		return end->code < 0 ? NULL
				      : xprintf("the program was not killed: it exited with status %d",
						end->code);
	case EXPECT_RETRIED:
		return judge_exit(j, t, r->f->status, r->f->message);
	case EXPECT_FAILS:
		return judge_exit(j, t, fi->status, fi->message);
	}
	return NULL;
}

/* What went wrong in an enumeration's run with no fault, or NULL. */
static char *judge_base(struct fault_run *r, struct job *j, struct trace *t)
{
	char *problem = judge_start(r, j, t);
	if (!problem)
		problem = judge_exit(j, t, r->f->status, r->f->message);
	if (!problem)
		problem = out_of_sequence(t, r->f->enumerate->sequence);
	return problem;
}

/* Record the failure problem (taken over) of r, whose job is j. */
static void fail_run(struct fault_run *r, struct job *j, char *problem)
{
	char *log = xprintf("%s/strace.log", r->dir);
	if (r->verdict == NOT_GRADED) {
		r->output = xprintf("not graded on this machine: %s", problem);
	} else {
		char *inject = inject_options(r->inject, 0);
		char *want = promise(r);
		char *said = file_tail(j->err_path, 8);
		r->verdict = FAILED;
		r->output = xprintf("fault: strace %s\nexpected: %s\nhappened: %s\nstderr "
				    "(last lines):\n%s\n(strace's log: %s)",
				    inject[0] ? inject : "(no fault)", want, problem,
				    said[0] ? said : "(nothing)", log);
		free(r->item->reproduce);
		r->item->reproduce = reproduce(r);
		free(said);
		free(want);
		free(inject);
	}
	free(problem);
	free(log);
}

/* What every run under strace does as it ends: note its time (and a hang)
 * and read strace's log, NULL when there is none. */
static struct trace *run_ended(struct job *j)
{
	struct fault_run *r = j->ctx;
	limits_note_end(j);
	r->item->seconds = j->seconds;
	char *log = xprintf("%s/strace.log", r->dir);
	struct trace *t = trace_read(log);
	free(log);
	return t;
}

static void run_done(struct job *j)
{
	struct fault_run *r = j->ctx;
	struct trace *t = run_ended(j);
	r->verdict = FAILED;
	char *problem = judge(r, j, t);
	if (!problem)
		r->verdict = PASSED;
	else
		fail_run(r, j, problem);
	trace_free(t);
	jobs_free(j);
}

static void queue_strace(struct fault_run *r, const char *timing_key);

/* ---- enumerations ---- */

static struct fault_run *new_run(struct grade *g, struct fault *f, enum run_role role,
				 const char *name)
{
	struct fault_run *r = xcalloc(1, sizeof *r);
	r->g = g;
	r->f = f;
	r->role = role;
	r->index = nruns;
	r->item = grade_add_item(g, &check_faults, name, 1);
	r->item->hint = f->hint ? xstrdup(f->hint) : NULL;
	r->verdict = FAILED;
	runs = xrealloc(runs, (nruns + 1) * sizeof *runs);
	runs[nruns++] = r;
	return r;
}

/* After the verifier: the run holds only if it accepted what was left. */
static void verifier_done(struct job *j)
{
	struct fault_run *r = j->ctx;
	if (j->end == JOB_EXITED && j->exit_code == 0) {
		r->verdict = PASSED;
	} else {
		char *how = job_describe(j);
		char *said = file_tail(j->out_path, 8);
		fail_run(r, j, xprintf("the program ran as promised, but `%s %s` %s on what it "
				       "left in %s:\n%s", r->f->enumerate->verifier, r->verify,
				       how, r->scratch, said[0] ? said : "(it said nothing)"));
		free(said);
		free(how);
	}
	jobs_free(j);
}

/* Run the lab's verifier, asked for r->verify, in r's scratch directory. */
static void queue_verifier(struct fault_run *r)
{
	struct grade *g = r->g;
	char *prog = xprintf("%s/%s", g->bin, r->f->enumerate->verifier);
	char *log = xprintf("%s/verifier.log", r->dir);
	struct job *j = jobs_tool(g, strv_new(prog, r->verify, NULL), log, 10);
	free(j->cwd);
	j->cwd = xstrdup(r->scratch);
	j->done = verifier_done;
	j->ctx = r;
	sandbox_add(j);
	free(log);
	free(prog);
}

/* "SIGKILL" for "signal=KILL" in spec, "EIO" for "error=EIO". */
static char *injected_what(const char *spec)
{
	const char *e = strstr(spec, "error="), *sig = strstr(spec, "signal=");
	if (e)
		return xprintf("fails with %.*s", (int)strcspn(e + 6, ":"), e + 6);
	if (sig) {
		sig += 7;
		return xprintf("gets %s%.*s", strncmp(sig, "SIG", 3) ? "SIG" : "",
			       (int)strcspn(sig, ":"), sig);
	}
	return xprintf("gets %s", spec);
}

/* Event indices of the program's own invocations of call, in *at; their count. */
static int invocations(struct trace *t, const char *call, int **at)
{
	int n = 0;
	*at = xcalloc(t->n + 1, sizeof **at);
	for (int i = 0; i < t->n; i++)
		if (own_call(t, i) && !strcmp(t->ev[i].name, call))
			(*at)[n++] = i;
	return n;
}

/* Plan and queue the case of invocation nth (of count) of call, at event
 * index at, for injection fi. */
static void plan_case(struct fault_run *base, const char *call, int nth, int count,
		      int after_commit, const struct fault_injection *fi)
{
	struct fault *f = base->f;
	char *what = injected_what(fi->spec);
	char *name = xprintf("%s: %s #%d %s", f->name, call, nth, what);
	struct fault_run *r = new_run(base->g, f, RUN_CASE, name);
	r->fi = fi;
	r->call = xstrdup(call);
	r->nth = nth;
	r->verify = fi->expect == EXPECT_KILLED ? "old-or-new" :
		    fi->expect == EXPECT_RETRIED || after_commit ? "new" : "old";
	char *spec = xprintf("%s:%s:when=%d", call, fi->spec, nth);
	r->inject = strv_new(spec, NULL);
	char *want = promise(r);
	r->item->description = xprintf("%s called %d time%s in a run with no fault; this run: "
				       "strace -e inject=%s: %s", call, count, count == 1 ? "" : "s",
				       spec, want);
	free(want);
	char *base_key = xprintf("faults/%s", base->item->name);
	char *key = xprintf("faults/%s", name);
	queue_strace(r, lab_timing(base->g->lab, key) > 0 ? key : base_key);
	free(key);
	free(base_key);
	free(spec);
	free(name);
	free(what);
}

/* The cases of base's enumeration, from the calls its log t shows. */
static void plan_cases(struct fault_run *base, struct trace *t)
{
	struct enumeration *en = base->f->enumerate;
	int commit = -1;
	for (int i = 0; en->commit && i < t->n && commit < 0; i++)
		if (own_call(t, i) && succeeded(&t->ev[i]) && !strcmp(t->ev[i].name, en->commit))
			commit = i;
	for (char **call = en->calls; *call; call++) {
		int *at, count = invocations(t, *call, &at);
		int tries = count < en->max_per_call ? count : en->max_per_call;
		for (int k = 0; k < tries; k++) {
			// Over the cap: the first max - 1 and the last.
			int nth = count > tries && k == tries - 1 ? count : k + 1;
			int after = commit >= 0 && at[nth - 1] > commit;
			for (int q = 0; q < en->ninject; q++)
				plan_case(base, *call, nth, count, after, &en->inject[q]);
		}
		free(at);
	}
}

/* A run that failed says why; one that held goes to the verifier next. */
static void verify_unless(struct fault_run *r, struct job *j, char *problem)
{
	if (problem)
		fail_run(r, j, problem);
	else
		queue_verifier(r);
}

/* An enumeration's run with no fault: judged, then its cases planned from
 * its log and queued, whether it held or not, if it ended by itself. */
static void base_done(struct job *j)
{
	struct fault_run *r = j->ctx;
	struct trace *t = run_ended(j);
	char *problem = judge_base(r, j, t);
	if (r->verdict != NOT_GRADED && t && t->main_end >= 0)
		plan_cases(r, t);
	verify_unless(r, j, problem);
	trace_free(t);
	jobs_free(j);
}

/* A case: judged, then the verifier looks at what it left. */
static void case_done(struct job *j)
{
	struct fault_run *r = j->ctx;
	struct trace *t = run_ended(j);
	verify_unless(r, j, judge_case(r, j, t));
	trace_free(t);
	jobs_free(j);
}

/* ---- running ---- */

/* Run r's program under strace with r's injections, its wall-clock limit
 * from the solution's time for timing_key. */
static void queue_strace(struct fault_run *r, const char *timing_key)
{
	struct grade *g = r->g;
	r->dir = xprintf("%s/faults/%d", g->work, r->index);
	remove_tree(r->dir);
	make_dirs(r->dir, 0755);
	open_tree(r->dir);
	char *label = xprintf("faults-%d", r->index);
	r->scratch = jobs_scratch(g, label);
	char *log = xprintf("%s/strace.log", r->dir);
	char **argv = strv_new("strace", "-f", "-q", "-o", log, NULL);
	for (char **s = r->inject; *s; s++) {
		char *opt = xprintf("inject=%s", *s);
		strv_push(&argv, "-e");
		strv_push(&argv, opt);
		free(opt);
	}
	char *prog = xprintf("%s/%s", g->bin, r->f->program);
	strv_push(&argv, prog);
	for (char **a = r->f->args; *a; a++)
		strv_push(&argv, *a);
	struct job *j = jobs_student(g, argv, r->scratch, r->dir);
	if (r->f->status < 0)
		observed_arm(j);
	if (j->limits.processes)
		j->limits.processes++;          /* strace itself */
	limits_apply(g, j, timing_key, TEST_FLOOR_SECONDS, j->limits.wall_seconds);
	j->done = r->role == RUN_BASE ? base_done : r->role == RUN_CASE ? case_done : run_done;
	j->ctx = r;
	sandbox_add(j);
	free(prog);
	free(log);
	free(label);
}

/* ---- the row ---- */

static void faults_plan(struct grade *g)
{
	for (int i = 0; i < g->lab->nfaults; i++) {
		struct fault *f = &g->lab->faults[i];
		char *name = f->enumerate ? xprintf("%s: no fault", f->name) : xstrdup(f->name);
		struct fault_run *r = new_run(g, f, f->enumerate ? RUN_BASE : RUN_SINGLE, name);
		free(name);
		r->inject = strv_new(NULL);
		for (char **s = f->inject; *s; s++)
			strv_push(&r->inject, *s);
		r->verify = "new";
		char *inject = inject_options(r->inject, 0);
		char *want = promise(r);
		char *command = command_line(f);
		if (f->enumerate)
			r->item->description = xprintf("%s under strace with no fault: %s; its calls "
						       "are counted for the cases that follow",
						       command, want);
		else
			r->item->description = xprintf("%s under strace %s: %s", command, inject,
						       want);
		free(command);
		free(want);
		free(inject);
	}
}

static void faults_queue(struct grade *g)
{
	(void)g;
	int planned = nruns;
	for (int i = 0; i < planned; i++) {
		char *key = xprintf("faults/%s", runs[i]->item->name);
		queue_strace(runs[i], key);
		free(key);
	}
}

static void faults_finish(struct grade *g)
{
	(void)g;
	for (int i = 0; i < nruns; i++) {
		struct fault_run *r = runs[i];
		item_settle(r->item, r->verdict, r->verdict == PASSED ? NULL : r->output);
		r->output = NULL;
	}
}

const struct check check_faults = {
	.name = "faults", .unit = "scenarios", .passed = "survived", .phase = 2, .scaled = 1,
	.plan = faults_plan, .blocked = observed_blocked, .queue = faults_queue,
	.finish = faults_finish,
};
