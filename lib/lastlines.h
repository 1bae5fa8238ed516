/* lastlines: the last lines a worker wrote, for its reports.
 *
 * Whenever stallsup carries a worker's output (--tag-output, or
 * --silence-after), every report about the worker shows its last
 * TRIGGER_LINES_MAX lines ("the last thing it said"), stdout and stderr
 * merged in the order they were read, then the line each stream is still
 * writing (no newline yet). Bounded and cheap: every line keeps at most keep
 * bytes (a longer one keeps its start and is marked cut), memory is
 * (TRIGGER_LINES_MAX + 2) x keep bytes allocated at the first byte, and a
 * chunk is scanned backwards from its end, so only its last lines are
 * looked at and copied, whatever its size. Pure: no I/O. */
#ifndef STALLSUP_LASTLINES_H
#define STALLSUP_LASTLINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trigger.h"

/* One kept line: its bytes are in the owner's memory. */
struct lastlines_slot {
	uint32_t len;         /* bytes kept */
	bool cut;             /* the line was longer than keep */
	unsigned char stream; /* 1 stdout, 2 stderr */
};

struct lastlines {
	size_t keep;          /* bytes kept of a line */
	char *mem;            /* TRIGGER_LINES_MAX + 2 slots of keep bytes, or NULL */
	struct lastlines_slot line[TRIGGER_LINES_MAX]; /* a ring of whole lines */
	struct lastlines_slot part[2]; /* the partial line of stdout and of stderr */
	unsigned head, n;     /* the oldest whole line, and how many */
	int err;              /* 0, or -ENOMEM: nothing is kept from then on */
};

/* Make l empty, to keep at most keep bytes of each line (0 keeps nothing). */
void lastlines_init(struct lastlines *l, size_t keep);
/* Feed data[0..n) written on stream (1 stdout, 2 stderr). Returns 0,
 * -EINVAL (another stream) or -ENOMEM (l keeps nothing from then on). */
int lastlines_feed(struct lastlines *l, int stream, const char *data, size_t n);
/* The lines held, oldest first (whole lines, then the partial lines of
 * stdout and stderr), at most TRIGGER_LINES_MAX, as a new array in *out of
 * *n entries (NULL and 0 when none); free with stall_lines_free. Returns 0
 * or -ENOMEM. */
int lastlines_copy(const struct lastlines *l, struct stall_line **out, size_t *n);
/* Release l's memory; it is empty afterwards. */
void lastlines_free(struct lastlines *l);

#endif
