/* unix_tests.c - the Unix domain socket: curl --unix-socket, permissions, stale and live files */
#include "graded.h"
#include "server_helpers.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

GRADED(unixsocket, curl_over_unix_socket,
       .description = "the Unix socket serves the same table as TCP (curl --unix-socket) [sockets#unix-sockets]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 1, 0);
	graded_write_file("a", "via unix", 8);
	graded_write_file("b", "via tcp", 7);
	int put1 = kvs_curl(&s, "PUT", "/kv/a", "a", "body", NULL, 1);
	int put2 = kvs_curl(&s, "PUT", "/kv/b", "b", "body", NULL, 0);
	int get1 = kvs_curl(&s, "GET", "/kv/a", NULL, "got-a", NULL, 0);
	int get2 = kvs_curl(&s, "GET", "/kv/b", NULL, "got-b", NULL, 1);
	cr_expect(put1 == 201, "PUT /kv/a over the Unix socket: expected 201, got %s", kvs_code(put1));
	cr_expect(put2 == 201, "PUT /kv/b over TCP: expected 201, got %s", kvs_code(put2));
	cr_expect(get1 == 200, "GET /kv/a over TCP: expected 200, got %s", kvs_code(get1));
	cr_expect(get2 == 200, "GET /kv/b over the Unix socket: expected 200, got %s", kvs_code(get2));
	char *a = graded_read_file("got-a", NULL), *b = graded_read_file("got-b", NULL);
	cr_expect(a && strcmp(a, "via unix") == 0, "GET /kv/a over TCP: expected \"via unix\", got \"%s\"", a ? a : "");
	cr_expect(b && strcmp(b, "via tcp") == 0, "GET /kv/b over Unix: expected \"via tcp\", got \"%s\"", b ? b : "");
	free(a);
	free(b);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(unixsocket, socket_file_is_private,
       .description = "the socket file is a socket that only its owner can use (srwx------ or stricter) [sockets#unix-sockets]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 1, 0);
	struct stat st;
	int rc = lstat(KVS_SOCKET, &st);
	cr_expect(rc == 0, "%s should exist while the server runs", KVS_SOCKET);
	if (rc == 0) {
		cr_expect(S_ISSOCK(st.st_mode), "%s should be a socket (ls -l shows 's')", KVS_SOCKET);
		cr_expect((st.st_mode & 077) == 0, "%s has mode %03o: group and others must have no access",
			  KVS_SOCKET, (unsigned)(st.st_mode & 0777));
	}
	int code = kvs_curl(&s, "GET", "/kv/x", NULL, "body", NULL, 1);
	cr_expect(code == 404, "its owner should be able to use %s (GET /kv/x over it: expected 404, "
		  "got %s)", KVS_SOCKET, kvs_code(code));
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(unixsocket, socket_file_removed_on_exit,
       .description = "after SIGTERM the server exits 0 and removes its socket file [sockets#unix-sockets]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 1, 0);
	int code = kvs_curl(&s, "GET", "/kv/x", NULL, "body", NULL, 1);
	cr_expect(code == 404, "GET /kv/x over the Unix socket: expected 404, got %s", kvs_code(code));
	int exited = kvs_stop(&s, SIGTERM, 5);
	cr_expect(exited, "the server should exit within 5 s of SIGTERM");
	cr_expect(exited && WIFEXITED(s.status) && WEXITSTATUS(s.status) == 0,
		  "after SIGTERM the server should exit with status 0; it %s", kvs_describe(&s));
	struct stat st;
	cr_expect(lstat(KVS_SOCKET, &st) < 0 && errno == ENOENT,
		  "%s should be gone after the server exits", KVS_SOCKET);
}

/* Leave a socket file at path with nobody listening, as a crashed server does. */
static void make_stale_socket(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	strcpy(a.sun_path, path);
	cr_assert(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(fd, 1) == 0,
		  "cannot make a stale socket file");
	close(fd);
}

GRADED(unixsocket, stale_socket_file_replaced,
       .description = "a socket file left by a crashed server (nobody listening) is replaced at start [sockets#unix-sockets]",
       .timeout = 15)
{
	make_stale_socket(KVS_SOCKET);
	struct kvs s;
	kvs_start(&s, 1, 0);
	graded_write_file("value", "fresh", 5);
	int code = kvs_curl(&s, "PUT", "/kv/k", "value", "body", NULL, 1);
	cr_expect(code == 201, "PUT over the Unix socket after a stale file was replaced: "
		  "expected 201, got %s", kvs_code(code));
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(unixsocket, live_socket_not_stolen,
       .description = "a second server on the socket path of a running one exits 1 with a kvserver: message and leaves the first alone [sockets#unix-sockets]",
       .timeout = 15)
{
	struct kvs first, second;
	kvs_start(&first, 1, 0);
	char *args[] = {"-p", "0", "-u", KVS_SOCKET, NULL};
	int exited = kvs_run_to_exit(&second, args, 5);
	cr_expect(exited, "kvserver -p 0 -u %s with another server on that path should exit, "
		  "not run", KVS_SOCKET);
	cr_expect(exited && WIFEXITED(second.status) && WEXITSTATUS(second.status) == 1,
		  "it should exit with status 1; it %s", kvs_describe(&second));
	cr_expect(strncmp(kvs_stderr(&second), "kvserver: ", 10) == 0,
		  "its stderr should start with \"kvserver: \"; it was: %s", kvs_stderr(&second));
	int code = kvs_curl(&first, "GET", "/kv/x", NULL, "body", NULL, 1);
	cr_expect(code == 404, "the first server should still answer on %s (GET /kv/x: expected 404, "
		  "got %s)", KVS_SOCKET, kvs_code(code));
	kvs_stop(&first, SIGKILL, 2);
}

GRADED(unixsocket, regular_file_not_clobbered,
       .description = "a regular file at the socket path is an error (exit 1, kvserver: message) and stays untouched; a free path works [sockets#unix-sockets]",
       .timeout = 15)
{
	graded_write_file(KVS_SOCKET, "precious\n", 9);
	struct kvs s;
	char *args[] = {"-p", "0", "-u", KVS_SOCKET, NULL};
	int exited = kvs_run_to_exit(&s, args, 5);
	cr_expect(exited && WIFEXITED(s.status) && WEXITSTATUS(s.status) == 1,
		  "kvserver -u %s where %s is a regular file should exit with status 1; it %s",
		  KVS_SOCKET, KVS_SOCKET, exited ? kvs_describe(&s) : "kept running");
	cr_expect(strncmp(kvs_stderr(&s), "kvserver: ", 10) == 0,
		  "its stderr should start with \"kvserver: \"; it was: %s", kvs_stderr(&s));
	char *text = graded_read_file(KVS_SOCKET, NULL);
	cr_expect(text && strcmp(text, "precious\n") == 0, "the regular file %s must be left as it was",
		  KVS_SOCKET);
	free(text);
	unlink(KVS_SOCKET);
	kvs_start(&s, 1, 0);        /* and with the path free, it does start */
	int code = kvs_curl(&s, "GET", "/kv/x", NULL, "body", NULL, 1);
	cr_expect(code == 404, "once %s was removed, GET /kv/x over it: expected 404, got %s",
		  KVS_SOCKET, kvs_code(code));
	kvs_stop(&s, SIGKILL, 2);
}
