/* kvserver_main.c - the command line of the key-value server (given, do not edit)
 *
 *   kvserver [-p TCP_PORT] [-u SOCKET_PATH] [-s UDP_PORT]
 *
 * Opens the sockets with server_open(), prints where it listens (one line
 * per socket, the TCP line first, so that scripts can read the port), then
 * serves until SIGINT or SIGTERM.  Exit status: 0 after a clean stop, 1 when
 * a socket cannot be opened, 2 on a usage error.
 */
#include "kv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: kvserver [-p TCP_PORT] [-u SOCKET_PATH] [-s UDP_PORT]\n");
	exit(2);
}

static int parse_port(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (!*s || *end || n < 0 || n > 65535)
		usage();
	return (int)n;
}

int main(int argc, char **argv)
{
	struct server_config cfg = {.tcp_port = 8080, .unix_path = NULL, .udp_port = -1};
	int c;
	while ((c = getopt(argc, argv, "p:u:s:")) != -1) {
		switch (c) {
		case 'p': cfg.tcp_port = parse_port(optarg); break;
		case 'u': cfg.unix_path = optarg; break;
		case 's': cfg.udp_port = parse_port(optarg); break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	struct server *s = server_open(&cfg);
	if (!s)
		return 1;
	printf("listening on 127.0.0.1:%d\n", server_tcp_port(s));
	if (cfg.unix_path)
		printf("listening on unix:%s\n", cfg.unix_path);
	if (server_udp_port(s) >= 0)
		printf("stats on udp 127.0.0.1:%d\n", server_udp_port(s));
	fflush(stdout);
	int rc = server_serve(s);
	server_close(s);
	return rc == 0 ? 0 : 1;
}
