/* adder_main.c - print the sum of two numbers given as arguments */
#include <stdio.h>
#include <stdlib.h>
#include "add.h"

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	int sum = add(atoi(argv[1]), atoi(argv[2]));
	printf("%d\n", sum);
	return sum == atoi(argv[1]) + atoi(argv[2]) ? 0 : 1;
}
