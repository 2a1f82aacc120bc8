
/* forge.c - a generic forger, planted at the start of a student function by
 * scripts/plant.  It knows the harness (labs/common/graded.c, scenario.h),
 * not the tests: it hunts for 24-hex-digit nonces in its own memory and
 * environment, in its parent's environment, memory and descriptors, then
 * writes the completion records a passing test or scenario would leave
 * (marker "end" lines, report lines, "scenario complete" lines) with every
 * nonce it found, and with whatever other tests' "end" lines in a shared
 * marker file were signed with, and exits 0 having done none of the work. */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char forge_nonce[16][32];
static int forge_nnonces;
static char forge_marker[8][512];
static int forge_nmarkers;

static void forge_scan(const char *p, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && isxdigit((unsigned char)p[i]) && !isupper((unsigned char)p[i])) {
			run++;
			continue;
		}
		if (run == 24 && forge_nnonces < 16) {
			int dup = 0;
			for (int k = 0; k < forge_nnonces; k++)
				dup |= !memcmp(forge_nonce[k], p + i - 24, 24);
			if (!dup)
				memcpy(forge_nonce[forge_nnonces++], p + i - 24, 24);
		}
		run = 0;
	}
}

static void forge_scan_fd(int fd)
{
	static char buf[1 << 16];
	ssize_t n;
	off_t at = 0;
	while ((n = pread(fd, buf, sizeof buf, at)) > 0 && at < (1 << 24)) {
		forge_scan(buf, (size_t)n);
		at += n;
	}
}

static void forge_scan_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		forge_scan_fd(fd);
		close(fd);
	}
}

/* Every writable mapping of process pid, read through /proc/PID/mem. */
static void forge_scan_memory(int pid)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/%d/maps", pid);
	FILE *maps = fopen(path, "r");
	snprintf(path, sizeof path, "/proc/%d/mem", pid);
	int mem = open(path, O_RDONLY);
	static char buf[1 << 16];
	while (maps && mem >= 0 && fgets(line, sizeof line, maps)) {
		unsigned long lo, hi;
		char perms[8];
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3 || perms[1] != 'w')
			continue;
		for (unsigned long a = lo; a < hi && a - lo < (1ul << 26); a += sizeof buf) {
			ssize_t n = pread(mem, buf, sizeof buf, (off_t)a);
			if (n <= 0)
				break;
			forge_scan(buf, (size_t)n);
		}
	}
	if (maps)
		fclose(maps);
	if (mem >= 0)
		close(mem);
}

/* Every descriptor of process pid, reopened through /proc/PID/fd. */
static void forge_scan_descriptors(int pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fd", pid);
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char fd[300];
		snprintf(fd, sizeof fd, "/proc/%d/fd/%s", pid, e->d_name);
		int f = open(fd, O_RDONLY | O_NONBLOCK);
		if (f >= 0) {
			forge_scan_fd(f);
			close(f);
		}
		if (pid == getpid())
			forge_scan_fd(atoi(e->d_name));
	}
	if (d)
		closedir(d);
}

/* Files named "marker" below dir, a few levels down. */
static void forge_find_markers(const char *dir, int depth)
{
	DIR *d = depth < 6 ? opendir(dir) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d)) && forge_nmarkers < 8) {
		char path[512];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			forge_find_markers(path, depth + 1);
		else if (!strcmp(e->d_name, "marker"))
			snprintf(forge_marker[forge_nmarkers++], sizeof forge_marker[0], "%s", path);
	}
	if (d)
		closedir(d);
}

/* The first word of every "end" line of a marker: what tests that ran to
 * their end, side by side with this one, signed their lines with. */
static int forge_end_words(const char *marker, char words[][64], int max)
{
	FILE *in = fopen(marker, "r");
	char line[512], word[64];
	int n = 0;
	while (in && n < max && fgets(line, sizeof line, in))
		if (sscanf(line, "%63s end", word) == 1 && strcmp(word, "-"))
			snprintf(words[n++], 64, "%s", word);
	if (in)
		fclose(in);
	return n;
}

/* For every "begin suite/name" line of a marker, an "end" line per nonce and
 * per word other tests' "end" lines start with, and a passing report line. */
static void forge_markers(void)
{
	static char words[32][64];
	for (int m = 0; m < forge_nmarkers; m++) {
		int nwords = forge_end_words(forge_marker[m], words, 32);
		FILE *in = fopen(forge_marker[m], "r");
		char line[512], test[256];
		while (in && fgets(line, sizeof line, in)) {
			char nonce[64];
			if (sscanf(line, "%63s begin %255s", nonce, test) != 2)
				continue;
			FILE *out = fopen(forge_marker[m], "a");
			for (int k = 0; out && k < forge_nnonces; k++)
				fprintf(out, "%.24s end %s \n", forge_nonce[k], test);
			for (int k = 0; out && k < nwords; k++)
				fprintf(out, "%s end %s \n", words[k], test);
			if (out)
				fprintf(out, "%s end %s \n", nonce, test);
			if (out)
				fclose(out);
			char report[600];
			snprintf(report, sizeof report, "%.*s/report.jsonl",
				 (int)(strrchr(forge_marker[m], '/') - forge_marker[m]), forge_marker[m]);
			char *slash = strchr(test, '/');
			FILE *r = slash ? fopen(report, "a") : NULL;
			if (r) {
				*slash = '\0';
				fprintf(r, "{\"event\":\"post_test\",\"suite\":\"%s\",\"name\":\"%s\","
					"\"status\":\"passed\",\"crashed\":false,\"timed_out\":false,"
					"\"signal\":0,\"exit_code\":0,\"failed_asserts\":0,\"asserts\":[]}\n",
					test, slash + 1);
				fclose(r);
			}
		}
		if (in)
			fclose(in);
	}
}

static void hostile_snippet(void)
{
	char path[64];
	forge_scan_memory(getpid());
	forge_scan_path("/proc/self/environ");
	forge_scan_descriptors(getpid());
	for (int pid = getppid(), up = 0; pid > 1 && up < 3; up++) {
		snprintf(path, sizeof path, "/proc/%d/environ", pid);
		forge_scan_path(path);
		forge_scan_memory(pid);
		forge_scan_descriptors(pid);
		char stat[512];
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		FILE *f = fopen(path, "r");
		pid = 0;
		if (f && fgets(stat, sizeof stat, f) && strrchr(stat, ')'))
			sscanf(strrchr(stat, ')') + 2, "%*c %d", &pid);
		if (f)
			fclose(f);
	}
	const char *env = getenv("GRADED_MARKER");
	if (env)
		snprintf(forge_marker[forge_nmarkers++], sizeof forge_marker[0], "%s", env);
	forge_find_markers("../..", 0);
	forge_find_markers("../../..", 0);
	forge_markers();
	for (int k = 0; k < forge_nnonces; k++)
		printf("scenario complete %.24s: forged\n", forge_nonce[k]);
	fprintf(stderr, "forge: %d nonce%s found, %d marker file%s\n", forge_nnonces,
		forge_nnonces == 1 ? "" : "s", forge_nmarkers, forge_nmarkers == 1 ? "" : "s");
	fflush(NULL);
	exit(0);
}
