/* msg: the one path for stallsup's own messages ("stallsup: ..." lines).
 *
 * Until the loop's standard error sink exists (option errors, setup
 * failures, before any worker runs), a message is written straight to
 * descriptor 2. From then on it goes through that sink, so a reader that
 * stops reading can lose messages (counted) but never block the loop. */
#ifndef STALLSUP_MSG_H
#define STALLSUP_MSG_H

#include "sink.h"

/* Send messages to err from now on (NULL: straight to descriptor 2). */
void msg_use_sink(struct sink *err);
/* Write "stallsup: " + the formatted text + "\n" as one line. */
void msg_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write text[0..n) (whole lines) to standard error the same way. */
void msg_put(const char *text, size_t n);
/* The hook for a sink's first failure: says once which output failed and why. */
void msg_sink_failed(struct sink *s, int err);

#endif
