/* btrender: human and JSON rendering of backtraces; see btrender.h. */
#include "btrender.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

#define TIDS_SHOWN 16 /* tids listed in a group's heading before "..." */

/* The part of path after its last '/'. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Append s escaped (a NUL-terminated untrusted string). */
static void add_escaped(struct strbuf *out, const char *s)
{
	escape_human(out, s, strlen(s));
}

/* Append n spaces. */
static void add_indent(struct strbuf *out, unsigned n)
{
	while (n--)
		sb_putc(out, ' ');
}

/* Append a group's heading: tids (count), comm, state. */
static void human_heading(const struct bt_process *p, const size_t *idx, size_t n,
			  struct strbuf *out)
{
	const struct bt_thread *t = &p->threads[idx[0]];
	size_t i;

	sb_puts(out, n > 1 ? "tids " : "tid ");
	for (i = 0; i < n && i < TIDS_SHOWN; i++)
		sb_printf(out, "%s%d", i ? "," : "", (int)p->threads[idx[i]].tid);
	if (n > TIDS_SHOWN)
		sb_puts(out, ",...");
	if (n > 1)
		sb_printf(out, " (%zu threads)", n);
	sb_puts(out, " comm=\"");
	add_escaped(out, t->comm);
	sb_puts(out, "\" state=");
	escape_human(out, &t->state, 1);
	sb_putc(out, ':');
}

/* Append "(N more frames)" for n frames of t not shown, "frame" when one,
 * "at least" when t's count was capped. */
static void more_frames(const struct bt_thread *t, unsigned n, struct strbuf *out)
{
	sb_printf(out, "(%s%u more %s)\n", t->frames_total >= BT_COUNT_MAX ? "at least " : "", n,
		  n == 1 ? "frame" : "frames");
}

/* Append one frame line "#N 0xPC symbol+0xOFF (module) file:line". */
static void human_frame(const struct bt_frame *f, unsigned n, unsigned indent, struct strbuf *out)
{
	add_indent(out, indent);
	sb_printf(out, "#%u 0x%" PRIx64, n, f->pc);
	if (f->symbol != NULL) {
		sb_putc(out, ' ');
		add_escaped(out, f->symbol);
		sb_printf(out, "+0x%" PRIx64, f->offset);
	}
	if (f->module != NULL) {
		sb_puts(out, " (");
		add_escaped(out, base_name(f->module));
		sb_putc(out, ')');
	}
	if (f->file != NULL) {
		sb_putc(out, ' ');
		add_escaped(out, base_name(f->file));
		if (f->line > 0)
			sb_printf(out, ":%u", f->line);
	}
	sb_putc(out, '\n');
}

/* Append t's frames, at most max of them (0: all), each on its own line at
 * indent, and how many more there were. */
static void human_frames(const struct bt_thread *t, unsigned indent, unsigned max,
			 struct strbuf *out)
{
	unsigned i, shown = max && max < t->nframes ? max : t->nframes;

	for (i = 0; i < shown; i++)
		human_frame(&t->frames[i], i, indent, out);
	if (t->frames_total > shown) {
		add_indent(out, indent);
		more_frames(t, t->frames_total - shown, out);
	}
}

/* Append the body of a group: its reason, or its frames. */
static void human_body(const struct bt_thread *t, unsigned indent, struct strbuf *out)
{
	if (t->reason != NULL || t->nframes == 0) {
		sb_puts(out, " [unreadable: ");
		add_escaped(out, t->reason != NULL ? t->reason : "no frames");
		sb_puts(out, "]\n");
		return;
	}
	sb_putc(out, '\n');
	human_frames(t, indent + 2, 0, out);
}

void bt_render_around(const struct bt_thread *t, unsigned indent, struct strbuf *out)
{
	const struct bt_frame *pf = bt_program_frame(t);
	unsigned at = pf ? (unsigned)(pf - t->frames) : 0, from = at ? at - 1 : 0;
	unsigned to = at + 1 < t->nframes ? at + 1 : t->nframes - 1;

	if (t->reason != NULL || t->nframes == 0) {
		bt_render_frames(t, indent, 0, out);
		return;
	}
	if (pf == NULL)
		to = t->nframes < 3 ? t->nframes - 1 : 2;
	for (unsigned i = from; i <= to; i++)
		human_frame(&t->frames[i], i, indent, out);
	if (t->frames_total > to + 1) {
		add_indent(out, indent);
		more_frames(t, t->frames_total - to - 1, out);
	}
}

void bt_render_frames(const struct bt_thread *t, unsigned indent, unsigned max,
		      struct strbuf *out)
{
	if (t->reason != NULL || t->nframes == 0) {
		add_indent(out, indent);
		sb_puts(out, "[unreadable: ");
		add_escaped(out, t->reason != NULL ? t->reason : "no frames");
		sb_puts(out, "]\n");
		return;
	}
	human_frames(t, indent, max, out);
}

int bt_render_human(const struct bt_process *p, unsigned indent, struct strbuf *out)
{
	struct bt_groups g;
	size_t k;

	if (bt_group(p, &g) < 0)
		return -ENOMEM;
	for (k = 0; k < g.n; k++) {
		add_indent(out, indent);
		human_heading(p, &g.idx[g.start[k]], g.start[k + 1] - g.start[k], out);
		human_body(&p->threads[g.idx[g.start[k]]], indent, out);
	}
	if (p->threads_total > p->nthreads) {
		add_indent(out, indent);
		sb_printf(out, "(%u more threads not unwound)\n", p->threads_total - p->nthreads);
	}
	bt_groups_free(&g);
	return out->err;
}

/* Write key: s, or null when s is NULL. */
static void json_kv_opt(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	if (s != NULL)
		json_string(j, s);
	else
		json_null(j);
}

/* Write one frame object. */
static void json_frame(struct json *j, const struct bt_frame *f)
{
	char pc[24];

	snprintf(pc, sizeof(pc), "0x%" PRIx64, f->pc);
	json_object_begin(j);
	json_kv_string(j, "pc", pc);
	json_kv_opt(j, "symbol", f->symbol);
	json_key(j, "offset");
	if (f->symbol != NULL)
		json_u64(j, f->offset);
	else
		json_null(j);
	json_kv_opt(j, "module", f->module);
	json_kv_opt(j, "file", f->file);
	json_key(j, "line");
	if (f->file != NULL && f->line > 0)
		json_u64(j, f->line);
	else
		json_null(j);
	json_object_end(j);
}

/* Write one group object. */
static void json_group(struct json *j, const struct bt_process *p, const size_t *idx, size_t n)
{
	const struct bt_thread *t = &p->threads[idx[0]];
	unsigned i;

	json_object_begin(j);
	json_kv_i64(j, "pid", p->pid);
	json_key(j, "tids");
	json_array_begin(j);
	for (i = 0; i < n; i++)
		json_i64(j, p->threads[idx[i]].tid);
	json_array_end(j);
	json_kv_string(j, "comm", t->comm);
	json_key(j, "state");
	json_string_n(j, &t->state, 1);
	json_key(j, "frames");
	json_array_begin(j);
	for (i = 0; i < t->nframes; i++)
		json_frame(j, &t->frames[i]);
	json_array_end(j);
	if (t->frames_total > t->nframes)
		json_kv_u64(j, "frames_total", t->frames_total);
	if (t->reason != NULL || t->nframes == 0)
		json_kv_string(j, "unreadable", t->reason != NULL ? t->reason : "no frames");
	json_object_end(j);
}

int bt_render_json(const struct bt_process *p, struct json *j)
{
	struct bt_groups g;
	size_t k;

	if (bt_group(p, &g) < 0)
		return -ENOMEM;
	for (k = 0; k < g.n; k++)
		json_group(j, p, &g.idx[g.start[k]], g.start[k + 1] - g.start[k]);
	bt_groups_free(&g);
	return j->out->err;
}

void bt_render_where(const struct bt_frame *f, struct strbuf *out)
{
	if (f->symbol != NULL)
		add_escaped(out, f->symbol);
	else
		sb_printf(out, "0x%" PRIx64, f->pc);
	if (f->symbol != NULL && (f->file == NULL || f->line == 0))
		sb_printf(out, "+0x%" PRIx64, f->offset);
	sb_puts(out, " (");
	if (f->file != NULL && f->line > 0) {
		add_escaped(out, base_name(f->file));
		sb_printf(out, ":%u", f->line);
	} else if (f->module != NULL)
		add_escaped(out, base_name(f->module));
	else
		sb_puts(out, "?");
	sb_putc(out, ')');
}
