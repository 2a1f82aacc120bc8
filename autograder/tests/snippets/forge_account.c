
/* forge_account.c - a forger of scenario accounts, planted at the start of a
 * student function by scripts/plant.  It knows labs/common/scenario.h, not
 * the tests: when its program has a scenario_expect() (every scenario
 * program does, for its observer), it finds the function in its own symbol
 * table, calls it with its own command line, kills and reaps its children,
 * writes the account that comes back, as the worker's report, into every
 * pipe it holds, and exits 0 having done none of the work.  Elsewhere (in
 * the tests) it does nothing, and the function works as it should. */
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Same layout as struct scenario_account. */
struct forged_account {
	long rounds, records, reaped, verified, failures;
};

/* Address of the function called name in this program, or NULL. */
static void *forge_find(const char *name)
{
	int fd = open("/proc/self/exe", O_RDONLY);
	struct stat st;
	char *elf = NULL;
	void *found = NULL;

	if (fd < 0 || fstat(fd, &st) < 0 || !(elf = malloc((size_t)st.st_size)) ||
	    pread(fd, elf, (size_t)st.st_size, 0) != st.st_size) {
		if (fd >= 0)
			close(fd);
		free(elf);
		return NULL;
	}
	close(fd);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)elf;
	Elf64_Shdr *sh = (Elf64_Shdr *)(elf + eh->e_shoff);
	unsigned long base = 0;
	if (eh->e_type == ET_DYN) {
		FILE *maps = fopen("/proc/self/maps", "r");
		if (maps && fscanf(maps, "%lx", &base) != 1)
			base = 0;
		if (maps)
			fclose(maps);
	}
	for (int i = 0; i < eh->e_shnum && !found; i++) {
		if (sh[i].sh_type != SHT_SYMTAB)
			continue;
		Elf64_Sym *sym = (Elf64_Sym *)(elf + sh[i].sh_offset);
		const char *names = elf + sh[sh[i].sh_link].sh_offset;
		for (size_t k = 0; k < sh[i].sh_size / sizeof *sym; k++)
			if (ELF64_ST_TYPE(sym[k].st_info) == STT_FUNC &&
			    !strcmp(names + sym[k].st_name, name))
				found = (void *)(base + sym[k].st_value);
	}
	free(elf);
	return found;
}

/* This process's command line, as argc and a NULL-ended argv. */
static int forge_args(char **argv, int cap)
{
	static char cmdline[4096];
	int fd = open("/proc/self/cmdline", O_RDONLY), argc = 0;
	ssize_t n = fd >= 0 ? read(fd, cmdline, sizeof cmdline - 1) : -1;
	if (fd >= 0)
		close(fd);
	for (ssize_t at = 0; at < n && argc < cap - 1; at += (ssize_t)strlen(cmdline + at) + 1)
		argv[argc++] = cmdline + at;
	argv[argc] = NULL;
	return argc;
}

/* Kill and reap every child, so that none is found left behind. */
static void forge_reap(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char path[300], stat[512];
		int ppid = 0;
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		FILE *f = fopen(path, "r");
		if (f && fgets(stat, sizeof stat, f) && strrchr(stat, ')'))
			sscanf(strrchr(stat, ')') + 2, "%*c %d", &ppid);
		if (f)
			fclose(f);
		if (ppid == getpid())
			kill(atoi(e->d_name), SIGKILL);
	}
	if (d)
		closedir(d);
	while (waitpid(-1, NULL, 0) > 0)
		;
}

static void hostile_snippet(void)
{
	void (*expect)(int, char **, struct forged_account *) = forge_find("scenario_expect");
	char *argv[64];
	struct forged_account a = {0};

	if (!expect)
		return;
	signal(SIGPIPE, SIG_IGN);
	{
		int argc = forge_args(argv, 64);
		expect(argc, argv, &a);
		forge_reap();
		for (int fd = 3; fd < 1024; fd++) {
			char path[64], target[64] = "";
			snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
			if (readlink(path, target, sizeof target - 1) > 0 && !strncmp(target, "pipe:", 5))
				dprintf(fd, "0 %ld rounds, %ld records, %ld children reaped, %ld verified "
					"by the observer, %ld failures\n", a.rounds, a.records, a.reaped,
					a.verified, a.failures);
		}
	}
	fprintf(stderr, "forge_account: account forged\n");
	_exit(0);
}
