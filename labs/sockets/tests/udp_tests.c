/* udp_tests.c - the stats port: one datagram in, one datagram out */
#include "graded.h"
#include "server_helpers.h"

#include <signal.h>
#include <string.h>

GRADED(udp, stats_counts_operations,
       .description = "a \"stats\" datagram gets one line with the connections, keys, gets, puts and deletes so far [sockets#datagrams]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 1);
	graded_write_file("value", "v", 1);
	kvs_curl(&s, "PUT", "/kv/a", "value", "body", NULL, 0);
	kvs_curl(&s, "PUT", "/kv/b", "value", "body", NULL, 0);
	kvs_curl(&s, "PUT", "/kv/a", "value", "body", NULL, 0);
	kvs_curl(&s, "GET", "/kv/a", NULL, "body", NULL, 0);
	kvs_curl(&s, "DELETE", "/kv/b", NULL, "body", NULL, 0);
	char reply[512];
	int n = udp_ask(s.udp_port, "stats\n", reply, sizeof reply);
	const char *want = "connections=5 keys=1 gets=1 puts=3 deletes=1\n";
	cr_expect(n >= 0, "no reply to \"stats\" on udp port %d within 3 s", s.udp_port);
	cr_expect(n < 0 || strcmp(reply, want) == 0,
		  "after 5 curl requests (3 PUT, 1 GET, 1 DELETE) \"stats\" should get\n  %sgot\n  %s",
		  want, reply);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(udp, unknown_query,
       .description = "any other datagram gets \"error unknown query\", and the port keeps answering [sockets#datagrams]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 1);
	char reply[512];
	int n = udp_ask(s.udp_port, "hello", reply, sizeof reply);
	cr_expect(n >= 0 && strcmp(reply, "error unknown query\n") == 0,
		  "\"hello\" on the stats port should get \"error unknown query\\n\", got %s",
		  n < 0 ? "no reply in 3 s" : reply);
	n = udp_ask(s.udp_port, "stats", reply, sizeof reply);
	cr_expect(n >= 0 && strcmp(reply, "connections=0 keys=0 gets=0 puts=0 deletes=0\n") == 0,
		  "\"stats\" on a fresh server should get all zeros, got %s", n < 0 ? "no reply in 3 s" : reply);
	kvs_stop(&s, SIGKILL, 2);
}
