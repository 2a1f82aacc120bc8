/* adder_main.c - print the sum of two numbers given as arguments
 *
 *     adder A B        prints A + B
 *     adder -f FILE    prints the sum of the two numbers in FILE, or says
 *                      "adder: cannot read 'FILE': REASON" and exits 1
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "add.h"

/* Weak only because the grader's hostile fixtures replace add.c with files
 * that define add() alone: without add_file(), -f says so and exits 2. */
extern int add_file(const char *path, int *sum) __attribute__((weak));

static int sum_file(const char *path)
{
	int sum;

	if (!add_file) {
		fprintf(stderr, "adder: add_file() is not written\n");
		return 2;
	}
	if (add_file(path, &sum) < 0) {
		fprintf(stderr, "adder: cannot read '%s': %s\n", path, strerror(errno));
		return 1;
	}
	printf("%d\n", sum);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "-f"))
		return sum_file(argv[2]);
	if (argc != 3)
		return 2;
	int sum = add(atoi(argv[1]), atoi(argv[2]));
	printf("%d\n", sum);
	return sum == atoi(argv[1]) + atoi(argv[2]) ? 0 : 1;
}
