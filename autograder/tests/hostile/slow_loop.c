/* Expect: exit=1 zero=performance text="where they went: add 100.0%" */
/* Right answers, by counting b up one at a time: far over the performance
 * budget, and the report names the count, the budget and add() as hot. */
#include "add.h"

int add(int a, int b)
{
	int sum = a;

	for (int i = 0; i < b; i++)
		sum++;
	for (int i = 0; i > b; i--)
		sum--;
	return sum;
}
