/* silence: --silence-after and the last lines; see silence.h. */
#include <config.h>

#include "silence.h"

#include <errno.h>
#include <stdlib.h>

#include "clock.h"
#include "duration.h"
#include "lastlines.h"
#include "msg.h"
#include "stallwatch.h"
#include "supervisor.h"

#define LINE_KEEP 240        /* bytes kept of each line */

/* One worker's output, as far as the reports and the timer care. */
struct silence_worker {
	struct lastlines ll;
	uint64_t last_ns;         /* the last output, or the worker's start */
	bool wrote;               /* last_ns is output, not the start */
	uint64_t bytes;           /* written so far */
	uint64_t armed_ns;        /* the TIMER_SILENCE entry queued, 0 none */
	bool fired;               /* reported: quiet until the next output */
	bool started;
};

struct silence {
	struct silence_worker *w;
	unsigned n;
	uint64_t after_ns;        /* --silence-after, 0: lines only */
};

int silence_init(struct supervisor *sv)
{
	const struct options *o = sv->opt;
	struct silence *s;

	if (!o->carry_output)
		return 0;
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->w = calloc(o->workers, sizeof(*s->w))) == NULL) {
		free(s);
		return -ENOMEM;
	}
	s->n = o->workers;
	s->after_ns = (o->stall_on & (1u << STALL_SILENT)) ? o->silence_after_ns : 0;
	for (unsigned i = 0; i < s->n; i++)
		lastlines_init(&s->w[i].ll, LINE_KEEP);
	sv->silence = s;
	return 0;
}

/* Queue worker i's timer at when unless one is queued at or before it. */
static void arm(struct supervisor *sv, struct silence *s, unsigned i, uint64_t when)
{
	struct silence_worker *sw = &s->w[i];

	if (sw->armed_ns != 0 && sw->armed_ns <= when)
		return;
	if (timers_at(&sv->timers, when, TIMER_SILENCE, i) < 0) {
		msg_say("worker %u: cannot arm its silence timer: out of memory", i);
		return;
	}
	sw->armed_ns = when;
	timers_rearm(&sv->timers);
}

void silence_worker_started(struct supervisor *sv, struct worker *w)
{
	struct silence *s = sv->silence;

	if (s == NULL || w->index >= s->n || w->exec_errno)
		return;
	s->w[w->index].started = true;
	s->w[w->index].last_ns = w->start_ns;
	if (s->after_ns)
		arm(sv, s, w->index, dur_add_sat(w->start_ns, s->after_ns));
}

void silence_output(struct supervisor *sv, struct worker *w, int which, const char *data,
		    size_t n)
{
	struct silence *s = sv->silence;
	struct silence_worker *sw;

	if (s == NULL || w->index >= s->n || n == 0)
		return;
	sw = &s->w[w->index];
	lastlines_feed(&sw->ll, which + 1, data, n); /* -ENOMEM: no lines from then on */
	sw->bytes += n;
	sw->wrote = true;
	sw->last_ns = clock_now();
	if (sw->fired && s->after_ns) {
		sw->fired = false;
		arm(sv, s, w->index, dur_add_sat(sw->last_ns, s->after_ns));
	}
}

void silence_timer(struct supervisor *sv, unsigned index, uint64_t when, uint64_t now)
{
	struct silence *s = sv->silence;
	struct silence_worker *sw;
	uint64_t due;

	if (s == NULL || index >= s->n || s->w[index].armed_ns != when)
		return; /* stale */
	sw = &s->w[index];
	sw->armed_ns = 0;
	if (sv->workers[index].exited || sw->fired)
		return;
	due = dur_add_sat(sw->last_ns, s->after_ns);
	if (now < due) {
		arm(sv, s, index, due);
	} else {
		struct stall_trigger t = {
			.period_ns = s->after_ns, .last_ns = sw->wrote ? sw->last_ns : 0,
			.count = sw->bytes,
		};

		sw->fired = true;
		stallwatch_trigger(sv, index, STALL_SILENT, &t, now - sw->last_ns);
	}
}

int silence_annotate(struct supervisor *sv, struct stall_event *ev)
{
	struct silence *s = sv->silence;

	if (s == NULL || ev->worker >= s->n)
		return 0;
	stall_lines_free(ev->lines, ev->nlines);
	ev->lines = NULL;
	ev->nlines = 0;
	ev->output_carried = true;
	return lastlines_copy(&s->w[ev->worker].ll, &ev->lines, &ev->nlines);
}

void silence_free(struct supervisor *sv)
{
	struct silence *s = sv->silence;

	if (s == NULL)
		return;
	for (unsigned i = 0; i < s->n; i++)
		lastlines_free(&s->w[i].ll);
	free(s->w);
	free(s);
	sv->silence = NULL;
}
