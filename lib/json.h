/* json: write one JSON value (usually an object, one report line) into a strbuf.
 *
 * The writer tracks nesting and inserts commas itself. Strings are escaped so
 * that any bytes, including control characters and invalid UTF-8 taken from
 * /proc, produce valid JSON: invalid bytes become \u00XX. */
#ifndef STALLSUP_JSON_H
#define STALLSUP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

#define JSON_MAX_DEPTH 32

struct json {
	struct strbuf *out;     /* where text goes */
	unsigned depth;         /* current nesting level */
	bool first[JSON_MAX_DEPTH + 1];  /* no member written yet at this level */
	bool object[JSON_MAX_DEPTH + 1]; /* the container at this level is an object */
	bool after_key;         /* a key was written; the value needs no comma */
	int err;                /* 0, or -EINVAL on misuse (see json_finish) */
};

/* Start writing into out (appending to what it holds). */
void json_init(struct json *j, struct strbuf *out);
/* Return 0 when exactly one complete value was written, else a negative
 * errno: out's error, or -EINVAL for misuse of the writer: nothing written, a
 * second value at the top level, an unclosed or mismatched container, nesting
 * deeper than JSON_MAX_DEPTH, a value in an object without its key, a key
 * outside an object, a key after a key, a NULL key, or a key without value.
 * Whenever it returns 0, what was appended to out is valid JSON (RFC 8259). */
int json_finish(const struct json *j);

void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
/* Write an object key (not NULL); the next call writes its value. */
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);           /* NULL writes null */
void json_string_n(struct json *j, const char *s, size_t n);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* Shorthands for key + value. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_u64(struct json *j, const char *key, uint64_t v);
void json_kv_i64(struct json *j, const char *key, int64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);

/* Append s[0..n) to out as the body of a JSON string (no quotes). */
void json_escape(struct strbuf *out, const char *s, size_t n);

#endif
