/* score_test.c - points come from items only: score_items() and its parts */
#include "score.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* A made-up table: the real rows' names, no functions (scoring calls none). */
static const struct check build = {.name = "build", .unit = "builds", .passed = "clean", .scaled = 1};
static const struct check behaviour = {.name = "behaviour", .unit = "tests", .passed = "passed"};
static const struct check leaks = {.name = "leaks", .unit = "scenarios", .passed = "clean", .scaled = 1};
static const struct check *const table[] = {&build, &behaviour, &leaks, NULL};

/* The row of check c in s. */
static const struct check_score *row(const struct score *s, const struct check *c)
{
	for (int i = 0; i < s->nrows; i++)
		if (s->rows[i].check == c)
			return &s->rows[i];
	cr_assert_fail("no row for %s", c->name);
	return NULL;
}

static struct item *item(const struct check *c, const char *name, int weight, enum verdict v,
			 int earned)
{
	struct item *it = calloc(1, sizeof *it);
	it->check = c;
	it->name = strdup(name);
	it->weight = weight;
	it->verdict = v;
	it->earned = earned;
	return it;
}

Test(apportion, splits_by_largest_remainder, .description = "10 points over weights 1,1,1 give 4,3,3")
{
	int w[] = {1, 1, 1}, parts[3];
	score_apportion(10, w, 3, parts);
	cr_expect_eq(parts[0], 4);
	cr_expect_eq(parts[1], 3);
	cr_expect_eq(parts[2], 3);
}

Test(apportion, zero_weights_give_zero, .description = "nothing to share by gives nothing")
{
	int w[] = {0, 0}, parts[2] = {9, 9};
	score_apportion(5, w, 2, parts);
	cr_expect_eq(parts[0] + parts[1], 0);
}

Test(apportion, parts_always_add_up, .description = "for every total and weights, the parts add up")
{
	int w[] = {3, 1, 7, 2, 5};
	for (int total = 0; total < 60; total++) {
		int parts[5], sum = 0;
		score_apportion(total, w, 5, parts);
		for (int i = 0; i < 5; i++)
			sum += parts[i];
		cr_assert_eq(sum, total, "total %d split into %d", total, sum);
	}
}

Test(score, full_marks, .description = "everything passed: every check at its maximum")
{
	struct item *items[] = {
		item(&build, "build", 2, PASSED, 2),
		item(&behaviour, "a/one", 2, PASSED, 2),
		item(&behaviour, "a/two", 3, PASSED, 3),
		item(&leaks, "s1", 1, PASSED, 1),
		item(&leaks, "s2", 1, PASSED, 1),
	};
	int points[] = {5, 0, 10};
	struct score s;
	score_items(items, 5, table, points, &s);
	cr_expect_eq(s.total, 20);
	cr_expect_eq(s.max, 20);
	cr_expect_eq(row(&s, &behaviour)->max, 5, "behaviour's max is the sum of its tests");
	cr_expect_str_eq(row(&s, &behaviour)->summary, "2 of 2 tests passed");
	score_free(&s);
}

Test(score, clean_build_worth_nothing_until_tests_pass,
     .description = "a clean build stays passed and says it is worth 0 until tests pass")
{
	struct item *items[] = {
		item(&build, "build", 2, PASSED, 2),
		item(&behaviour, "a/one", 2, FAILED, 0),
	};
	items[0]->note = strdup("compiled without warnings");
	int points[] = {5, 0, 0};
	struct score s;
	score_items(items, 2, table, points, &s);
	cr_expect_eq(row(&s, &build)->raw, 5);
	cr_expect_eq(row(&s, &build)->score, 0);
	cr_expect_eq(items[0]->verdict, PASSED, "scoring never changes a verdict");
	cr_expect(strstr(row(&s, &build)->summary, "compiled without warnings; worth 0 of 5 until"),
		  "summary: %s", row(&s, &build)->summary);
	cr_expect_eq(s.total, 0);
	score_free(&s);
}

Test(score, quality_scaled_by_behaviour, .description = "leaks points follow the share of behaviour earned, rounded down")
{
	struct item *items[] = {
		item(&behaviour, "a/one", 1, PASSED, 1),
		item(&behaviour, "a/two", 2, FAILED, 0),
		item(&leaks, "s1", 1, PASSED, 1),
	};
	int points[] = {0, 0, 10};
	struct score s;
	score_items(items, 3, table, points, &s);
	cr_expect_eq(row(&s, &behaviour)->score, 1);
	cr_expect_eq(row(&s, &leaks)->raw, 10);
	cr_expect_eq(row(&s, &leaks)->score, 3, "10 x 1/3, rounded down");
	cr_expect_eq(items[2]->score, 3, "the item carries the row's points");
	cr_expect_eq(items[2]->max, 10);
	score_free(&s);
}

Test(score, unscaled_without_behaviour, .description = "with behaviour not graded (--checks), quality points are not scaled")
{
	struct item *items[] = {
		item(&leaks, "s1", 1, PASSED, 1),
		item(&leaks, "s2", 1, FAILED, 0),
	};
	int points[] = {0, 0, 10};
	struct score s;
	score_items(items, 2, table, points, &s);
	cr_expect_eq(s.nrows, 1, "rows without items or points are left out");
	cr_expect_eq(row(&s, &leaks)->score, 5);
	cr_expect_str_eq(row(&s, &leaks)->summary, "1 of 2 scenarios clean");
	score_free(&s);
}

Test(score, skipped_check_says_why, .description = "a check whose items were all skipped says why in its row")
{
	struct item *items[] = {
		item(&behaviour, "a/one", 1, PASSED, 1),
		item(&leaks, "s1", 1, SKIPPED, 0),
	};
	items[1]->note = strdup("no build");
	int points[] = {0, 0, 4};
	struct score s;
	score_items(items, 2, table, points, &s);
	cr_expect_str_eq(row(&s, &leaks)->summary, "skipped: no build");
	cr_expect_eq(row(&s, &leaks)->score, 0);
	cr_expect_eq(s.max, 5);
	score_free(&s);
}

Test(score, item_scores_add_up, .description = "the items' scores add up to the total (results.json's tests)")
{
	struct item *items[] = {
		item(&behaviour, "a/one", 1, PASSED, 1),
		item(&behaviour, "a/two", 1, PASSED, 1),
		item(&leaks, "s1", 1, PASSED, 1),
		item(&leaks, "s2", 1, PASSED, 1),
		item(&leaks, "s3", 1, FAILED, 0),
	};
	int points[] = {0, 0, 10};
	struct score s;
	score_items(items, 5, table, points, &s);
	int sum = 0, max = 0;
	for (int i = 0; i < 5; i++) {
		sum += items[i]->score;
		max += items[i]->max;
		cr_expect_leq(items[i]->score, items[i]->max, "%s", items[i]->name);
	}
	cr_expect_eq(sum, s.total);
	cr_expect_eq(max, s.max);
	score_free(&s);
}

Test(score, half_for_warnings, .description = "a build with warnings earns half its weight")
{
	struct item *items[] = {item(&build, "build", 2, FAILED, 1)};
	int points[] = {5, 0, 0};
	struct score s;
	score_items(items, 1, table, points, &s);
	cr_expect_eq(row(&s, &build)->score, 2, "5 x 1/2, rounded down");
	score_free(&s);
}
