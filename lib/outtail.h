/* outtail: the last bytes of an output stream, in bounded memory, shown as
 * whole lines.
 *
 * Feeding is a copy into a ring of cap bytes, allocated at the first byte,
 * so it is cheap enough for every chunk a worker writes; older bytes fall
 * out. Shown, a tail that lost bytes starts at its first whole line, after
 * one line saying how many bytes were left out; only a single line longer
 * than cap is shown cut (its last cap bytes). */
#ifndef STALLSUP_OUTTAIL_H
#define STALLSUP_OUTTAIL_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct outtail {
	char *buf;         /* the ring, cap bytes, NULL until the first byte */
	size_t cap;        /* the bound */
	size_t head;       /* index of the oldest byte held */
	size_t len;        /* bytes held */
	uint64_t dropped;  /* bytes that fell out */
	int err;           /* 0, or -ENOMEM: nothing more is kept */
};

/* Make t empty, to keep at most cap bytes (0 keeps nothing). */
void outtail_init(struct outtail *t, size_t cap);
/* Keep the last bytes of data[0..n). Returns 0 or -ENOMEM (the ring could
 * not be allocated: t keeps nothing from then on). */
int outtail_feed(struct outtail *t, const char *data, size_t n);
/* Append what t holds to out: when bytes fell out, first the line
 * "[N earlier bytes not kept]\n", then the held bytes from the first whole
 * line on. Returns the number of held bytes appended. */
size_t outtail_render(const struct outtail *t, struct strbuf *out);
/* Release t's memory; it is empty afterwards. */
void outtail_free(struct outtail *t);

#endif
