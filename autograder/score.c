/* score.c - from items to points: the one place where points are computed
 *
 * DESIGN.md: points come from items only.  Checks record verdicts and what
 * each item earned of its weight; this file turns them into the totals, the
 * scaling of quality points by behaviour, and each row's summary.  Nothing
 * here changes a verdict.
 */
#define _GNU_SOURCE
#include "score.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void score_apportion(int total, const int *weights, int n, int *parts)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += weights[i];
	int given = 0;
	for (int i = 0; i < n; i++) {
		parts[i] = sum ? (int)((long)total * weights[i] / sum) : 0;
		given += parts[i];
	}
	/* The points the floors left go one each to the largest remainders;
	 * the earlier part wins a tie.  They are fewer than the parts. */
	char *extra = xcalloc(n, 1);
	for (; sum && given < total; given++) {
		int best = -1;
		long best_rem = -1;
		for (int i = 0; i < n; i++) {
			long rem = (long)total * weights[i] % sum;
			if (!extra[i] && weights[i] && rem > best_rem) {
				best = i;
				best_rem = rem;
			}
		}
		if (best < 0)
			break;
		extra[best] = 1;
		parts[best]++;
	}
	free(extra);
}

static int is_behaviour(const struct check *c)
{
	return !strcmp(c->name, "behaviour");
}

/* The items of check c, in order, into its (malloc'd); returns the count. */
static int items_of(struct item **items, int nitems, const struct check *c, struct item ***its)
{
	int n = 0;
	*its = xcalloc(nitems + 1, sizeof **its);
	for (int i = 0; i < nitems; i++)
		if (items[i]->check == c)
			(*its)[n++] = items[i];
	return n;
}

/* Points and item counts of one check, before scaling. */
static void tally(struct check_score *r, struct item **its, int n, int points)
{
	int weight = 0, earned = 0;
	for (int i = 0; i < n; i++) {
		weight += its[i]->weight;
		earned += its[i]->earned;
		r->passed += its[i]->verdict == PASSED;
	}
	r->total = n;
	if (is_behaviour(r->check)) {
		r->max = weight;
		r->raw = earned;
	} else {
		r->max = points;
		r->raw = weight ? (int)((long)points * earned / weight) : 0;
	}
}

/* Each item's max and score, adding up to the row's. */
static void share_out(struct check_score *r, struct item **its, int n)
{
	int *w = xcalloc(n, sizeof *w), *e = xcalloc(n, sizeof *e);
	int *maxes = xcalloc(n, sizeof *maxes), *scores = xcalloc(n, sizeof *scores);
	for (int i = 0; i < n; i++) {
		w[i] = its[i]->weight;
		e[i] = its[i]->earned;
	}
	score_apportion(r->max, w, n, maxes);
	score_apportion(r->score, e, n, scores);
	/* Rounding may give an item one point over its max: pass it on. */
	int spare = 0;
	for (int i = 0; i < n; i++)
		if (scores[i] > maxes[i]) {
			spare += scores[i] - maxes[i];
			scores[i] = maxes[i];
		}
	for (int i = 0; i < n && spare; i++)
		while (spare && scores[i] < maxes[i] && e[i]) {
			scores[i]++;
			spare--;
		}
	for (int i = 0; i < n; i++) {
		its[i]->max = maxes[i];
		its[i]->score = scores[i];
	}
	free(w);
	free(e);
	free(maxes);
	free(scores);
}

/* The row's words: what the items say, then why points are missing. */
static char *summarise(const struct check_score *r, struct item **its, int n,
		       int beh_score, int beh_max, int scaling)
{
	int skipped = 0, not_graded = 0;
	for (int i = 0; i < n; i++) {
		skipped += its[i]->verdict == SKIPPED;
		not_graded += its[i]->verdict == NOT_GRADED;
	}
	struct sbuf b;
	sbuf_init(&b);
	if (n && skipped == n)
		sbuf_printf(&b, "skipped: %s", its[0]->note ? its[0]->note : "not run");
	else if (n == 1 && its[0]->note)
		sbuf_printf(&b, "%s", its[0]->note);
	else
		sbuf_printf(&b, "%d of %d %s %s", r->passed, n, r->check->unit, r->check->passed);
	if (skipped && skipped < n)
		sbuf_printf(&b, " (%d skipped)", skipped);
	if (not_graded)
		sbuf_printf(&b, " (%d not graded on this machine)", not_graded);
	if (scaling && r->score < r->raw && !(n && skipped == n)) {
		if (beh_score == 0)
			sbuf_printf(&b, "; worth 0 of %d until official tests pass", r->max);
		else
			sbuf_printf(&b, "; worth %d of %d: these points follow behaviour (%d of %d)",
				    r->score, r->max, beh_score, beh_max);
	}
	return b.s;
}

void score_items(struct item **items, int nitems, const struct check *const *checks,
		 const int *points, struct score *out)
{
	int nchecks = 0;
	while (checks[nchecks])
		nchecks++;
	memset(out, 0, sizeof *out);
	out->rows = xcalloc(nchecks + 1, sizeof *out->rows);
	struct item ***its = xcalloc(nchecks + 1, sizeof *its);
	int *counts = xcalloc(nchecks + 1, sizeof *counts);
	int beh_score = 0, beh_max = 0, beh_graded = 0;
	for (int c = 0; c < nchecks; c++) {
		counts[c] = items_of(items, nitems, checks[c], &its[c]);
		struct check_score *r = &out->rows[c];
		r->check = checks[c];
		tally(r, its[c], counts[c], points[c]);
		if (is_behaviour(checks[c]) && counts[c]) {
			beh_graded = 1;
			beh_score = r->raw;
			beh_max = r->max;
		}
	}
	/* Behaviour not graded at all (only some checks were asked for): nothing to scale by. */
	int n = 0;
	for (int c = 0; c < nchecks; c++) {
		struct check_score *r = &out->rows[c];
		int scaling = beh_graded && r->check->scaled;
		r->score = !scaling ? r->raw : beh_max ? (int)((long)r->raw * beh_score / beh_max) : 0;
		share_out(r, its[c], counts[c]);
		r->summary = summarise(r, its[c], counts[c], beh_score, beh_max, scaling);
		if (counts[c] == 0) {
			/* Not asked for (--checks, test=), or nothing in the lab to grade. */
			free(r->summary);
			free(its[c]);
			continue;
		}
		out->total += r->score;
		out->max += r->max;
		out->rows[n++] = *r;
		free(its[c]);
	}
	out->nrows = n;
	free(its);
	free(counts);
}

void score_free(struct score *s)
{
	for (int i = 0; i < s->nrows; i++)
		free(s->rows[i].summary);
	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
}
