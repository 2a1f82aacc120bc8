/* pipeline.h - run a chain of commands joined by pipes, as sh runs `a | b | c`
 *
 * The command line of ./pipeline gives one argument per command:
 *
 *     ./pipeline 'grep flower < words.txt' 'sort' 'uniq -c > counts.txt'
 *
 * A given parser (command.c) turns each argument into a struct command:
 * its words, and the files of an optional "< file" (first command only) and
 * "> file" (last command only).  You write pipeline_run() in pipeline.c:
 * the pipes, the forks, the dup2s, the execs and the waits.
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <stddef.h>

/* One command of a pipeline, as the parser leaves it. */
struct command {
	char **argv;           /* the words, NULL-terminated; argv[0] is the program */
	char *input;           /* file named by "< file", or NULL for the inherited stdin */
	char *output;          /* file named by "> file", or NULL for the inherited stdout */
};

/* Exit status of a command that was not found (as sh gives). */
#define PIPELINE_NOT_FOUND 127
/* Exit status of a command that was found but could not be executed. */
#define PIPELINE_CANNOT_EXEC 126
/* Exit status of a command whose "< file" or "> file" cannot be opened. */
#define PIPELINE_BAD_REDIRECT 2

/* Split one command's text into words and redirections.
 *
 * Words are separated by blanks; 'single quotes' keep blanks inside a word.
 * "< file" and "> file" (with or without a blank after the sign) name the
 * input and output files.  Returns 0 and fills cmd, or -1 and points *why at
 * a static message ("empty command", "missing file name after '<'", ...).
 * On success free cmd with command_free(). */
int command_parse(const char *text, struct command *cmd, const char **why);

/* Release what command_parse() allocated.  cmd itself is not freed. */
void command_free(struct command *cmd);

/* Parse n command texts into a new array of n commands, checking that only
 * the first command has "< file" and only the last has "> file".
 * Returns the array (free it with pipeline_free()), or NULL with a message
 * in *why and the index of the bad command in *bad (*bad is n when the
 * array itself could not be allocated). */
struct command *pipeline_parse(size_t n, char *const texts[], const char **why,
			       size_t *bad);

/* Release an array returned by pipeline_parse(). */
void pipeline_free(struct command *cmds, size_t n);

/* Run cmds[0] | cmds[1] | ... | cmds[n-1] (n >= 1) and wait for all of them.
 *
 * The first command reads the caller's stdin (or its "< file"), the last
 * writes the caller's stdout (or its "> file"); stderr is inherited by all.
 * Every child gets only descriptors 0, 1 and 2 from the plumbing; the caller
 * has exactly the descriptors it had before once pipeline_run() returns, and
 * every child has been reaped.
 *
 * In a child, a command that cannot be executed prints
 *     pipeline: cannot run 'NAME': REASON
 * on stderr and exits with PIPELINE_NOT_FOUND (no such file) or
 * PIPELINE_CANNOT_EXEC (any other reason); a redirection file that cannot be
 * opened prints
 *     pipeline: cannot open 'FILE': REASON
 * and exits with PIPELINE_BAD_REDIRECT.
 *
 * Returns the status of the last command as sh reports it: its exit code
 * (0-255), or 128+N when signal N killed it.  Returns -1 with errno set when
 * a pipe or a process could not be created; the commands already started are
 * then still waited for. */
int pipeline_run(const struct command *cmds, size_t n);

#endif
