/* jobs.c - every job of a grading is made here, so that all student code
 * gets the same environment and limits */
#define _GNU_SOURCE
#include "jobs.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

char *jobs_scratch(struct grade *g, const char *label)
{
	char *dir = xprintf("%s/scratch/%s", g->work, label);
	remove_tree(dir);
	char *data = xprintf("%s/data", g->src);
	if (is_dir(data))
		copy_tree(data, dir);
	else
		make_dirs(dir, 0755);
	free(data);
	open_tree(dir);
	return dir;
}

/* The environment every run of lab code gets: nothing of the grader's. */
static char **student_env(struct grade *g, const char *scratch)
{
	char **env = strv_new("PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "LANG=C", NULL);
	char *vars[] = {
		xprintf("HOME=%s", scratch),
		xprintf("TMPDIR=%s", scratch),
		xprintf("LAB_BIN=%s", g->bin),
	};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		strv_push(&env, vars[i]);
		free(vars[i]);
	}
	return env;
}

struct job *jobs_student(struct grade *g, char **argv, const char *scratch, const char *logdir)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->argv = argv;
	j->env = student_env(g, scratch);
	j->cwd = xstrdup(scratch);
	j->out_path = xprintf("%s/stdout", logdir);
	j->err_path = xprintf("%s/stderr", logdir);
	j->limits = g->lab->limits;
	j->untrusted = 1;
	return j;
}

struct job *jobs_tool(struct grade *g, char **argv, const char *log, int seconds)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->argv = argv;
	j->env = strv_new("PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", NULL);
	j->cwd = xstrdup(g->src);
	j->out_path = xstrdup(log);
	j->err_path = xstrdup(log);
	j->limits.wall_seconds = seconds;
	return j;
}

void jobs_setenv(struct job *j, const char *name, const char *value)
{
	char *var = xprintf("%s=%s", name, value);
	strv_push(&j->env, var);
	free(var);
}

void jobs_free(struct job *j)
{
	strv_free(j->argv);
	strv_free(j->env);
	free(j->cwd);
	free(j->out_path);
	free(j->err_path);
	free(j);
}
