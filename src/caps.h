/* caps: the capabilities of stallsup and of its workers, through libcap-ng.
 *
 * caps_record reads what stallsup holds at start; caps_trim leaves the
 * supervisor what lib/privs.h says it still uses once the workers run (the
 * bounding set too, where CAP_SETPCAP allows), and caps_child_drop_all
 * clears everything of a worker under --drop-caps, in the spawn child just
 * before exec. libcap-ng's return codes become -errno and a reason in one
 * place (capng_failure in caps.c). */
#ifndef STALLSUP_CAPS_H
#define STALLSUP_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "privs.h"
#include "strbuf.h"

/* The capability sets of the process, as masks (bit N: capability N). */
struct capsets {
	bool known;           /* the sets below were read */
	uint64_t effective, permitted, inheritable, bounding, ambient;
};

/* Read the calling process's sets into p. Returns 0, or -errno with a
 * one-line reason appended to err (p->known stays false). */
int caps_record(struct capsets *p, struct strbuf *err);
/* Keep of the capabilities held at start (start) only those needs calls for
 * (lib/privs.h) in the effective and permitted sets; clear the inheritable
 * and ambient sets, and the bounding set down to the same when CAP_SETPCAP
 * is held. The result is read back into *now. Returns 0, or -errno with a
 * one-line reason appended to err. */
int caps_trim(const struct capsets *start, unsigned needs, struct capsets *now,
	       struct strbuf *err);
/* Append the names of the capabilities in set ("kill,sys_ptrace"), or
 * "none", to out. */
void caps_names(uint64_t set, struct strbuf *out);
/* In the spawn child of a worker under --drop-caps, just before exec: empty
 * the bounding set (where CAP_SETPCAP allows), the ambient, inheritable,
 * permitted and effective sets, and set no_new_privs, so that exec gains
 * nothing, not even as root. Async-signal-safe (raw prctl and capset: the
 * child shares our memory, libcap-ng's state with it). Returns 0 or -errno. */
int caps_child_drop_all(void);

#endif
