/* window: ring of the last W samples and the fire-once stall predicate; see window.h. */
#include "window.h"

#include <string.h>

void window_init(struct window *w)
{
	memset(w, 0, sizeof(*w));
	w->fired = false;
}

/* Return the i-th sample held, 0 being the oldest. */
static const struct sample *window_at(const struct window *w, unsigned i)
{
	return &w->s[(w->head + i) % STALL_WINDOW];
}

bool window_flat(const struct window *w)
{
	if (w->count < STALL_WINDOW)
		return false;
	for (unsigned i = 1; i < STALL_WINDOW; i++)
		if (!sample_flat(window_at(w, i - 1), window_at(w, i)))
			return false;
	return true;
}

bool window_push(struct window *w, const struct sample *s)
{
	if (w->count > 0 && !sample_flat(window_at(w, w->count - 1), s))
		w->fired = false;
	if (w->count < STALL_WINDOW) {
		w->s[(w->head + w->count) % STALL_WINDOW] = *s;
		w->count++;
	} else {
		w->s[w->head] = *s;
		w->head = (w->head + 1) % STALL_WINDOW;
	}
	if (w->fired || !window_flat(w))
		return false;
	w->fired = true;
	return true;
}

unsigned window_get(const struct window *w, struct sample out[STALL_WINDOW])
{
	for (unsigned i = 0; i < w->count; i++)
		out[i] = *window_at(w, i);
	return w->count;
}
