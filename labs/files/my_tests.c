/* my_tests.c - your own tests of save.c, listing.c and mapcount.c
 *
 * The coverage check builds these tests with --coverage and measures which
 * lines of save.c, listing.c and mapcount.c they run: reach 80% of the
 * lines.  One worked example is below; add your own in the same shape, e.g.
 * a save over a file of mode 0600, a save into a missing directory, the
 * mode string of a setuid file, a listing of a directory holding a
 * symbolic link, the counts of an empty file and of a directory.
 *
 * Run them with: make check lab=files (the coverage line shows the figure
 * and where the HTML report with the uncovered lines is).
 */
#include "save.h"
#include "listing.h"
#include "mapcount.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

/* Worked example: save a file, then count it through mmap. */
Test(my_files, save_then_count, .timeout = 10)
{
	static const char text[] = "two words\nand three more\n";
	struct counts c;

	cr_assert(atomic_save("my_saved.txt", text, strlen(text)) == 0, "atomic_save failed");
	cr_assert(mapcount("my_saved.txt", &c) == 0, "mapcount failed");
	cr_expect(c.lines == 2 && c.words == 5 && c.bytes == (long long)strlen(text),
		  "counted %lld %lld %lld, expected 2 5 %zu", c.lines, c.words, c.bytes,
		  strlen(text));
	remove("my_saved.txt");
}
