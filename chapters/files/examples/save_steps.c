/* save_steps.c - the six steps of a crash-safe save, each checked
 *
 * Replaces config.txt (mode 0640) in the current directory with new content,
 * in the six steps the chapter numbers: create a temporary file next to it,
 * write, copy the mode bits (fchmod), fsync the file, rename it over
 * config.txt, fsync the directory.  After each step it prints what a reader
 * opening config.txt would see.  Run it in an empty directory.
 *
 * The temporary name is .config.txt.PID.N: made with O_CREAT | O_EXCL and
 * mode 0666, so no two savers share it and a new file would get the 0666
 * less the umask that any new file gets; EEXIST (a stray from a dead process
 * whose pid came round again) moves on to the next N.  On any failure the
 * temporary file is removed and its descriptor closed.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TARGET "config.txt"

/* Prints STEP and the first line a reader of TARGET finds now. */
static void seen(const char *step)
{
	char buf[64] = "";
	int fd = open(TARGET, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("%-30s " TARGET " says \"%s\"\n", step, buf);
}

/* Creates a temporary file of its own next to TARGET and writes its name
 * into name.  Returns the descriptor, or -1 with errno set. */
static int tmp_create(char *name, size_t size)
{
	for (unsigned n = 0; n < 100; n++) {
		snprintf(name, size, "./." TARGET ".%ld.%u", (long)getpid(), n);
		int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;          /* errno is EEXIST */
}

/* Writes all len bytes of data to fd.  Returns 0, or -1 with errno set. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0) {
			data += n;
			len -= (size_t)n;
		}
	}
	return 0;
}

/* fsync(fd), again after EINTR.  Returns 0, or -1 with errno set. */
static int sync_fd(int fd)
{
	while (fsync(fd) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* Replaces TARGET with len bytes of data, keeping its mode bits.  Returns
 * 0, or -1 with errno from the call that failed; up to and including the
 * rename, a failure leaves TARGET as it was and no temporary file. */
static int save(const char *data, size_t len)
{
	char tmp[64];
	struct stat st;
	int err, fd, dir;

	if (stat(TARGET, &st) < 0)
		return -1;
	if ((fd = tmp_create(tmp, sizeof tmp)) < 0)
		return -1;
	seen("1. temporary file created:");
	if (write_all(fd, data, len) < 0)
		goto out_unlink;
	seen("2. content written:");
	if (fchmod(fd, st.st_mode & 07777) < 0)
		goto out_unlink;
	seen("3. mode bits copied:");
	if (sync_fd(fd) < 0)
		goto out_unlink;
	seen("4. temporary file fsync'd:");
	if (close(fd) < 0) {
		fd = -1;
		goto out_unlink;
	}
	fd = -1;
	if (rename(tmp, TARGET) < 0)
		goto out_unlink;
	seen("5. renamed over " TARGET ":");
	if ((dir = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	err = sync_fd(dir) < 0 ? errno : 0;
	close(dir);
	if (err != 0) {
		errno = err;
		return -1;
	}
	seen("6. directory fsync'd:");
	return 0;

out_unlink:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = err;
	return -1;
}

int main(void)
{
	static const char next[] = "colour=green\n";
	struct stat st;
	int fd = open(TARGET, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);

	if (fd < 0 || write_all(fd, "colour=red\n", 11) < 0 || close(fd) < 0 ||
	    chmod(TARGET, 0640) < 0) {
		fprintf(stderr, "save_steps: cannot make '" TARGET "': %s\n", strerror(errno));
		return 1;
	}
	seen("before:");
	if (save(next, sizeof next - 1) < 0) {
		fprintf(stderr, "save_steps: cannot save '" TARGET "': %s\n", strerror(errno));
		return 1;
	}
	if (stat(TARGET, &st) < 0) {
		fprintf(stderr, "save_steps: cannot stat '" TARGET "': %s\n", strerror(errno));
		return 1;
	}
	printf("mode kept: %04o\n", (unsigned)(st.st_mode & 07777));
	return 0;
}
