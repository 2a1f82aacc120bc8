/* unix_socket.c - a Unix domain socket: a path in the file system, guarded by permissions
 *
 * The server binds a path under umask 077, so the socket file is born
 * srwx------ (only its owner may connect); stat() says it is a socket.  A
 * forked client connects by path, the server learns who it is (SO_PEERCRED,
 * something TCP cannot tell), and the path is removed at the end.
 *
 * SO_PEERCRED and struct ucred are Linux's, hence _GNU_SOURCE.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

int main(void)
{
	char dir[] = "/tmp/unix-socket-XXXXXX";
	if (!mkdtemp(dir))
		die("mkdtemp");
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	snprintf(a.sun_path, sizeof a.sun_path, "%s/demo.sock", dir);
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	mode_t old = umask(077);
	int rc = bind(lfd, (struct sockaddr *)&a, sizeof a);
	umask(old);
	if (lfd < 0 || rc < 0 || listen(lfd, 4) < 0)
		die("bind");
	struct stat st;
	lstat(a.sun_path, &st);
	printf("demo.sock: socket: %s, mode: %04o\n", S_ISSOCK(st.st_mode) ? "yes" : "no",
	       (unsigned)(st.st_mode & 07777));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
			die("connect");
		if (write(fd, "ping", 4) != 4)
			die("write");
		close(fd);
		return 0;
	}
	int cfd = accept(lfd, NULL, NULL);
	struct ucred who;
	socklen_t len = sizeof who;
	getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &who, &len);
	char buf[16];
	ssize_t n = read(cfd, buf, sizeof buf);
	printf("server: got \"%.*s\" from pid %s, uid %s\n", (int)(n > 0 ? n : 0), buf,
	       who.pid == pid ? "= the client's" : "?", who.uid == getuid() ? "= mine" : "?");
	close(cfd);
	close(lfd);
	waitpid(pid, NULL, 0);
	unlink(a.sun_path);             /* a socket file outlives its socket: remove it */
	rmdir(dir);
	printf("after unlink: the path exists: %s\n", lstat(a.sun_path, &st) == 0 ? "yes" : "no");
	return 0;
}
