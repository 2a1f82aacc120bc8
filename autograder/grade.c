/* grade.c - what every check shares: items, scratch directories, jobs, scores */
#define _GNU_SOURCE
#include "grade.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const check_names[NCHECKS] = {"build", "behaviour", "coverage", "leaks", "races"};

struct item *grade_add_item(struct grade *g, enum check check, const char *name)
{
	g->items = xrealloc(g->items, (g->nitems + 1) * sizeof *g->items);
	struct item *it = xcalloc(1, sizeof *it);
	g->items[g->nitems++] = it;
	it->check = check;
	it->name = xstrdup(name);
	return it;
}

char *grade_scratch(struct grade *g, const char *label)
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

char **grade_env(struct grade *g, const char *scratch)
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

struct job *grade_job(struct grade *g, char **argv, const char *scratch, const char *logdir)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->argv = argv;
	j->env = grade_env(g, scratch);
	j->cwd = xstrdup(scratch);
	j->out_path = xprintf("%s/stdout", logdir);
	j->err_path = xprintf("%s/stderr", logdir);
	j->limits = g->lab->limits;
	j->untrusted = 1;
	return j;
}

char *hint_of(const char *description)
{
	const char *open = strrchr(description, '[');
	const char *close = open ? strchr(open, ']') : NULL;
	if (!open || !close || !memchr(open, '#', close - open))
		return NULL;
	return strndup(open + 1, close - open - 1);
}

int behaviour_earned(struct grade *g)
{
	int earned = 0;
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i]->check == CHECK_BEHAVIOUR && g->items[i]->verdict == PASSED)
			earned += g->items[i]->max;
	return earned;
}

/* Quality points scale with the share of behaviour earned: code that does
 * nothing earns nothing, however clean it is. */
void grade_score(struct grade *g)
{
	struct check_result *beh = &g->checks[CHECK_BEHAVIOUR];
	beh->score = beh->passed = beh->total = 0;
	for (int i = 0; i < g->nitems; i++) {
		struct item *it = g->items[i];
		if (it->check != CHECK_BEHAVIOUR)
			continue;
		beh->total++;
		if (it->verdict == PASSED) {
			beh->passed++;
			beh->score += it->max;
		}
	}
	beh->raw = beh->score;
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i]->verdict != PASSED && !g->items[i]->output)
			g->items[i]->output = xstrdup(GRADER_LOST_DETAILS);
	if (!beh->summary)
		beh->summary = xprintf("%d of %d tests passed", beh->passed, beh->total);
	for (int c = 0; c < NCHECKS; c++) {
		if (c == CHECK_BEHAVIOUR)
			continue;
		struct check_result *r = &g->checks[c];
		r->score = beh->max ? r->raw * beh->score / beh->max : 0;
		if (r->score < r->raw && r->summary) {
			char *s = xprintf("%s; %d of %d points follow behaviour (%d%%, rounded down)",
					  r->summary, r->raw, r->max, 100 * beh->score / beh->max);
			free(r->summary);
			r->summary = s;
		}
		if (!r->summary && r->skipped)
			r->summary = xprintf("skipped: %s", r->skipped);
		int have = 0;
		for (int i = 0; i < g->nitems; i++) {
			struct item *it = g->items[i];
			if (it->check != (enum check)c)
				continue;
			have = 1;
			it->score = r->score;
			if (it->verdict == PASSED && r->score < it->max) {
				it->verdict = FAILED;
				free(it->output);
				it->output = xprintf("clean, but worth %d of %d points: build, coverage, "
						     "leak and race points follow the share of behaviour "
						     "points earned (%d of %d, rounded down)",
						     r->score, r->max, beh->score, beh->max);
			}
		}
		if (!have && r->max) {
			struct item *it = grade_add_item(g, c, check_names[c]);
			it->max = r->max;
			it->verdict = FAILED;
			it->output = xprintf("not run: %s", r->skipped ? r->skipped : "nothing to run");
		}
	}
}
