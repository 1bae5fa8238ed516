/* btcodec: the messages of the backtrace helper's socket (src/unwinder.c).
 *
 * One message per SOCK_SEQPACKET packet, at most BT_MSG_MAX bytes. Integers
 * are in host byte order (both ends are the same program on one machine).
 * Every message starts with a u32 type and a u32 request id:
 *
 *   REQUEST  client -> server  pid, flags, deadline, threads_total, tids
 *   CANCEL   client -> server  (nothing more)
 *   BEGIN    server -> client  pid, threads_total, the tids being unwound
 *   THREAD   server -> client  (and child -> server) one thread's answer
 *   END      server -> client  (nothing more)
 *
 * An answer is BEGIN, one THREAD per tid of BEGIN (any order), END.
 * Strings are a u16 length (0xffff: none) and that many bytes without a NUL;
 * the encoder cuts a longer string to BT_STR_MAX bytes ending in "...".
 * Decoders are pure functions over (buffer, length): they check every
 * length, count and string against the limits of lib/backtrace.h, reject
 * NUL bytes inside strings and trailing bytes, and return -EBADMSG for
 * anything malformed without reading outside the buffer. */
#ifndef STALLSUP_BTCODEC_H
#define STALLSUP_BTCODEC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "backtrace.h"
#include "strbuf.h"

#define BT_MSG_MAX 65536 /* bytes of one message (a THREAD fits in ~51 KiB) */

enum bt_msg_type {
	BT_MSG_REQUEST = 1,
	BT_MSG_CANCEL = 2,
	BT_MSG_BEGIN = 3,
	BT_MSG_THREAD = 4,
	BT_MSG_END = 5,
};

/* Request flags. */
#define BT_FLAG_NO_SOURCE 0x1u /* skip file:line lookups (faster) */
#define BT_FLAGS_ALL	  BT_FLAG_NO_SOURCE

/* A backtrace request: ntids == 0 asks for every thread of pid (the first
 * BT_MAX_THREADS of /proc/<pid>/task). */
struct bt_request {
	uint32_t id;
	pid_t pid;		/* > 0 */
	uint32_t flags;		/* BT_FLAG_* */
	uint64_t deadline_ns;	/* CLOCK_MONOTONIC: answer by then */
	unsigned threads_total; /* threads the caller knows of, >= ntids */
	unsigned ntids;		/* <= BT_MAX_THREADS */
	pid_t tids[BT_MAX_THREADS];
};

/* Read the type and id of the message buf[0..len). Returns 0 or -EBADMSG. */
int bt_msg_header(const void *buf, size_t len, uint32_t *type, uint32_t *id);

/* Each encoder replaces out's contents with one message; returns 0,
 * -ENOMEM, or -EINVAL for a value out of its limits. */
int bt_encode_request(const struct bt_request *r, struct strbuf *out);
int bt_encode_cancel(uint32_t id, struct strbuf *out);
int bt_encode_begin(const struct bt_process *p, struct strbuf *out);
int bt_encode_thread(uint32_t id, uint32_t index, const struct bt_thread *t, struct strbuf *out);
int bt_encode_end(uint32_t id, struct strbuf *out);

/* Decode a REQUEST into *r. Returns 0 or -EBADMSG. */
int bt_decode_request(const void *buf, size_t len, struct bt_request *r);
/* Decode a BEGIN into a new process answer *out (threads with no frames and
 * no reason yet). Returns 0, -EBADMSG or -ENOMEM. */
int bt_decode_begin(const void *buf, size_t len, struct bt_process **out);
/* Decode a THREAD of p's request into p->threads[*index]: its id must be
 * p->id, its index below p->nthreads and its tid that thread's. Frames and
 * strings go into p's arena. On error the thread is left as it was.
 * Returns 0, -EBADMSG or -ENOMEM. */
int bt_decode_thread(const void *buf, size_t len, struct bt_process *p, uint32_t *index);
/* Check an END (or a CANCEL: same shape) is well formed. Returns 0 or -EBADMSG. */
int bt_decode_end(const void *buf, size_t len);

#endif
