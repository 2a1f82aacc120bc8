/* save_steps.c - the five steps of a crash-safe save, each checked
 *
 * Replaces config.txt (mode 0640) with new content: temporary file in the
 * same directory, write, fchmod, fsync, rename, fsync of the directory.
 * Prints each step and what a reader of config.txt would see after it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void seen(const char *step)
{
	char buf[64] = "";
	int fd = open("config.txt", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("%-34s config.txt says \"%s\"\n", step, buf);
}

int main(void)
{
	static const char next[] = "colour=green\n";
	struct stat st;

	int old = open("config.txt", O_WRONLY | O_CREAT | O_TRUNC, 0640);
	if (old < 0 || write(old, "colour=red\n", 11) != 11 || close(old) < 0 ||
	    chmod("config.txt", 0640) < 0 || stat("config.txt", &st) < 0)
		return 1;
	seen("before:");
	int fd = open("./.config.txt.tmp", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 || write(fd, next, sizeof next - 1) != sizeof next - 1)
		return 1;
	seen("1. temporary file written:");
	if (fchmod(fd, st.st_mode & 07777) < 0 || fsync(fd) < 0 || close(fd) < 0)
		return 1;
	seen("2. its mode set, fsync'd, closed:");
	if (rename("./.config.txt.tmp", "config.txt") < 0)
		return 1;
	seen("3. renamed over config.txt:");
	int dir = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0 || fsync(dir) < 0 || close(dir) < 0)
		return 1;
	seen("4. directory fsync'd:");
	stat("config.txt", &st);
	printf("mode kept: %04o\n", (unsigned)(st.st_mode & 07777));
	return 0;
}
