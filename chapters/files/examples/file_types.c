/* file_types.c - what stat() and lstat() say about each kind of file
 *
 * Makes a regular file, a directory, a symbolic link to the file, a dangling
 * link, a FIFO and a Unix socket in the current directory, then asks both
 * calls about each (and about /dev/null).  lstat() describes the name;
 * stat() follows a link to what it names, and fails when that is missing.
 * Run it in an empty directory.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char *kind(mode_t m)
{
	if (S_ISREG(m)) return "regular file";
	if (S_ISDIR(m)) return "directory";
	if (S_ISLNK(m)) return "symbolic link";
	if (S_ISFIFO(m)) return "FIFO";
	if (S_ISSOCK(m)) return "socket";
	if (S_ISCHR(m)) return "character device";
	if (S_ISBLK(m)) return "block device";
	return "unknown";
}

static void show(const char *path)
{
	struct stat st;

	printf("%-12s lstat: %-17s", path, lstat(path, &st) == 0 ? kind(st.st_mode) : "error");
	if (stat(path, &st) == 0)
		printf(" stat: %s\n", kind(st.st_mode));
	else
		printf(" stat: fails, %s\n", errno == ENOENT ? "ENOENT" : strerror(errno));
}

/* Makes one file of each kind the program can make without root.  Returns
 * 0, or -1 after saying which one failed. */
static int make_all(void)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX, .sun_path = "sock"};
	const char *what = "file";
	int fd = open("file", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), s = -1;

	if (fd < 0 || close(fd) < 0 || (what = "dir", mkdir("dir", 0755)) < 0 ||
	    (what = "link", symlink("file", "link")) < 0 ||
	    (what = "dangling", symlink("missing", "dangling")) < 0 ||
	    (what = "fifo", mkfifo("fifo", 0644)) < 0 ||
	    (what = "sock", s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
		fprintf(stderr, "file_types: cannot make '%s': %s\n", what, strerror(errno));
		if (s >= 0)
			close(s);
		return -1;
	}
	close(s);
	return 0;
}

int main(void)
{
	const char *paths[] = {"file", "dir", "link", "dangling", "fifo", "sock", "/dev/null"};

	if (make_all() < 0)
		return 1;
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
		show(paths[i]);
	return 0;
}
