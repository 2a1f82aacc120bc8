/* my_tests.c - the reference solution's own tests of save.c, listing.c and
 * mapcount.c (they reach the coverage threshold) */
#define _GNU_SOURCE
#include "save.h"
#include "listing.h"
#include "mapcount.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

Test(my_files, save_then_count, .timeout = 10)
{
	static const char text[] = "two words\nand three more\n";
	struct counts c;

	cr_assert(atomic_save("my_saved.txt", text, strlen(text)) == 0, "atomic_save failed");
	cr_assert(mapcount("my_saved.txt", &c) == 0, "mapcount failed");
	cr_expect(c.lines == 2 && c.words == 5 && c.bytes == (long long)strlen(text));
	remove("my_saved.txt");
}

Test(my_files, save_keeps_mode_and_fails_cleanly, .timeout = 10)
{
	cr_assert(atomic_save("my_mode.txt", "a", 1) == 0);
	cr_assert(chmod("my_mode.txt", 0600) == 0);
	cr_assert(atomic_save("my_mode.txt", "b", 1) == 0);
	struct stat st;
	cr_assert(stat("my_mode.txt", &st) == 0);
	cr_expect((st.st_mode & 07777) == 0600);
	remove("my_mode.txt");
	errno = 0;
	cr_expect(atomic_save("my_nodir/x", "a", 1) == -1 && errno == ENOENT);
	cr_assert(mkdir("my_adir", 0755) == 0);
	cr_expect(atomic_save("my_adir", "a", 1) == -1 && errno == EISDIR);
	cr_expect(atomic_save("/my_root_file_cannot_be_made_here", "a", 1) == -1 ||
		  remove("/my_root_file_cannot_be_made_here") == 0);
	rmdir("my_adir");
}

Test(my_files, mode_strings, .timeout = 10)
{
	static const mode_t modes[] = {S_IFREG | 04755, S_IFDIR | 01776, S_IFLNK | 0777,
				       S_IFIFO | 02644, S_IFSOCK | 0700, S_IFCHR | 0666,
				       S_IFBLK | 0660, 0};
	static const char *const want[] = {"-rwsr-xr-x", "drwxrwxrwT", "lrwxrwxrwx",
					   "prw-r-Sr--", "srwx------", "crw-rw-rw-",
					   "brw-rw----", "?---------"};
	char out[11];
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		listing_mode(modes[i], out);
		cr_expect(!strcmp(out, want[i]), "%s, expected %s", out, want[i]);
	}
}

Test(my_files, listing_of_a_directory, .timeout = 10)
{
	char line[256];
	cr_assert(mkdir("my_list", 0755) == 0);
	FILE *f = fopen("my_list/a b", "w");
	cr_assert(f);
	fputs("x\n", f);
	fclose(f);
	cr_assert(symlink("t\n\303", "my_list/link") == 0);
	cr_expect(listing_line("my_list", "link", line, sizeof line) > 0);
	cr_expect(!strcmp(line, "lrwxrwxrwx 1 3 link -> t\\n\\303"), "%s", line);
	cr_expect(listing_line("my_list", "a b", line, 8) == -1 && errno == ERANGE);
	cr_expect(listing_line("my_list", "a b", line, 16) == -1 && errno == ERANGE);
	cr_expect(listing_line("my_list", "link", line, 22) == -1 && errno == ERANGE);
	cr_expect(listing_line("my_list", "link", line, 27) == -1 && errno == ERANGE);
	cr_expect(listing_line("my_list", "nosuch", line, sizeof line) == -1 && errno == ENOENT);
	cr_expect(listing_line("/dev", "null", line, sizeof line) > 0);
	FILE *out = fopen("/dev/null", "w");
	cr_assert(out);
	cr_expect(listing_print("my_list", out) == 2);
	cr_expect(listing_print("my_nosuch", out) == -1);
	char longname[PATH_MAX];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	cr_expect(listing_line("my_list", longname, line, sizeof line) == -1);
	fclose(out);
	unlink("my_list/a b");
	unlink("my_list/link");
	rmdir("my_list");
}

Test(my_files, counts_of_odd_files, .timeout = 10)
{
	struct counts c;
	cr_assert(atomic_save("my_empty", "", 0) == 0);
	cr_expect(mapcount("my_empty", &c) == 0 && c.bytes == 0 && c.lines == 0);
	remove("my_empty");
	cr_expect(mapcount(".", &c) == -1 && errno == EISDIR);
	cr_expect(mapcount("/dev/null", &c) == -1 && errno == EINVAL);
	cr_expect(mapcount("my_nosuch", &c) == -1 && errno == ENOENT);
	cr_assert(atomic_save("my_bin", "a\0b \x80 c\t\v\f\r", 12) == 0);
	cr_expect(mapcount("my_bin", &c) == 0 && c.words == 2, "%lld words", c.words);
	remove("my_bin");
}
