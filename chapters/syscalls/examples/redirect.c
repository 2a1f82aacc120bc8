/* redirect.c - what a shell does for "> file": dup2 onto descriptor 1
 *
 * dup2(fd, 1) makes descriptor 1 refer to the file fd refers to; every
 * write to stdout then goes to the file, whoever does it (this process, or a
 * program it execs).  Saving the old stdout with dup() first lets the
 * program put it back.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Write a string to descriptor 1 with write(2). */
static void say(const char *s)
{
	if (write(STDOUT_FILENO, s, strlen(s)) < 0)
		_exit(1);
}

int main(void)
{
	char buf[128];
	int file = open("redirected.txt", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int saved = dup(STDOUT_FILENO);

	if (file < 0 || saved < 0)
		return 1;
	say("before: to the terminal (or wherever stdout was)\n");
	if (dup2(file, STDOUT_FILENO) < 0)      // stdout is now the file
		return 1;
	say("during: into redirected.txt\n");
	if (dup2(saved, STDOUT_FILENO) < 0)     // and back
		return 1;
	close(saved);
	say("after: back on the old stdout\n");

	ssize_t n = pread(file, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	printf("redirected.txt holds: %s", buf);
	close(file);
	unlink("redirected.txt");
	return 0;
}
