/* unlink_open.c - a name is one link to an inode; an open descriptor keeps
 * the inode alive after its last name is gone
 *
 * Run it in an empty directory.  (On Linux, /proc/PID/fd/N of the open
 * descriptor then reads "... (deleted)": deleted.sh in this directory shows
 * it with lsof.)
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static void links(const char *when, int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0)
		printf("%-28s st_nlink = %lu, size = %lld\n", when, (unsigned long)st.st_nlink,
		       (long long)st.st_size);
}

int main(void)
{
	char buf[64];
	int fd = open("data.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, "still here\n", 11) != 11) {
		perror("unlink_open");
		return 1;
	}
	links("after open:", fd);
	if (link("data.txt", "second-name.txt") < 0) {
		perror("unlink_open: link");
		return 1;
	}
	links("after link():", fd);
	if (unlink("data.txt") < 0) {
		perror("unlink_open: unlink");
		return 1;
	}
	links("after unlink(data.txt):", fd);
	if (unlink("second-name.txt") < 0) {
		perror("unlink_open: unlink");
		return 1;
	}
	links("after unlink(second-name):", fd);
	ssize_t n = pread(fd, buf, sizeof buf, 0);
	printf("pread through the descriptor: %.*s", (int)(n > 0 ? n : 0), buf);
	printf("access(\"data.txt\") = %d\n", access("data.txt", F_OK));
	close(fd);         /* now the kernel frees the inode and its blocks */
	return 0;
}
