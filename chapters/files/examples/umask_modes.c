/* umask_modes.c - the mode a new file gets is the mode asked for less the umask
 *
 * open(..., O_CREAT, 0666) and mkdir(..., 0777) under four umasks.  The
 * kernel clears every bit that is set in the umask (unless the directory has
 * a default ACL); chmod() and fchmod() are not filtered by it.  Run it in an
 * empty directory.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Returns the twelve permission bits of path, or -1 with errno set. */
static long mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)(st.st_mode & 07777) : -1;
}

int main(void)
{
	const mode_t masks[] = {022, 002, 077, 0};
	char file[32], dir[32];

	for (size_t i = 0; i < sizeof masks / sizeof *masks; i++) {
		umask(masks[i]);
		snprintf(file, sizeof file, "file-%03o", (unsigned)masks[i]);
		snprintf(dir, sizeof dir, "dir-%03o", (unsigned)masks[i]);
		int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0666);
		long made, dmade, changed;
		if (fd < 0 || mkdir(dir, 0777) < 0 || (made = mode_of(file)) < 0 ||
		    (dmade = mode_of(dir)) < 0 || fchmod(fd, 0666) < 0 ||
		    (changed = mode_of(file)) < 0) {
			fprintf(stderr, "umask_modes: cannot make '%s' and '%s': %s\n", file, dir,
				strerror(errno));
			return 1;
		}
		printf("umask %03o: open(0666) gives %04lo, mkdir(0777) gives %04lo, "
		       "fchmod(0666) gives %04lo\n", (unsigned)masks[i], made, dmade, changed);
		close(fd);
	}
	return 0;
}
