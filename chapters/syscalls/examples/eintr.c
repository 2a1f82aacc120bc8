/* eintr.c - a blocked read interrupted by a signal, then retried
 *
 * A handler installed without SA_RESTART makes a blocking system call that
 * is interrupted return -1 with errno EINTR.  Nothing went wrong: the call
 * just has to be made again.  (With SA_RESTART the kernel restarts most
 * calls by itself, but not all of them, and a library cannot know which
 * flags the program's handlers were installed with.)
 *
 * The child blocks in read() on an empty pipe; the parent waits until
 * /proc/CHILD/syscall shows it there, then sends SIGUSR1.  The handler puts
 * a message into the pipe, so the retried read finds it.
 *
 * pipe2 and /proc/PID/syscall are Linux's, hence _GNU_SOURCE.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int pipe_fds[2];

/* SIGUSR1: put a message into the pipe; write(2) is async-signal-safe.
 * errno is saved and restored: the handler may run between a failed call
 * and the line that reads its errno (signal-safety(7)). */
static void on_usr1(int sig)
{
	int saved = errno;
	(void)sig;
	if (write(pipe_fds[1], "hello", 5) < 0)
		_exit(1);
	errno = saved;
}

/* The child: read, see EINTR, read again. */
static void reader(void)
{
	char buf[16];
	ssize_t n = read(pipe_fds[0], buf, sizeof buf);   // blocks: the pipe is empty
	int err = errno;

	printf("first read: %zd, %s\n", n, n < 0 && err == EINTR ? "EINTR" : "no EINTR");
	do
		n = read(pipe_fds[0], buf, sizeof buf);
	while (n < 0 && errno == EINTR);
	printf("retried read: %zd bytes, \"%.*s\"\n", n, (int)(n > 0 ? n : 0), buf);
	exit(0);
}

/* 1 when process pid is inside read(2), as /proc/PID/syscall says, 0
 * when not, -1 when that file cannot be read (it needs the right to
 * ptrace pid, which some containers deny). */
static int in_read(pid_t pid)
{
	char path[64], text[64] = "";
	snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
	if (fd >= 0)
		close(fd);
	if (n < 0)
		return -1;
	// "running" is no number: atol() would read it as 0, which is SYS_read.
	return n > 0 && isdigit((unsigned char)text[0]) && atol(text) == SYS_read;
}

int main(void)
{
	struct sigaction sa;
	struct timespec pause = {0, 5 * 1000 * 1000};
	int status;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;        // sa_flags = 0: no SA_RESTART
	sigaction(SIGUSR1, &sa, NULL);
	if (pipe2(pipe_fds, O_CLOEXEC) < 0)
		return 1;
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		reader();
	int blocked = 0;
	for (int tries = 0; tries < 2000 && (blocked = in_read(pid)) == 0; tries++)
		nanosleep(&pause, NULL);
	if (blocked != 1) {
		fprintf(stderr, "eintr: %s\n", blocked < 0 ? "cannot read /proc/CHILD/syscall"
			: "the child never blocked in read");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 1;
	}
	kill(pid, SIGUSR1);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
