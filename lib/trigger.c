/* trigger: the trigger parts of a stall event; see trigger.h. */
#include <config.h>

#include "trigger.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* True when pc holds a sample with a function name. */
static bool named(const struct stall_pc *pc)
{
	return pc->pc != 0 && pc->symbol != NULL && pc->symbol[0] != '\0';
}

/* True when a and b are both NULL or equal strings. */
static bool same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

enum stall_pc_verdict stall_pc_compare(const struct stall_trigger *t)
{
	if (t->npc < 2 || !named(&t->pc[0]) || !named(&t->pc[1]))
		return PC_UNKNOWN;
	if (strcmp(t->pc[0].symbol, t->pc[1].symbol) == 0 &&
	    same_str(t->pc[0].module, t->pc[1].module))
		return PC_SAME_FUNCTION;
	return PC_MOVED;
}

/* strdup(s), NULL for NULL; *bad set when the copy failed. */
static char *dup_or_null(const char *s, bool *bad)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	if (d == NULL)
		*bad = true;
	return d;
}

/* Free pc's strings and clear it. */
static void pc_free(struct stall_pc *pc)
{
	free(pc->symbol);
	free(pc->module);
	free(pc->file);
	memset(pc, 0, sizeof(*pc));
}

int stall_pc_set(struct stall_pc *pc, uint64_t addr, const char *symbol, const char *module,
		 const char *file, unsigned line)
{
	bool bad = false;

	pc_free(pc);
	pc->pc = addr;
	pc->symbol = dup_or_null(symbol, &bad);
	pc->module = dup_or_null(module, &bad);
	pc->file = dup_or_null(file, &bad);
	pc->line = line;
	return bad ? -ENOMEM : 0;
}

void stall_trigger_free(struct stall_trigger *t)
{
	for (unsigned i = 0; i < 2; i++)
		pc_free(&t->pc[i]);
	t->npc = 0;
}

void stall_notify_free(struct stall_notify *n)
{
	free(n->status);
	n->status = NULL;
}

void stall_lines_free(struct stall_line *lines, size_t n)
{
	for (size_t i = 0; lines && i < n; i++)
		free(lines[i].text);
	free(lines);
}
