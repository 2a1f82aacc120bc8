/* add_tests.c - official tests of the fixture lab
 *
 * add() runs in a child (graded_isolate()); the assertions run here, in a
 * process that never called it. */
#include "graded.h"
#include "add.h"

struct sum {
	int a, b;              /* the arguments */
	int got;               /* what add() returned */
};

static void call_add(void *result, void *arg)
{
	struct sum *s = result;
	const int *ab = arg;

	s->a = ab[0];
	s->b = ab[1];
	s->got = add(s->a, s->b);
}

static void expect_sum(int a, int b)
{
	struct graded_call call;
	struct sum *s = graded_isolate(call_add, (int[]){a, b}, sizeof *s, 2, &call);

	cr_assert(call.returned, "add(%d, %d) %s", a, b, call.how);
	cr_expect_eq(s->got, a + b, "add(%d, %d): expected %d, got %d", a, b, a + b, s->got);
}

GRADED(add, small_numbers, .description = "adds two small numbers [pipes#lab]", .timeout = 3)
{
	expect_sum(2, 3);
}

GRADED(add, negative, .description = "adds negative numbers [pipes#lab]", .timeout = 3)
{
	expect_sum(-2, -3);
}

GRADED(add, program, .description = "the adder program prints what expr prints [pipes#lab]",
       .timeout = 3)
{
	struct graded_result got, want;
	char *argv[] = {(char *)graded_program("adder"), "40", "2", NULL};
	cr_assert(graded_run(&got, argv, NULL) == 0, "adder could not be started");
	graded_sh(&want, "expr 40 + 2", NULL);
	graded_expect_same(&got, &want, "adder 40 2");
	graded_result_free(&got);
	graded_result_free(&want);
}
