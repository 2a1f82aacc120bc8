/* command.c - split the text of one command into words and redirections
 *
 * Given code: this parser keeps the lab about plumbing.  It understands only
 * what the lab needs: words separated by blanks, 'single quotes' that keep
 * blanks inside a word, "< file" and "> file".  No variables, no globbing,
 * no backslashes: the text goes to execvp() as words, not to a shell.
 */
#include "pipeline.h"

#include <stdlib.h>
#include <string.h>

/* A growing, NULL-terminated array of words. */
struct words {
	char **v;              /* the words, v[n] == NULL */
	size_t n;              /* number of words */
	size_t cap;            /* slots allocated in v */
};

static int words_add(struct words *w, char *word)
{
	if (w->n + 2 > w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 8;
		char **v = realloc(w->v, cap * sizeof *v);
		if (!v)
			return -1;
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n++] = word;
	w->v[w->n] = NULL;
	return 0;
}

/* Read one word starting at *p (not at a blank), quotes removed.  Stops at a
 * blank, '<' or '>' outside quotes.  Returns a malloc'd word and moves *p
 * past it, or NULL with *why set. */
static char *next_word(const char **p, const char **why)
{
	const char *s = *p;
	char *word = malloc(strlen(s) + 1);
	size_t len = 0;

	if (!word) {
		*why = "out of memory";
		return NULL;
	}
	while (*s && !strchr(" \t\n<>", *s)) {
		if (*s != '\'') {
			word[len++] = *s++;
			continue;
		}
		const char *end = strchr(s + 1, '\'');
		if (!end) {
			*why = "unterminated quote";
			free(word);
			return NULL;
		}
		memcpy(word + len, s + 1, end - s - 1);
		len += end - s - 1;
		s = end + 1;
	}
	word[len] = '\0';
	*p = s;
	return word;
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

/* Handle "< file" or "> file" at *p. */
static int parse_redirect(const char **p, struct command *cmd, const char **why)
{
	char sign = **p;
	char **slot = sign == '<' ? &cmd->input : &cmd->output;

	*p = skip_blanks(*p + 1);
	if (**p == '\0' || **p == '<' || **p == '>') {
		*why = sign == '<' ? "missing file name after '<'" : "missing file name after '>'";
		return -1;
	}
	if (*slot) {
		*why = sign == '<' ? "two input redirections" : "two output redirections";
		return -1;
	}
	*slot = next_word(p, why);
	return *slot ? 0 : -1;
}

int command_parse(const char *text, struct command *cmd, const char **why)
{
	struct words w = {0};
	const char *p = skip_blanks(text);

	memset(cmd, 0, sizeof *cmd);
	while (*p) {
		if (*p == '<' || *p == '>') {
			if (parse_redirect(&p, cmd, why) < 0)
				goto out_free;
		} else {
			char *word = next_word(&p, why);
			if (!word)
				goto out_free;
			if (words_add(&w, word) < 0) {
				free(word);
				*why = "out of memory";
				goto out_free;
			}
		}
		p = skip_blanks(p);
	}
	if (w.n == 0) {
		*why = "empty command";
		goto out_free;
	}
	cmd->argv = w.v;
	return 0;

out_free:
	cmd->argv = w.v;
	command_free(cmd);
	return -1;
}

void command_free(struct command *cmd)
{
	for (char **w = cmd->argv; w && *w; w++)
		free(*w);
	free(cmd->argv);
	free(cmd->input);
	free(cmd->output);
	memset(cmd, 0, sizeof *cmd);
}

struct command *pipeline_parse(size_t n, char *const texts[], const char **why,
			       size_t *bad)
{
	struct command *cmds = calloc(n ? n : 1, sizeof *cmds);
	size_t i;

	if (!cmds) {
		*why = "out of memory";
		*bad = n;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (command_parse(texts[i], &cmds[i], why) < 0)
			goto out_free;
		if (cmds[i].input && i > 0)
			*why = "only the first command may have '< file'";
		else if (cmds[i].output && i + 1 < n)
			*why = "only the last command may have '> file'";
		else
			continue;
		command_free(&cmds[i]);
		goto out_free;
	}
	return cmds;

out_free:
	*bad = i;
	pipeline_free(cmds, i);
	return NULL;
}

void pipeline_free(struct command *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		command_free(&cmds[i]);
	free(cmds);
}
