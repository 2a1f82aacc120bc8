/* score.h - every point of a grading, derived from its items alone */
#ifndef SCORE_H
#define SCORE_H

#include "grade.h"

/* One row of the report's table. */
struct check_score {
	const struct check *check;
	int max;              /* points possible */
	int raw;              /* points before scaling by behaviour */
	int score;            /* points earned */
	int passed, total;    /* items passed, items in all */
	char *summary;        /* the row's text: what happened, why points are missing */
};

struct score {
	struct check_score *rows;   /* the checks that have items, in table order */
	int nrows;
	int total, max;
};

/* Derives each check's points from its items: behaviour is the sum of the
 * tests passed; any other check gets points[i] (lab.json, for checks[i]) in
 * proportion to what its items earned of their weights, rounded down, then
 * scaled by the share of behaviour points earned when the check is scaled
 * and behaviour was graded.  Sets every item's score and max so that they
 * add up to the rows' figures.  A check without items has no row.  Pure: it
 * reads nothing but its arguments. */
void score_items(struct item **items, int nitems, const struct check *const *checks,
		 const int *points, struct score *out);
void score_free(struct score *s);

/* Splits total into n integer parts in proportion to weights (largest
 * remainder, ties to the earlier part); all zero when the weights are. */
void score_apportion(int total, const int *weights, int n, int *parts);

#endif
