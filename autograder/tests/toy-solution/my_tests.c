/* my_tests.c - the student's own tests */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include "add.h"

Test(add, small)
{
	cr_expect(add(1, 2) == 3);
}

Test(add_file, two_numbers)
{
	FILE *f = fopen("two.txt", "w");
	int sum = 0;

	cr_assert(f);
	fputs("40 2\n", f);
	fclose(f);
	cr_expect(add_file("two.txt", &sum) == 0 && sum == 42);
}

Test(add_file, errors)
{
	FILE *f = fopen("none.txt", "w");
	int sum = 0;

	cr_assert(f);
	fclose(f);
	cr_expect(add_file("none.txt", &sum) == -1 && errno == EINVAL);
	cr_expect(add_file("nosuch.txt", &sum) == -1 && errno == ENOENT);
	cr_expect(add_file(".", &sum) == -1 && errno == EISDIR);
}
