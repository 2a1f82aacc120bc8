/* save_leaks.c - atomic_save() on its good and its error paths (the leaks check)
 *
 *     save_leaks
 *
 * Under memcheck with --track-fds=yes: the worker saves a new file, saves
 * over it, then tries two saves that must fail: into a directory that does
 * not exist (ENOENT, nothing to clean up) and over a directory (rename fails
 * with EISDIR after the temporary file was written, which must be removed
 * and closed).  The worker counts the calls that returned what they must
 * (rounds); the observer then checks the files itself (verified): the file
 * holds the second content, and nothing else was left in leaks/.
 */
#define _GNU_SOURCE
#include "save.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "scenario.h"

static const char first[] = "first content\n";
static const char second[] = "second content, longer than the first\n";

static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	if (mkdir("leaks", 0755) < 0 || mkdir("leaks/adir", 0755) < 0)
		return 2;
	a->rounds += atomic_save("leaks/a.txt", first, sizeof first - 1) == 0;
	a->rounds += atomic_save("leaks/a.txt", second, sizeof second - 1) == 0;
	errno = 0;
	a->rounds += atomic_save("nodir/a.txt", first, sizeof first - 1) == -1 &&
		     errno == ENOENT;
	errno = 0;
	a->rounds += atomic_save("leaks/adir", first, sizeof first - 1) == -1 &&
		     errno == EISDIR;
	return 0;
}

static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	(void)argc;
	(void)argv;
	scenario_end(l);
	DIR *d = opendir("leaks");
	struct dirent *e;
	int extra = 0;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, "a.txt") && strcmp(e->d_name, "adir") && extra++ == 0)
			scenario_wrong(l, "leaks/%s was left behind", e->d_name);
	if (d)
		closedir(d);
	if (d && !extra)
		seen->verified++;
	if (scenario_file_holds(l, "leaks/a.txt", second, sizeof second - 1))
		seen->verified++;
}

static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	(void)argc;
	(void)argv;
	a->rounds = 4;
	a->verified = 2;
}

SCENARIO_MAIN
