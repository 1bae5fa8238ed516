/* Tests for lib/backtrace.c: answers, grouping, the program frame. */
#include <stdlib.h>
#include <string.h>

#include "backtrace.h"
#include "basic.h"

static struct bt_frame libc_pause = {
	0x7f0000001000, 0x10, 0, "pause", "/usr/lib/x86_64-linux-gnu/libc.so.6", NULL};
static struct bt_frame prog_a = {
	0x401136, 0x16, 42, "stuck_a", "/work/t/workers/bt-stuck", "/work/t/workers/bt-stuck.c"};
static struct bt_frame prog_b = {
	0x401236, 0x16, 51, "stuck_b", "/work/t/workers/bt-stuck", "/work/t/workers/bt-stuck.c"};
static struct bt_frame start = {
	0x7f0000002000, 0x80, 0, "start_thread", "/usr/lib/x86_64-linux-gnu/libc.so.6", NULL};

/* Give thread t the frames f[0..n). */
static void set_frames(struct bt_thread *t, struct bt_frame *f, unsigned n)
{
	t->frames = f;
	t->nframes = t->frames_total = n;
	strcpy(t->comm, "bt-stuck");
	t->state = 'S';
}

static void test_runtime(void)
{
	ok(bt_module_is_runtime("/usr/lib/x86_64-linux-gnu/libc.so.6"), "libc is runtime");
	ok(bt_module_is_runtime("/lib64/ld-linux-x86-64.so.2"), "the loader is runtime");
	ok(bt_module_is_runtime("/lib/libpthread-2.31.so"), "old libpthread is runtime");
	ok(bt_module_is_runtime("/usr/lib/libstdc++.so.6"), "libstdc++ is runtime");
	ok(bt_module_is_runtime("/lib/libgcc_s.so.1"), "libgcc_s is runtime");
	ok(bt_module_is_runtime("[vdso: 1234]"), "the vdso is runtime");
	ok(!bt_module_is_runtime("/usr/lib/libcap.so.2"), "libcap is not libc");
	ok(!bt_module_is_runtime("/work/bench"), "the program is not runtime");
	ok(!bt_module_is_runtime("/opt/libc-tests/runner"), "a program named like libc-* is not");
	ok(!bt_module_is_runtime(NULL), "no module is not runtime");
}

static void test_program_frame(void)
{
	struct bt_frame f[3] = {libc_pause, prog_a, start};
	struct bt_frame only_libc[2] = {libc_pause, start};
	struct bt_thread t;

	memset(&t, 0, sizeof(t));
	set_frames(&t, f, 3);
	ok(bt_program_frame(&t) == &f[1], "the innermost program frame is picked");
	set_frames(&t, f + 1, 2);
	ok(bt_program_frame(&t) == &f[1], "an innermost program frame is picked itself");
	set_frames(&t, only_libc, 2);
	ok(bt_program_frame(&t) == NULL, "no program frame: NULL");
	set_frames(&t, NULL, 0);
	ok(bt_program_frame(&t) == NULL, "no frames: NULL");
}

static void test_groups(void)
{
	pid_t tids[6] = {10, 11, 12, 13, 14, 15};
	struct bt_process *p = bt_process_new(7, 10, tids, 6, 9);
	struct bt_frame fa[3] = {libc_pause, prog_a, start}, fb[3] = {libc_pause, prog_b, start};
	struct bt_frame fa2[3] = {libc_pause, prog_a, start};
	struct bt_groups g;

	set_frames(&p->threads[0], fb, 3);
	set_frames(&p->threads[1], fa, 3);
	set_frames(&p->threads[2], fa2, 3); /* same pcs in other memory */
	set_frames(&p->threads[3], fa, 3);
	p->threads[3].state = 'D'; /* same stack, other state */
	set_frames(&p->threads[4], fa, 3);
	bt_thread_set_reason(p, &p->threads[5], "timed out attaching");
	is_int(9, p->threads_total, "threads_total kept");
	ok(bt_group(p, &g) == 0, "grouping works");
	is_int(4, (long long)g.n, "four groups: b, a (x3), a in D, the timeout");
	ok(g.start[1] - g.start[0] == 1 && g.idx[0] == 0, "first group: the first thread");
	ok(g.start[2] - g.start[1] == 3 && g.idx[1] == 1 && g.idx[2] == 2 && g.idx[3] == 4,
	   "second group: threads 1, 2, 4 in order");
	ok(g.start[3] - g.start[2] == 1 && g.idx[4] == 3, "a different state is its own group");
	ok(g.start[4] - g.start[3] == 1 && g.idx[5] == 5, "a reason is its own group");
	bt_groups_free(&g);
	strcpy(p->threads[2].comm, "other");
	ok(!bt_thread_same(&p->threads[1], &p->threads[2]), "a different comm differs");
	bt_process_free(p);
	ok(bt_process_new(1, 1, tids, BT_MAX_THREADS + 1, 0) == NULL, "too many threads refused");
}

int main(void)
{
	plan(23);
	test_runtime();
	test_program_frame();
	test_groups();
	return 0;
}
