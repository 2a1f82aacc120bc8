/* add_tests.c - official tests of the fixture lab */
#include "graded.h"
#include "add.h"

GRADED(add, small_numbers, .description = "adds two small numbers [pipes#lab]", .timeout = 3)
{
	cr_expect_eq(add(2, 3), 5, "add(2, 3): expected 5, got %d", add(2, 3));
}

GRADED(add, negative, .description = "adds negative numbers [pipes#lab]", .timeout = 3)
{
	cr_expect_eq(add(-2, -3), -5, "add(-2, -3): expected -5, got %d", add(-2, -3));
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
