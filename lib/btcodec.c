/* btcodec: encode and decode the backtrace helper's messages; see btcodec.h. */
#include "btcodec.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#define STR_NONE 0xffffu
#define ELLIPSIS "..."

/* A bounded reader over a message; bad is set by the first overrun. */
struct rd {
	const unsigned char *p, *end;
	bool bad;
};

/* Copy n bytes from the reader into dst, or set bad. */
static void get(struct rd *r, void *dst, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, r->p, n);
	r->p += n;
}

static uint8_t get_u8(struct rd *r)
{
	uint8_t v;

	get(r, &v, sizeof(v));
	return v;
}

static uint16_t get_u16(struct rd *r)
{
	uint16_t v;

	get(r, &v, sizeof(v));
	return v;
}

static uint32_t get_u32(struct rd *r)
{
	uint32_t v;

	get(r, &v, sizeof(v));
	return v;
}

static uint64_t get_u64(struct rd *r)
{
	uint64_t v;

	get(r, &v, sizeof(v));
	return v;
}

/* Read a string of at most max bytes: *s points at its bytes (not
 * NUL-terminated) and *n is its length; *s is NULL for "none". Sets bad on
 * a length over max, an overrun or a NUL byte inside. */
static void get_str(struct rd *r, size_t max, const char **s, size_t *n)
{
	uint16_t len = get_u16(r);

	*s = NULL;
	*n = 0;
	if (r->bad || len == STR_NONE)
		return;
	if (len > max || (size_t)(r->end - r->p) < len || memchr(r->p, '\0', len) != NULL) {
		r->bad = true;
		return;
	}
	*s = (const char *)r->p;
	*n = len;
	r->p += len;
}

/* Read a string into the arena (NULL for none); sets bad, or *nomem. */
static const char *get_str_arena(struct rd *r, size_t max, struct arena *a, bool *nomem)
{
	const char *s;
	char *copy;
	size_t n;

	get_str(r, max, &s, &n);
	if (s == NULL)
		return NULL;
	copy = arena_strndup(a, s, n);
	if (copy == NULL)
		*nomem = true;
	return copy;
}

/* Start reading buf as a message of the given type; checks the header and
 * stores the id. */
static void rd_start(struct rd *r, const void *buf, size_t len, uint32_t type, uint32_t *id)
{
	r->p = buf;
	r->end = r->p + len;
	r->bad = len > BT_MSG_MAX;
	if (get_u32(r) != type)
		r->bad = true;
	*id = get_u32(r);
}

/* Return 0 when the whole message was read without error, else -EBADMSG. */
static int rd_done(const struct rd *r)
{
	return !r->bad && r->p == r->end ? 0 : -EBADMSG;
}

static void put_u8(struct strbuf *out, uint8_t v)
{
	sb_add(out, (const char *)&v, sizeof(v));
}
static void put_u16(struct strbuf *out, uint16_t v)
{
	sb_add(out, (const char *)&v, sizeof(v));
}
static void put_u32(struct strbuf *out, uint32_t v)
{
	sb_add(out, (const char *)&v, sizeof(v));
}
static void put_u64(struct strbuf *out, uint64_t v)
{
	sb_add(out, (const char *)&v, sizeof(v));
}

/* Write s (NULL for none), cut to max bytes ending in "..." when longer.
 * A NUL cannot occur inside a C string, so the bytes are always valid. */
static void put_str(struct strbuf *out, const char *s, size_t max)
{
	size_t n;

	if (s == NULL) {
		put_u16(out, STR_NONE);
		return;
	}
	n = strlen(s);
	if (n <= max) {
		put_u16(out, (uint16_t)n);
		sb_add(out, s, n);
		return;
	}
	put_u16(out, (uint16_t)max);
	sb_add(out, s, max - strlen(ELLIPSIS));
	sb_puts(out, ELLIPSIS);
}

/* Start a message of type for id in out (replacing its contents). */
static void put_header(struct strbuf *out, uint32_t type, uint32_t id)
{
	sb_reset(out);
	put_u32(out, type);
	put_u32(out, id);
}

/* Return out's error, or -EINVAL when the message grew past BT_MSG_MAX. */
static int put_done(const struct strbuf *out)
{
	if (out->err)
		return out->err;
	return out->len > BT_MSG_MAX ? -EINVAL : 0;
}

int bt_msg_header(const void *buf, size_t len, uint32_t *type, uint32_t *id)
{
	struct rd r = {buf, (const unsigned char *)buf + len, len > BT_MSG_MAX};

	*type = get_u32(&r);
	*id = get_u32(&r);
	return r.bad ? -EBADMSG : 0;
}

/* Write n tids. */
static void put_tids(struct strbuf *out, const pid_t *tids, unsigned n)
{
	unsigned i;

	put_u32(out, n);
	for (i = 0; i < n; i++)
		put_u32(out, (uint32_t)tids[i]);
}

/* Read a count and that many tids (each > 0) into tids[BT_MAX_THREADS]. */
static unsigned get_tids(struct rd *r, pid_t *tids)
{
	unsigned n = get_u32(r), i;

	if (n > BT_MAX_THREADS) {
		r->bad = true;
		return 0;
	}
	for (i = 0; i < n && !r->bad; i++) {
		tids[i] = (pid_t)get_u32(r);
		if (tids[i] <= 0)
			r->bad = true;
	}
	return n;
}

int bt_encode_request(const struct bt_request *r, struct strbuf *out)
{
	if (r->pid <= 0 || r->ntids > BT_MAX_THREADS || r->threads_total < r->ntids ||
	    (r->flags & ~BT_FLAGS_ALL) != 0)
		return -EINVAL;
	put_header(out, BT_MSG_REQUEST, r->id);
	put_u32(out, (uint32_t)r->pid);
	put_u32(out, r->flags);
	put_u64(out, r->deadline_ns);
	put_u32(out, r->threads_total);
	put_tids(out, r->tids, r->ntids);
	return put_done(out);
}

int bt_decode_request(const void *buf, size_t len, struct bt_request *r)
{
	struct rd rd;

	rd_start(&rd, buf, len, BT_MSG_REQUEST, &r->id);
	r->pid = (pid_t)get_u32(&rd);
	r->flags = get_u32(&rd);
	r->deadline_ns = get_u64(&rd);
	r->threads_total = get_u32(&rd);
	r->ntids = get_tids(&rd, r->tids);
	if (r->pid <= 0 || (r->flags & ~BT_FLAGS_ALL) != 0 || r->threads_total < r->ntids)
		rd.bad = true;
	return rd_done(&rd);
}

int bt_encode_cancel(uint32_t id, struct strbuf *out)
{
	put_header(out, BT_MSG_CANCEL, id);
	return put_done(out);
}

int bt_encode_end(uint32_t id, struct strbuf *out)
{
	put_header(out, BT_MSG_END, id);
	return put_done(out);
}

int bt_decode_end(const void *buf, size_t len)
{
	struct rd r;
	uint32_t type = 0, id;

	if (bt_msg_header(buf, len, &type, &id) < 0 ||
	    (type != BT_MSG_END && type != BT_MSG_CANCEL))
		return -EBADMSG;
	rd_start(&r, buf, len, type, &id);
	return rd_done(&r);
}

int bt_encode_begin(const struct bt_process *p, struct strbuf *out)
{
	pid_t tids[BT_MAX_THREADS];
	unsigned i;

	if (p->pid <= 0 || p->nthreads > BT_MAX_THREADS || p->threads_total < p->nthreads)
		return -EINVAL;
	for (i = 0; i < p->nthreads; i++)
		tids[i] = p->threads[i].tid;
	put_header(out, BT_MSG_BEGIN, p->id);
	put_u32(out, (uint32_t)p->pid);
	put_u32(out, p->threads_total);
	put_tids(out, tids, p->nthreads);
	return put_done(out);
}

int bt_decode_begin(const void *buf, size_t len, struct bt_process **out)
{
	pid_t tids[BT_MAX_THREADS];
	unsigned total, n;
	uint32_t id;
	struct rd r;
	pid_t pid;

	*out = NULL;
	rd_start(&r, buf, len, BT_MSG_BEGIN, &id);
	pid = (pid_t)get_u32(&r);
	total = get_u32(&r);
	n = get_tids(&r, tids);
	if (pid <= 0 || total < n || rd_done(&r) < 0)
		return -EBADMSG;
	*out = bt_process_new(id, pid, tids, n, total);
	return *out != NULL ? 0 : -ENOMEM;
}

/* Write one frame. */
static void put_frame(struct strbuf *out, const struct bt_frame *f)
{
	put_u64(out, f->pc);
	put_u64(out, f->offset);
	put_u32(out, f->line);
	put_str(out, f->symbol, BT_STR_MAX);
	put_str(out, f->module, BT_STR_MAX);
	put_str(out, f->file, BT_STR_MAX);
}

int bt_encode_thread(uint32_t id, uint32_t index, const struct bt_thread *t, struct strbuf *out)
{
	unsigned i;

	if (index >= BT_MAX_THREADS || t->tid <= 0 || t->nframes > BT_MAX_FRAMES ||
	    t->frames_total < t->nframes || t->frames_total > BT_COUNT_MAX ||
	    (t->reason != NULL && t->nframes > 0))
		return -EINVAL;
	put_header(out, BT_MSG_THREAD, id);
	put_u32(out, index);
	put_u32(out, (uint32_t)t->tid);
	put_u8(out, (uint8_t)t->state);
	put_str(out, t->comm, PROC_COMM_MAX - 1);
	put_str(out, t->reason, BT_STR_MAX);
	put_u32(out, t->frames_total);
	put_u32(out, t->nframes);
	for (i = 0; i < t->nframes; i++)
		put_frame(out, &t->frames[i]);
	return put_done(out);
}

/* Read one frame, strings into a. */
static void get_frame(struct rd *r, struct bt_frame *f, struct arena *a, bool *nomem)
{
	f->pc = get_u64(r);
	f->offset = get_u64(r);
	f->line = get_u32(r);
	f->symbol = get_str_arena(r, BT_STR_MAX, a, nomem);
	f->module = get_str_arena(r, BT_STR_MAX, a, nomem);
	f->file = get_str_arena(r, BT_STR_MAX, a, nomem);
}

/* Read the comm into t->comm; "" for none. */
static void get_comm(struct rd *r, struct bt_thread *t)
{
	const char *s;
	size_t n;

	get_str(r, sizeof(t->comm) - 1, &s, &n);
	memcpy(t->comm, s != NULL ? s : "", n);
	t->comm[n] = '\0';
}

/* Read the frames of t (nframes already known) into p's arena. */
static void get_frames(struct rd *r, struct bt_thread *t, struct arena *a, bool *nomem)
{
	unsigned i;

	if (r->bad || t->nframes == 0)
		return;
	t->frames = arena_alloc(a, t->nframes * sizeof(*t->frames));
	if (t->frames == NULL) {
		*nomem = true;
		return;
	}
	for (i = 0; i < t->nframes && !r->bad && !*nomem; i++)
		get_frame(r, &t->frames[i], a, nomem);
}

int bt_decode_thread(const void *buf, size_t len, struct bt_process *p, uint32_t *index)
{
	struct bt_thread t;
	bool nomem = false;
	uint32_t id;
	struct rd r;

	memset(&t, 0, sizeof(t));
	rd_start(&r, buf, len, BT_MSG_THREAD, &id);
	*index = get_u32(&r);
	t.tid = (pid_t)get_u32(&r);
	t.state = (char)get_u8(&r);
	if (r.bad || id != p->id || *index >= p->nthreads || t.tid != p->threads[*index].tid)
		return -EBADMSG;
	get_comm(&r, &t);
	t.reason = get_str_arena(&r, BT_STR_MAX, &p->arena, &nomem);
	t.frames_total = get_u32(&r);
	t.nframes = get_u32(&r);
	if (t.nframes > BT_MAX_FRAMES || t.frames_total < t.nframes ||
	    t.frames_total > BT_COUNT_MAX || (t.reason != NULL && t.nframes > 0))
		r.bad = true;
	get_frames(&r, &t, &p->arena, &nomem);
	if (nomem)
		return -ENOMEM;
	if (rd_done(&r) < 0)
		return -EBADMSG;
	p->threads[*index] = t;
	return 0;
}
