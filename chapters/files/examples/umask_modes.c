/* umask_modes.c - the mode a new file gets is the mode asked for less the umask
 *
 * open(..., O_CREAT, 0666) and mkdir(..., 0777) under three umasks.  The
 * kernel clears every bit that is set in the umask; chmod() and fchmod()
 * are not filtered by it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0;
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
		if (fd < 0 || mkdir(dir, 0777) < 0) {
			perror("umask_modes");
			return 1;
		}
		printf("umask %03o: open(0666) gives %04o, mkdir(0777) gives %04o", (unsigned)masks[i],
		       mode_of(file), mode_of(dir));
		fchmod(fd, 0666);
		printf(", fchmod(0666) gives %04o\n", mode_of(file));
		close(fd);
	}
	return 0;
}
