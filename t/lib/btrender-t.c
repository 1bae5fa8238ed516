/* Tests for lib/btrender.c: human text, JSON, the headline's where. */
#include <string.h>

#include "basic.h"
#include "btrender.h"

static struct bt_frame fa[3] = {
	{0x7f0000001010, 0x10, 0, "pause", "/usr/lib/x86_64-linux-gnu/libc.so.6", NULL},
	{0x401136, 0x16, 42, "stuck_a", "/work/t/workers/bt-stuck", "/work/t/workers/bt-stuck.c"},
	{0x7f0000002080, 0x80, 0, "start_thread", "/usr/lib/x86_64-linux-gnu/libc.so.6", NULL},
};
/* Hostile text: a forged newline and terminal escapes in every string. */
static struct bt_frame evil[2] = {
	{0x1000, 0x0, 7, "f\n#9 fake\x1b[31m", "/tmp/m\"od\\", "/src/a\tb.c"},
	{0x2000, 0, 0, NULL, NULL, NULL},
};

/* A process of 4 threads: two in stuck_a, one hostile, one timed out. */
static struct bt_process *sample(void)
{
	pid_t tids[4] = {100, 101, 102, 103};
	struct bt_process *p = bt_process_new(1, 100, tids, 4, 6);
	unsigned i;

	for (i = 0; i < 2; i++) {
		p->threads[i].frames = fa;
		p->threads[i].nframes = 3;
		p->threads[i].frames_total = i == 0 ? 3 : 3;
		p->threads[i].state = 'S';
		strcpy(p->threads[i].comm, "bt-stuck");
	}
	p->threads[2].frames = evil;
	p->threads[2].nframes = 2;
	p->threads[2].frames_total = 80;
	p->threads[2].state = 'R';
	strcpy(p->threads[2].comm, "x\x1b]0;y");
	bt_thread_set_reason(p, &p->threads[3], "timed out attaching");
	p->threads[3].state = 'D';
	strcpy(p->threads[3].comm, "bt-stuck");
	return p;
}

static const char human_want[] =
	"  tids 100,101 (2 threads) comm=\"bt-stuck\" state=S:\n"
	"    #0 0x7f0000001010 pause+0x10 (libc.so.6)\n"
	"    #1 0x401136 stuck_a+0x16 (bt-stuck) bt-stuck.c:42\n"
	"    #2 0x7f0000002080 start_thread+0x80 (libc.so.6)\n"
	"  tid 102 comm=\"x\\x1b]0;y\" state=R:\n"
	"    #0 0x1000 f\\n#9 fake\\x1b[31m+0x0 (m\\\"od\\\\) a\\tb.c:7\n"
	"    #1 0x2000\n"
	"    (78 more frames)\n"
	"  tid 103 comm=\"bt-stuck\" state=D: [unreadable: timed out attaching]\n"
	"  (2 more threads not unwound)\n";

static const char json_want[] =
	"[{\"pid\":100,\"tids\":[100,101],\"comm\":\"bt-stuck\",\"state\":\"S\",\"frames\":["
	"{\"pc\":\"0x7f0000001010\",\"symbol\":\"pause\",\"offset\":16,"
	"\"module\":\"/usr/lib/x86_64-linux-gnu/libc.so.6\",\"file\":null,\"line\":null},"
	"{\"pc\":\"0x401136\",\"symbol\":\"stuck_a\",\"offset\":22,"
	"\"module\":\"/work/t/workers/bt-stuck\",\"file\":\"/work/t/workers/"
	"bt-stuck.c\",\"line\":42},"
	"{\"pc\":\"0x7f0000002080\",\"symbol\":\"start_thread\",\"offset\":128,"
	"\"module\":\"/usr/lib/x86_64-linux-gnu/libc.so.6\",\"file\":null,\"line\":null}]},"
	"{\"pid\":100,\"tids\":[102],\"comm\":\"x\\u001b]0;y\",\"state\":\"R\",\"frames\":["
	"{\"pc\":\"0x1000\",\"symbol\":\"f\\n#9 fake\\u001b[31m\",\"offset\":0,"
	"\"module\":\"/tmp/m\\\"od\\\\\",\"file\":\"/src/a\\tb.c\",\"line\":7},"
	"{\"pc\":\"0x2000\",\"symbol\":null,\"offset\":null,\"module\":null,\"file\":null,"
	"\"line\":null}],\"frames_total\":80},"
	"{\"pid\":100,\"tids\":[103],\"comm\":\"bt-stuck\",\"state\":\"D\",\"frames\":[],"
	"\"unreadable\":\"timed out attaching\"}]";

static void test_human(void)
{
	struct bt_process *p = sample();
	struct strbuf sb = STRBUF_INIT;

	ok(bt_render_human(p, 2, &sb) == 0, "human rendering works");
	is_str(human_want, sb_str(&sb), "human text: groups, frames, escapes, totals");
	bt_process_free(p);
	sb_free(&sb);
}

static void test_json(void)
{
	struct bt_process *p = sample();
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	json_init(&j, &sb);
	json_array_begin(&j);
	ok(bt_render_json(p, &j) == 0, "JSON rendering works");
	json_array_end(&j);
	ok(json_finish(&j) == 0, "the JSON is balanced");
	is_str(json_want, sb_str(&sb), "JSON text");
	bt_process_free(p);
	sb_free(&sb);
}

static void test_many_tids(void)
{
	pid_t tids[20];
	struct bt_process *p;
	struct strbuf sb = STRBUF_INIT;
	unsigned i;

	for (i = 0; i < 20; i++)
		tids[i] = (pid_t)(200 + i);
	p = bt_process_new(1, 200, tids, 20, 20);
	for (i = 0; i < 20; i++)
		bt_thread_set_reason(p, &p->threads[i], "no such task");
	bt_render_human(p, 0, &sb);
	is_str("tids 200,201,202,203,204,205,206,207,208,209,210,211,212,213,214,215,... "
	       "(20 threads) comm=\"\" state=?: [unreadable: no such task]\n",
	       sb_str(&sb), "a large group lists 16 tids and the count");
	bt_process_free(p);
	sb_free(&sb);
}

static void test_where(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct bt_frame f = fa[1];

	bt_render_where(&f, &sb);
	is_str("stuck_a (bt-stuck.c:42)", sb_str(&sb), "where: symbol and file:line");
	sb_reset(&sb);
	f.file = NULL;
	bt_render_where(&f, &sb);
	is_str("stuck_a+0x16 (bt-stuck)", sb_str(&sb), "where without a line: offset and module");
	sb_reset(&sb);
	f.symbol = NULL;
	bt_render_where(&f, &sb);
	is_str("0x401136 (bt-stuck)", sb_str(&sb), "where without a symbol: the address");
	sb_reset(&sb);
	bt_render_where(&evil[0], &sb);
	is_str("f\\n#9 fake\\x1b[31m (a\\tb.c:7)", sb_str(&sb), "where is escaped");
	sb_free(&sb);
}

int main(void)
{
	plan(10);
	test_human();
	test_json();
	test_many_tids();
	test_where();
	return 0;
}
