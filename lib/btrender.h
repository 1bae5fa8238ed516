/* btrender: backtraces as report text (human) and as JSON.
 *
 * Threads with identical stacks are shown once, with their tids and count
 * (bt_group). Every string taken from the target (comm, symbol, module path,
 * file name, reason) is escaped: escape_human for text, the JSON writer's
 * escaping for JSON. The format is described in doc/backtrace.md. */
#ifndef STALLSUP_BTRENDER_H
#define STALLSUP_BTRENDER_H

#include "backtrace.h"
#include "json.h"
#include "strbuf.h"

/* Append p's thread groups as text, every line indented by indent spaces:
 *
 *   tid 1240 comm="bench" state=S:
 *     #0 0x7f3a1c29e7a2 __futex_abstimed_wait_common+0x102 (libc.so.6)
 *     #1 0x55d0c4a011d9 worker_lock+0x19 (bench) bench.c:42
 *     (12 more frames)
 *   tids 1241,1242,1243 (3 threads) comm="pool" state=S:
 *     ...
 *   tid 1250 comm="bench" state=D: [unreadable: timed out attaching]
 *   (300 more threads not unwound)
 *
 * Modules and files are shown by their base names (the JSON has the full
 * paths). Returns 0 or -ENOMEM. */
int bt_render_human(const struct bt_process *p, unsigned indent, struct strbuf *out);

/* Append thread t's frames alone, one per line at indent (as above), at most
 * max of them (0: all) with "(N more frames)" after; or "[unreadable:
 * REASON]" when it has none. */
void bt_render_frames(const struct bt_thread *t, unsigned indent, unsigned max,
		      struct strbuf *out);

/* Append, concisely, where thread t is: the frame around its program frame
 * (bt_program_frame): the frame it called, itself and its caller (frames keep
 * their numbers, so #1 first says one inner frame was left out), and how
 * many outer frames were left out; the first three frames when no
 * frame is the program's; "[unreadable: REASON]" when it has none. */
void bt_render_around(const struct bt_thread *t, unsigned indent, struct strbuf *out);

/* Write p's thread groups as items of the JSON array j is in, one object
 * per group:
 *   {"pid":N,"tids":[..],"comm":"..","state":"S","frames":[{"pc":"0x..",
 *    "symbol":"..","offset":N,"module":"..","file":"..","line":N},..]}
 * with "frames_total":N after frames when frames were cut at BT_MAX_FRAMES,
 * and "unreadable":"REASON" (frames empty) when the thread has no stack.
 * Unknown symbol, module or file is null (offset null without a symbol,
 * line null without a file). Returns 0 or -ENOMEM (the writer's own errors
 * show in json_finish). */
int bt_render_json(const struct bt_process *p, struct json *j);

/* Append where frame f is, for a headline: "worker_lock (bench.c:42)",
 * "worker_lock+0x19 (bench)" without a line, "0x401136 (bench)" without a
 * symbol; base names, escaped. */
void bt_render_where(const struct bt_frame *f, struct strbuf *out);

#endif
