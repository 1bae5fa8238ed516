/* silence: --silence-after, and the last lines of carried output
 * (doc/triggers.md).
 *
 * While stallsup carries the workers' output (--tag-output or
 * --silence-after: options.carry_output), every chunk read from a worker's
 * pipes is fed here: its time, its byte count and its last lines
 * (lib/lastlines.h), which every report about the worker shows. With
 * --silence-after, each worker has at most one loop timer queued
 * (TIMER_SILENCE): output only records its time, and the timer, when due,
 * either fires class silent (once, until the worker writes again) or moves
 * on to the next deadline. No per-tick cost. */
#ifndef STALLSUP_SILENCE_H
#define STALLSUP_SILENCE_H

#include <stddef.h>
#include <stdint.h>

#include "stall.h"

struct supervisor;
struct worker;

/* When output is carried: the per-worker state. Returns 0 or -ENOMEM. */
int silence_init(struct supervisor *sv);
/* Worker w started: its first deadline is --silence-after from its start. */
void silence_worker_started(struct supervisor *sv, struct worker *w);
/* w wrote data[0..n) on pipe which (0 stdout, 1 stderr). */
void silence_output(struct supervisor *sv, struct worker *w, int which, const char *data,
		    size_t n);
/* TIMER_SILENCE of worker index at when is due. */
void silence_timer(struct supervisor *sv, unsigned index, uint64_t when, uint64_t now);
/* Copy the last lines of worker ev->worker into ev (output_carried, lines).
 * Returns 0 or -ENOMEM. */
int silence_annotate(struct supervisor *sv, struct stall_event *ev);
/* Free the state (fine when never made). */
void silence_free(struct supervisor *sv);

#endif
