/* my_tests.c - the student's own tests */
#include <criterion/criterion.h>
#include "add.h"

Test(add, small)
{
	cr_expect(add(1, 2) == 3);
}
