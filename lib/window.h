/* window: the last W samples of one task and the stall predicate over them.
 *
 * The predicate holds when the window is full and every consecutive pair is
 * flat (see sample_flat). window_push reports it once per stall: after it
 * fires it stays quiet until a non-flat pair (progress) re-arms it. */
#ifndef STALLSUP_WINDOW_H
#define STALLSUP_WINDOW_H

#include <stdbool.h>

#include "sample.h"

#define STALL_WINDOW 4  /* W: samples in the window (W-1 intervals) */

struct window {
	struct sample s[STALL_WINDOW];  /* ring buffer */
	unsigned head;                  /* index of the oldest sample */
	unsigned count;                 /* samples held, <= STALL_WINDOW */
	bool fired;                     /* reported since the last progress */
};

/* Empty w and arm it. */
void window_init(struct window *w);
/* Add s (evicting the oldest when full). Returns true exactly when this push
 * makes the predicate true and it has not fired since the last progress. */
bool window_push(struct window *w, const struct sample *s);
/* True when w is full and every consecutive pair is flat. */
bool window_flat(const struct window *w);
/* Copy the samples oldest first into out; returns how many. */
unsigned window_get(const struct window *w, struct sample out[STALL_WINDOW]);

#endif
