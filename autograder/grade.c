/* grade.c - the items a grading records, and what later checks ask of them */
#define _GNU_SOURCE
#include "grade.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct item *grade_add_item(struct grade *g, const struct check *check, const char *name,
			    int weight)
{
	g->items = xrealloc(g->items, (g->nitems + 1) * sizeof *g->items);
	struct item *it = xcalloc(1, sizeof *it);
	g->items[g->nitems++] = it;
	it->check = check;
	it->name = xstrdup(name);
	it->weight = weight;
	it->verdict = FAILED;
	it->output = xstrdup("not run");
	return it;
}

struct item *grade_item(struct grade *g, const struct check *check, const char *name)
{
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i]->check == check && !strcmp(g->items[i]->name, name))
			return g->items[i];
	return NULL;
}

void item_settle(struct item *it, enum verdict v, char *output)
{
	it->verdict = v;
	it->earned = v == PASSED ? it->weight : 0;
	it->settled = 1;
	free(it->output);
	it->output = output;
}

void item_skip(struct item *it, const char *why)
{
	it->verdict = SKIPPED;
	it->earned = 0;
	free(it->note);
	it->note = strndup(why, strcspn(why, "\n"));
	free(it->output);
	it->output = xprintf("not run: %s", why);
}

void grade_skip(struct grade *g, const struct check *check, const char *why)
{
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i]->check == check && g->items[i]->verdict != PASSED)
			item_skip(g->items[i], why);
}

/* An item not yet settled still reads FAILED ("not run"): only settled
 * ones count, or a grading would stop before its first job. */
int grade_lost_points(const struct grade *g)
{
	for (int i = 0; i < g->nitems; i++) {
		const struct item *it = g->items[i];
		if (it->settled && it->verdict == FAILED)
			return 1;
	}
	return 0;
}

int grade_behaviour_earned(struct grade *g)
{
	int earned = 0;
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i]->check == &check_behaviour && g->items[i]->verdict == PASSED)
			earned += g->items[i]->weight;
	return earned;
}

int grade_test_passed(struct grade *g, const char *test)
{
	struct item *it = grade_item(g, &check_behaviour, test);
	return it && it->verdict == PASSED;
}

int grade_selected(struct grade *g, const struct check *check)
{
	if (!g->only)
		return !g->test_glob || check == &check_build || check == &check_behaviour;
	for (char **c = g->only; *c; c++)
		if (!strcmp(*c, check->name))
			return 1;
	return check == &check_build;
}

char *hint_of(const char *description)
{
	const char *open = strrchr(description, '[');
	const char *close = open ? strchr(open, ']') : NULL;
	if (!open || !close || !memchr(open, '#', close - open))
		return NULL;
	return strndup(open + 1, close - open - 1);
}
