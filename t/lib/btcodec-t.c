/* Tests for lib/btcodec.c: round trips, and every malformed message refused. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "btcodec.h"

static struct bt_frame frames[3] = {
	{0x7f0000001000, 0x10, 0, "pause", "/usr/lib/x86_64-linux-gnu/libc.so.6", NULL},
	{0x401136, 0x16, 42, "stuck_a", "/t/bt-stuck", "/t/bt-stuck.c"},
	{0x401500, 0, 0, NULL, NULL, NULL},
};

/* A process answer of 2 threads for request 5 of pid 100. */
static struct bt_process *two_threads(void)
{
	pid_t tids[2] = {100, 101};

	return bt_process_new(5, 100, tids, 2, 3);
}

/* A thread with the three frames above. */
static struct bt_thread sample_thread(void)
{
	struct bt_thread t;

	memset(&t, 0, sizeof(t));
	t.tid = 101;
	t.state = 'S';
	strcpy(t.comm, "bt\nstuck");
	t.frames = frames;
	t.nframes = 3;
	t.frames_total = 70;
	return t;
}

/* True when two optional strings are equal. */
static int same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void test_request(void)
{
	struct bt_request r, back;
	struct strbuf sb = STRBUF_INIT;
	size_t n;
	int bad = 0;

	memset(&r, 0, sizeof(r));
	r.id = 9, r.pid = 1234, r.flags = BT_FLAG_NO_SOURCE, r.deadline_ns = 123456789012ull;
	r.ntids = 2, r.threads_total = 300, r.tids[0] = 1234, r.tids[1] = 1240;
	ok(bt_encode_request(&r, &sb) == 0, "request encodes");
	ok(bt_decode_request(sb.buf, sb.len, &back) == 0 && back.id == 9 && back.pid == 1234 &&
		   back.flags == BT_FLAG_NO_SOURCE && back.deadline_ns == 123456789012ull &&
		   back.ntids == 2 && back.threads_total == 300 && back.tids[1] == 1240,
	   "request round trip");
	for (n = 0; n < sb.len; n++)
		bad += bt_decode_request(sb.buf, n, &back) != -EBADMSG;
	is_int(0, bad, "every truncated request is refused");
	r.flags = 0x80;
	ok(bt_encode_request(&r, &sb) == -EINVAL, "unknown flags are not encoded");
	r.flags = 0, r.ntids = BT_MAX_THREADS + 1;
	ok(bt_encode_request(&r, &sb) == -EINVAL, "too many tids are not encoded");
	r.ntids = 2, r.tids[1] = 0;
	ok(bt_encode_request(&r, &sb) == 0 && bt_decode_request(sb.buf, sb.len, &back) == -EBADMSG,
	   "a tid of 0 is refused");
	sb_free(&sb);
}

static void test_thread(void)
{
	struct bt_process *p = two_threads();
	struct bt_thread t = sample_thread();
	struct strbuf sb = STRBUF_INIT;
	const struct bt_thread *b;
	uint32_t index = 99;
	size_t n;
	int bad = 0;

	ok(bt_encode_thread(5, 1, &t, &sb) == 0, "thread encodes");
	ok(bt_decode_thread(sb.buf, sb.len, p, &index) == 0 && index == 1, "thread decodes");
	b = &p->threads[1];
	ok(b->tid == 101 && b->state == 'S' && strcmp(b->comm, "bt\nstuck") == 0 &&
		   b->reason == NULL && b->nframes == 3 && b->frames_total == 70,
	   "thread fields survive");
	ok(b->frames[1].pc == 0x401136 && b->frames[1].offset == 0x16 && b->frames[1].line == 42 &&
		   same(b->frames[1].symbol, "stuck_a") &&
		   same(b->frames[1].file, "/t/bt-stuck.c") &&
		   same(b->frames[0].module, frames[0].module),
	   "frame fields survive");
	ok(b->frames[2].symbol == NULL && b->frames[2].module == NULL && b->frames[2].file == NULL,
	   "unknown strings stay unknown");
	for (n = 0; n < sb.len; n++)
		bad += bt_decode_thread(sb.buf, n, p, &index) != -EBADMSG;
	is_int(0, bad, "every truncated thread is refused");
	sb_add(&sb, "x", 1);
	ok(bt_decode_thread(sb.buf, sb.len, p, &index) == -EBADMSG, "a trailing byte is refused");
	bt_process_free(p);
	sb_free(&sb);
}

static void test_thread_checks(void)
{
	struct bt_process *p = two_threads();
	struct bt_thread t = sample_thread();
	struct strbuf sb = STRBUF_INIT;
	uint32_t index;

	ok(bt_encode_thread(6, 1, &t, &sb) == 0 &&
		   bt_decode_thread(sb.buf, sb.len, p, &index) == -EBADMSG,
	   "another request's thread is refused");
	ok(bt_encode_thread(5, 0, &t, &sb) == 0 &&
		   bt_decode_thread(sb.buf, sb.len, p, &index) == -EBADMSG,
	   "a tid at the wrong index is refused");
	ok(bt_encode_thread(5, 2, &t, &sb) == 0 &&
		   bt_decode_thread(sb.buf, sb.len, p, &index) == -EBADMSG,
	   "an index past the threads is refused");
	t.nframes = 65;
	ok(bt_encode_thread(5, 1, &t, &sb) == -EINVAL, "more than 64 frames are not encoded");
	t.nframes = 3, t.frames_total = 2;
	ok(bt_encode_thread(5, 1, &t, &sb) == -EINVAL, "a total below the frames is not encoded");
	t.frames_total = 3, t.reason = "x";
	ok(bt_encode_thread(5, 1, &t, &sb) == -EINVAL, "frames and a reason together are not");
	ok(p->threads[1].nframes == 0 && p->threads[1].reason == NULL,
	   "refused messages leave the thread alone");
	bt_process_free(p);
	sb_free(&sb);
}

/* Offset of the first string of a one-frame thread message with an empty
 * comm and no reason: header 8, index 4, tid 4, state 1, comm 2, reason 2,
 * totals 8, pc 8, offset 8, line 4. */
#define SYMBOL_AT (8 + 4 + 4 + 1 + 2 + 2 + 8 + 8 + 8 + 4)

static void test_strings(void)
{
	struct bt_process *p = two_threads();
	struct bt_frame f = {1, 0, 0, NULL, NULL, NULL};
	struct bt_thread t;
	struct strbuf sb = STRBUF_INIT;
	char longname[1000];
	uint32_t index;
	uint16_t len;

	memset(&t, 0, sizeof(t));
	t.tid = 100, t.state = 'R', t.frames = &f, t.nframes = t.frames_total = 1;
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	f.symbol = longname;
	ok(bt_encode_thread(5, 0, &t, &sb) == 0 && bt_decode_thread(sb.buf, sb.len, p, &index) == 0,
	   "a long symbol encodes");
	is_int(BT_STR_MAX, (long long)strlen(p->threads[0].frames[0].symbol), "cut to BT_STR_MAX");
	ok(strcmp(p->threads[0].frames[0].symbol + BT_STR_MAX - 3, "...") == 0, "ending in ...");
	f.symbol = "abc";
	bt_encode_thread(5, 0, &t, &sb);
	sb.buf[SYMBOL_AT + 2 + 1] = '\0';
	ok(bt_decode_thread(sb.buf, sb.len, p, &index) == -EBADMSG,
	   "a NUL inside a string is refused");
	bt_encode_thread(5, 0, &t, &sb);
	len = BT_STR_MAX + 1;
	memcpy(sb.buf + SYMBOL_AT, &len, 2);
	ok(bt_decode_thread(sb.buf, sb.len, p, &index) == -EBADMSG,
	   "an overlong length is refused");
	len = 0xfffe;
	memcpy(sb.buf + SYMBOL_AT, &len, 2);
	ok(bt_decode_thread(sb.buf, sb.len, p, &index) == -EBADMSG,
	   "a length past the end is refused");
	bt_process_free(p);
	sb_free(&sb);
}

static void test_begin_end(void)
{
	struct bt_process *p = two_threads(), *q = NULL;
	struct strbuf sb = STRBUF_INIT;
	uint32_t type, id;
	size_t n;
	int bad = 0;

	ok(bt_encode_begin(p, &sb) == 0 && bt_decode_begin(sb.buf, sb.len, &q) == 0 && q->id == 5 &&
		   q->pid == 100 && q->nthreads == 2 && q->threads_total == 3 &&
		   q->threads[1].tid == 101 && q->threads[1].state == '?',
	   "begin round trip");
	bt_process_free(q);
	for (n = 0; n < sb.len; n++) {
		bad += bt_decode_begin(sb.buf, n, &q) != -EBADMSG;
		bt_process_free(q);
	}
	is_int(0, bad, "every truncated begin is refused");
	ok(bt_encode_end(5, &sb) == 0 && bt_decode_end(sb.buf, sb.len) == 0 &&
		   bt_msg_header(sb.buf, sb.len, &type, &id) == 0 && type == BT_MSG_END && id == 5,
	   "end round trip");
	ok(bt_decode_end(sb.buf, sb.len - 1) == -EBADMSG, "a short end is refused");
	ok(bt_encode_cancel(8, &sb) == 0 && bt_decode_end(sb.buf, sb.len) == 0 &&
		   bt_msg_header(sb.buf, sb.len, &type, &id) == 0 && type == BT_MSG_CANCEL &&
		   id == 8,
	   "cancel round trip");
	ok(bt_msg_header(sb.buf, 7, &type, &id) == -EBADMSG, "a short header is refused");
	bt_process_free(p);
	sb_free(&sb);
}

/* Flip bytes of a valid thread message at random: decoding must never read
 * outside the buffer (valgrind and sanitizers check) nor crash. */
static void test_flips(void)
{
	struct bt_process *p = two_threads();
	struct bt_thread t = sample_thread();
	struct strbuf sb = STRBUF_INIT;
	char *copy;
	uint32_t index;
	int i, accepted = 0;

	bt_encode_thread(5, 1, &t, &sb);
	copy = malloc(sb.len);
	srand(1);
	for (i = 0; i < 20000; i++) {
		memcpy(copy, sb.buf, sb.len);
		copy[(size_t)rand() % sb.len] ^= (char)(1 + rand() % 255);
		accepted += bt_decode_thread(copy, sb.len, p, &index) == 0;
	}
	ok(1, "20000 corrupted messages decoded without a crash (%d accepted)", accepted);
	free(copy);
	bt_process_free(p);
	sb_free(&sb);
}

int main(void)
{
	plan(33);
	test_request();
	test_thread();
	test_thread_checks();
	test_strings();
	test_begin_end();
	test_flips();
	return 0;
}
