/* arena_trace.c - an arena used as a server uses one, under memcheck
 *
 *     arena_trace REQUESTS
 *
 * Each "request" builds a linked list of records of many sizes in an arena,
 * with a few large and aligned allocations among them, adds the list up and
 * resets the arena.  A second arena lives beside the first the whole time.
 * The leaks check runs this under memcheck with the arena's mempool client
 * requests: a correct arena gives no error and leaks nothing.  The worker
 * writes each request's sum to arena_trace.sums; the observer computes what
 * they must be.
 */
#include "arena.h"
#include "scenario.h"

#include <stdint.h>

#define RECORDS 400
#define SUMS "arena_trace.sums"

struct record {
	struct record *next;
	size_t len;
	unsigned char data[];
};

static size_t len_of(long request, int i)
{
	return (size_t)((request * 131 + i * 29) % 700);
}

static unsigned char byte_of(long request, int i)
{
	return (unsigned char)(request + i);
}

static uint64_t expected(long request)
{
	uint64_t sum = 0;

	for (int i = 0; i < RECORDS; i++)
		sum += len_of(request, i) * byte_of(request, i) + (uint64_t)i;
	return sum;
}

/* One request; its sum, or 0 when an allocation failed. */
static uint64_t request(struct arena *a, struct arena *keep, long r)
{
	struct record *list = NULL;
	uint64_t sum = 0;

	for (int i = 0; i < RECORDS; i++) {
		size_t len = len_of(r, i);
		struct record *rec = i % 97 == 5 ? arena_alloc_aligned(a, sizeof *rec + len, 256)
						 : arena_alloc(a, sizeof *rec + len);
		if (!rec)
			return 0;
		rec->next = list;
		rec->len = len;
		memset(rec->data, byte_of(r, i), len);
		list = rec;
		if (i % 150 == 0 && !arena_alloc(a, 70000))
			return 0;
	}
	for (int i = RECORDS - 1; list; list = list->next, i--) {
		for (size_t j = 0; j < list->len; j++)
			sum += list->data[j];
		sum += (uint64_t)i;
	}
	if (!arena_alloc(keep, 1 + (size_t)r % 50))
		return 0;
	arena_reset(a);
	return sum;
}

static int scenario_run(int argc, char *argv[], struct scenario_account *acc)
{
	long requests = argc > 1 ? atol(argv[1]) : 20;
	struct arena *a = arena_create(0), *keep = arena_create(4096);
	FILE *f = fopen(SUMS, "we");

	if (!a || !keep || !f) {
		fprintf(stderr, "arena_trace: cannot start: arena_create() returned NULL\n");
		return 1;
	}
	for (long r = 0; r < requests; r++) {
		uint64_t sum = request(a, keep, r);
		if (!sum) {
			fprintf(stderr, "arena_trace: an allocation of request %ld returned NULL\n", r);
			acc->failures++;
			break;
		}
		fprintf(f, "%ld %llu\n", r, (unsigned long long)sum);
		acc->rounds++;
	}
	fclose(f);
	arena_destroy(a);
	arena_destroy(keep);
	return acc->failures ? 1 : 0;
}

static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	long requests = argc > 1 ? atol(argv[1]) : 20;
	char line[128];

	scenario_end(l);
	FILE *f = fopen(SUMS, "re");
	for (long r = 0; f && r < requests && fgets(line, sizeof line, f); r++) {
		long got_r;
		unsigned long long got;
		if (sscanf(line, "%ld %llu", &got_r, &got) == 2 && got_r == r && got == expected(r))
			seen->verified++;
		else
			scenario_wrong(l, "request %ld: the records did not hold what was written", r);
	}
	if (!f)
		scenario_wrong(l, "%s is missing", SUMS);
	else
		fclose(f);
	unlink(SUMS);
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	long requests = argc > 1 ? atol(argv[1]) : 20;

	a->rounds = requests;
	a->verified = requests;
}

SCENARIO_MAIN
