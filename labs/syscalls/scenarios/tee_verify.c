/* tee_verify.c - the faults check's verifier: what did tee leave behind?
 *
 *     tee_verify new|old
 *
 * Run by the grader, untraced and trusted (no student code is linked in),
 * in the scratch directory of a tee_faults run, after the run ended as
 * promised.  It reads the three outputs of tee_input.h:
 *  - new (no fault, or EINTR that tee retried): every output holds the
 *    whole input;
 *  - old (one write failed with ENOSPC or EIO): tee.h promises that the
 *    failed output is written no more while the others go on, so exactly
 *    one output holds a strict prefix of the input and the others all of it.
 * Exits 0 when that holds; otherwise prints what it found and exits 1.
 */
#include "tee_input.h"

#include <stdio.h>
#include <string.h>

/* How many leading bytes of path agree with the input; -1 when it cannot
 * be read.  *whole is set when the file is exactly the input. */
static long agreeing(const char *path, int *whole)
{
	FILE *f = fopen(path, "rb");
	long i = 0;
	int c;
	*whole = 0;
	if (!f)
		return -1;
	while ((c = getc(f)) != EOF && i < TEE_INPUT_BYTES && c == tee_input_byte(i))
		i++;
	*whole = c == EOF && i == TEE_INPUT_BYTES;
	int extra = c != EOF;
	fclose(f);
	return extra ? -2 - i : i;
}

int main(int argc, char *argv[])
{
	if (argc != 2 || (strcmp(argv[1], "new") && strcmp(argv[1], "old"))) {
		fprintf(stderr, "usage: tee_verify new|old\n");
		return 2;
	}
	int want_short = !strcmp(argv[1], "old"), shorts = 0, bad = 0;
	for (int k = 0; k < TEE_NOUTPUTS; k++) {
		int whole;
		long n = agreeing(tee_outputs[k], &whole);
		if (n == -1) {
			printf("%s is missing\n", tee_outputs[k]);
			bad = 1;
		} else if (n < -1) {
			printf("%s differs from the input at byte %ld\n", tee_outputs[k], -2 - n);
			bad = 1;
		} else if (!whole) {
			printf("%s holds only the first %ld of %ld bytes\n", tee_outputs[k], n,
			       TEE_INPUT_BYTES);
			shorts++;
		}
	}
	if (!want_short && shorts)
		printf("every output must hold the whole input\n");
	if (want_short && shorts != 1)
		printf("after one failed write, exactly one output must be short and the "
		       "others whole; %d %s short\n", shorts, shorts == 1 ? "is" : "are");
	return bad || shorts != want_short;
}
