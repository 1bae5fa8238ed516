/* json: write JSON text into a strbuf; see json.h. */
#include "json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

void json_init(struct json *j, struct strbuf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->first[0] = true;
}

int json_finish(const struct json *j)
{
	if (j->err)
		return j->err;
	if (j->depth != 0 || j->after_key || j->first[0])
		return -EINVAL;
	return j->out->err;
}

/* Write the comma a new member needs at the current level. */
static void json_comma(struct json *j)
{
	if (!j->first[j->depth])
		sb_putc(j->out, ',');
	j->first[j->depth] = false;
}

/* Before a value: write its separator and return true, or record misuse and
 * return false (a value in an object without its key, or a second value at
 * the top level). */
static bool json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return true;
	}
	if (j->object[j->depth] || (j->depth == 0 && !j->first[0])) {
		j->err = -EINVAL;
		return false;
	}
	json_comma(j);
	return true;
}

/* Open a container with character c ('{' or '['). */
static void json_open(struct json *j, char c)
{
	if (j->depth >= JSON_MAX_DEPTH) {
		j->err = -EINVAL;
		return;
	}
	if (!json_sep(j))
		return;
	sb_putc(j->out, c);
	j->depth++;
	j->first[j->depth] = true;
	j->object[j->depth] = c == '{';
}

/* Close a container with character c ('}' or ']'), which must match it. */
static void json_close(struct json *j, char c)
{
	if (j->depth == 0 || j->after_key || j->object[j->depth] != (c == '}')) {
		j->err = -EINVAL;
		return;
	}
	j->depth--;
	sb_putc(j->out, c);
}

void json_object_begin(struct json *j) { json_open(j, '{'); }
void json_object_end(struct json *j) { json_close(j, '}'); }
void json_array_begin(struct json *j) { json_open(j, '['); }
void json_array_end(struct json *j) { json_close(j, ']'); }

void json_escape(struct strbuf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	char hex[8];
	size_t i = 0, len;

	while (i < n) {
		unsigned char c = u[i];

		if (c == '"' || c == '\\') {
			sb_putc(out, '\\');
			sb_putc(out, (char)c);
			i++;
			continue;
		}
		if (c == '\n' || c == '\t' || c == '\r') {
			sb_puts(out, c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\r");
			i++;
			continue;
		}
		len = c >= 0x20 && c != 0x7f ? utf8_decode(s + i, n - i, NULL) : 0;
		if (len == 0) {
			snprintf(hex, sizeof(hex), "\\u%04x", c);
			sb_puts(out, hex);
			i++;
			continue;
		}
		sb_add(out, s + i, len);
		i += len;
	}
}

/* Append s[0..n) to out as a quoted JSON string. */
static void json_quote(struct strbuf *out, const char *s, size_t n)
{
	sb_putc(out, '"');
	json_escape(out, s, n);
	sb_putc(out, '"');
}

void json_string_n(struct json *j, const char *s, size_t n)
{
	if (json_sep(j))
		json_quote(j->out, s, n);
}

void json_string(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	json_string_n(j, s, strlen(s));
}

void json_key(struct json *j, const char *key)
{
	if (key == NULL || j->after_key || !j->object[j->depth]) {
		j->err = -EINVAL;
		return;
	}
	json_comma(j);
	json_quote(j->out, key, strlen(key));
	sb_putc(j->out, ':');
	j->after_key = true;
}

void json_u64(struct json *j, uint64_t v)
{
	if (json_sep(j))
		sb_printf(j->out, "%" PRIu64, v);
}

void json_i64(struct json *j, int64_t v)
{
	if (json_sep(j))
		sb_printf(j->out, "%" PRId64, v);
}

void json_bool(struct json *j, bool v)
{
	if (json_sep(j))
		sb_puts(j->out, v ? "true" : "false");
}

void json_null(struct json *j)
{
	if (json_sep(j))
		sb_puts(j->out, "null");
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_u64(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

void json_kv_i64(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_i64(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}
