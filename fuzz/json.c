/* Fuzz target: the JSON writer (lib/json.h), driven by random sequences of
 * its calls.
 *
 * Each input byte picks a call (begin or end an object or array, a key, a
 * NULL key, strings with any bytes, NULL strings, numbers, booleans, null,
 * the key-value shorthands); the bytes after it give its arguments. A model
 * written here from json.h tracks the grammar (the open containers, a
 * pending key, whether the top-level value was written) and says whether
 * json_finish must succeed. Properties:
 * - json_finish returns 0 exactly when the model says the calls wrote one
 *   complete value with no misuse, else -EINVAL;
 * - whenever json_finish returns 0, the text appended is strictly valid JSON
 *   (fuzz/jsoncheck.h), and what the strbuf held before is untouched. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "check.h"
#include "json.h"
#include "jsoncheck.h"

#define PREFIX "held before: "

/* What the calls so far should have done to the writer. */
struct model {
	char open[JSON_MAX_DEPTH + 1]; /* '{' or '[' per level, from 1 */
	unsigned depth;
	bool key;      /* a key waits for its value */
	bool top_done; /* the top-level value was started */
	bool bad;      /* a misuse was made */
};

/* A value (scalar or container) is about to be written. */
static void model_value(struct model *m)
{
	if (m->depth == 0 ? m->top_done : m->open[m->depth] == '{' && !m->key)
		m->bad = true;
	m->top_done = true;
	m->key = false;
}

/* A container opened with c. */
static void model_open(struct model *m, char c)
{
	if (m->depth >= JSON_MAX_DEPTH) {
		m->bad = true;
		return;
	}
	model_value(m);
	m->open[++m->depth] = c;
}

/* A container closed with c ('}' or ']'). */
static void model_close(struct model *m, char c)
{
	if (m->depth == 0 || m->key || m->open[m->depth] != (c == '}' ? '{' : '[')) {
		m->bad = true;
		return;
	}
	m->depth--;
}

/* A key (NULL when null_key). */
static void model_key(struct model *m, bool null_key)
{
	if (null_key || m->depth == 0 || m->open[m->depth] != '{' || m->key)
		m->bad = true;
	m->key = true;
}

/* Take a string argument: a length byte, then up to that many bytes into a
 * NUL-terminated buf (so a C string stops at an embedded NUL); *n gets the
 * bytes taken. */
static const char *take_string(struct fuzz_in *in, char buf[64], size_t *n)
{
	const char *p;

	*n = fuzz_take(in, fuzz_byte(in) % 64, &p);
	memcpy(buf, p, *n);
	buf[*n] = '\0';
	return buf;
}

/* Make one writer call chosen by op, with its arguments from in. */
static void one_call(struct json *j, struct model *m, unsigned op, struct fuzz_in *in)
{
	char buf[64];
	size_t n;

	switch (op % 16) {
	case 0: model_open(m, '{'); json_object_begin(j); break;
	case 1: model_close(m, '}'); json_object_end(j); break;
	case 2: model_open(m, '['); json_array_begin(j); break;
	case 3: model_close(m, ']'); json_array_end(j); break;
	case 4: model_key(m, false); json_key(j, take_string(in, buf, &n)); break;
	case 5: model_key(m, true); json_key(j, NULL); break;
	case 6: model_value(m); json_string(j, take_string(in, buf, &n)); break;
	case 7: model_value(m); json_string(j, NULL); break;
	case 8: take_string(in, buf, &n); model_value(m); json_string_n(j, buf, n); break;
	case 9: model_value(m); json_u64(j, fuzz_u64(in)); break;
	case 10: model_value(m); json_i64(j, (int64_t)fuzz_u64(in)); break;
	case 11: model_value(m); json_bool(j, fuzz_byte(in) & 1); break;
	case 12: model_value(m); json_null(j); break;
	case 13:
		take_string(in, buf, &n);
		model_key(m, false);
		model_value(m);
		json_kv_string(j, buf, (fuzz_byte(in) & 1) ? NULL : "v\x01\xff");
		break;
	case 14: model_key(m, false); model_value(m); json_kv_u64(j, "u", fuzz_u64(in)); break;
	default:
		model_key(m, false);
		model_value(m);
		if (op & 16)
			json_kv_i64(j, "i", (int64_t)fuzz_u64(in));
		else
			json_kv_bool(j, "b", op & 32);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct strbuf sb = STRBUF_INIT;
	struct model m = { .depth = 0 };
	struct json j;
	const char *why;
	bool want_ok;
	size_t at;
	int r;

	sb_puts(&sb, PREFIX);
	json_init(&j, &sb);
	while (in.n > 0)
		one_call(&j, &m, fuzz_byte(&in), &in);
	r = json_finish(&j);
	want_ok = !m.bad && m.depth == 0 && m.top_done && !m.key;
	FUZZ_CHECK(r == (want_ok ? 0 : -EINVAL), "json_finish %d, the model says %s", r,
		   want_ok ? "complete" : "misuse");
	FUZZ_CHECK(sb.len >= strlen(PREFIX) && memcmp(sb.buf, PREFIX, strlen(PREFIX)) == 0,
		   "the strbuf's earlier text changed");
	if (r == 0)
		FUZZ_CHECK(jsoncheck(sb.buf + strlen(PREFIX), sb.len - strlen(PREFIX), &why, &at) == 0,
			   "json_finish accepted invalid JSON (%s at %zu): %s", why, at,
			   sb.buf + strlen(PREFIX));
	sb_free(&sb);
	return 0;
}
