/* valgrind_test.c - reading recorded Valgrind logs (logs/, made on Debian 12) */
#include "util.h"
#include "valgrind.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static char *problem_of(const char *name, int fds)
{
	char *path = xprintf("%s/logs/%s", UNIT_DIR, name);
	char *text = read_file(path, NULL, 0);
	cr_assert(text, "cannot read %s", path);
	char *p = valgrind_first_problem(text, fds);
	free(text);
	free(path);
	return p;
}

Test(valgrind, clean_log_is_clean, .description = "a clean run has no problem")
{
	cr_expect_null(problem_of("memcheck-clean.vglog", 1));
}

Test(valgrind, leak_names_the_allocation, .description = "a definite leak is quoted with its stack")
{
	char *p = problem_of("memcheck-leak.vglog", 1);
	cr_assert(p);
	cr_expect(strstr(p, "are definitely lost"), "%s", p);
	cr_expect(strstr(p, "copy (leak.c:3)"), "%s", p);
	free(p);
}

Test(valgrind, overflow_says_where_the_block_was, .description = "an invalid write keeps the address's block description")
{
	char *p = problem_of("memcheck-overflow.vglog", 1);
	cr_assert(p);
	cr_expect(strstr(p, "Invalid write of size 1"), "%s", p);
	cr_expect(strstr(p, "0 bytes after a block of size 5"), "%s", p);
	free(p);
}

Test(valgrind, open_descriptor_reported, .description = "a descriptor left open is named")
{
	char *p = problem_of("memcheck-fdleak.vglog", 1);
	cr_assert(p);
	cr_expect(strstr(p, "file descriptor 4: fdleak.c"), "%s", p);
	free(p);
	cr_expect_null(problem_of("memcheck-fdleak.vglog", 0), "descriptors are checked only when asked");
}

Test(valgrind, race_quotes_both_sides, .description = "helgrind's race is quoted, both accesses and their locks, not the thread announcements")
{
	char *p = problem_of("helgrind-race.vglog", 0);
	cr_assert(p);
	cr_expect(strstr(p, "Possible data race"), "%s", p);
	cr_expect(strstr(p, "This conflicts with a previous write"), "%s", p);
	cr_expect(strstr(p, "Locks held: none"), "%s", p);
	cr_expect_null(strstr(p, "was created"), "%s", p);
	cr_expect_null(strstr(p, "first observed"), "%s", p);
	char *files[] = {"race.c", NULL};
	char **places = valgrind_places(p, files, 4);
	cr_expect_str_eq(places[0], "race.c:5");
	cr_expect_str_eq(places[1], "race.c:4");
	cr_expect_null(places[2]);
	free(p);
}

/* The kind of the first problem of a recorded log. */
static const char *kind_of(const char *name, int fds)
{
	char *p = problem_of(name, fds);
	const char *kind = valgrind_problem_kind(p);
	free(p);
	return kind;
}

Test(valgrind, problem_kinds, .description = "each problem has the kind its hint follows: memory errors and leaks, descriptors, races")
{
	cr_expect_str_eq(kind_of("memcheck-overflow.vglog", 1), "memory");
	cr_expect_str_eq(kind_of("memcheck-leak.vglog", 1), "memory");
	cr_expect_str_eq(kind_of("memcheck-fdleak.vglog", 1), "descriptors");
	cr_expect_str_eq(kind_of("helgrind-race.vglog", 0), "races");
	cr_expect_null(kind_of("memcheck-clean.vglog", 1));
}
