/* Tests for lib/json.c. */
#include <errno.h>
#include <string.h>

#include "basic.h"
#include "json.h"

/* Return s JSON-escaped as a quoted string. */
static const char *jstr(const char *s, size_t n)
{
	static struct strbuf sb;
	struct json j;

	sb_reset(&sb);
	json_init(&j, &sb);
	json_string_n(&j, s, n);
	return sb_str(&sb);
}

/* The misuses the writer must refuse at json_finish (each accepted before). */
static void test_misuse(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	json_init(&j, &sb);
	json_object_begin(&j);
	json_string(&j, "v");
	json_object_end(&j);
	is_int(-EINVAL, json_finish(&j), "value without a key in an object: {\"v\"}");

	sb_reset(&sb);
	json_init(&j, &sb);
	json_object_begin(&j);
	json_kv_u64(&j, "a", 1);
	json_u64(&j, 2);
	json_object_end(&j);
	is_int(-EINVAL, json_finish(&j), "value without a key after a member: {\"a\":1,2}");

	sb_reset(&sb);
	json_init(&j, &sb);
	json_array_begin(&j);
	json_key(&j, "x");
	json_u64(&j, 1);
	json_array_end(&j);
	is_int(-EINVAL, json_finish(&j), "key inside an array: [\"x\":1]");

	sb_reset(&sb);
	json_init(&j, &sb);
	json_object_begin(&j);
	json_key(&j, "a");
	json_key(&j, "b");
	json_u64(&j, 1);
	json_object_end(&j);
	is_int(-EINVAL, json_finish(&j), "two keys in a row");

	sb_reset(&sb);
	json_init(&j, &sb);
	json_object_begin(&j);
	json_key(&j, NULL);
	json_u64(&j, 1);
	json_object_end(&j);
	is_int(-EINVAL, json_finish(&j), "NULL key: {null:1}");

	sb_reset(&sb);
	json_init(&j, &sb);
	json_object_begin(&j);
	json_array_end(&j);
	is_int(-EINVAL, json_finish(&j), "mismatched close: {]");

	sb_reset(&sb);
	json_init(&j, &sb);
	json_u64(&j, 1);
	json_u64(&j, 2);
	is_int(-EINVAL, json_finish(&j), "two values at the top level: 1,2");

	sb_reset(&sb);
	json_init(&j, &sb);
	is_int(-EINVAL, json_finish(&j), "nothing written");

	sb_reset(&sb);
	json_init(&j, &sb);
	json_array_begin(&j);
	json_u64(&j, 1);
	json_string(&j, "s");
	json_array_end(&j);
	is_int(0, json_finish(&j), "values without keys in an array");
	is_str("[1,\"s\"]", sb_str(&sb), "array text");
	sb_free(&sb);
}

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	plan(20);
	json_init(&j, &sb);
	json_object_begin(&j);
	json_kv_string(&j, "event", "stall");
	json_kv_u64(&j, "worker", 3);
	json_kv_i64(&j, "neg", -5);
	json_kv_bool(&j, "ok", true);
	json_key(&j, "window");
	json_array_begin(&j);
	json_object_begin(&j);
	json_kv_u64(&j, "t_ms", 0);
	json_object_end(&j);
	json_u64(&j, 18446744073709551615ULL);
	json_null(&j);
	json_array_end(&j);
	json_key(&j, "empty");
	json_object_begin(&j);
	json_object_end(&j);
	json_object_end(&j);
	is_int(0, json_finish(&j), "balanced document finishes");
	is_str("{\"event\":\"stall\",\"worker\":3,\"neg\":-5,\"ok\":true,"
	       "\"window\":[{\"t_ms\":0},18446744073709551615,null],\"empty\":{}}",
	       sb_str(&sb), "nested object and array with commas");

	is_str("\"a\\nb\\u001b[0m\"", jstr("a\nb\033[0m", 7), "newline and ESC escaped");
	is_str("\"q\\\"\\\\\"", jstr("q\"\\", 3), "quote and backslash escaped");
	is_str("\"caf\xc3\xa9\"", jstr("caf\xc3\xa9", 5), "valid UTF-8 passes through");
	is_str("\"\\u00ff\\u00c3\"", jstr("\xff\xc3", 2), "invalid UTF-8 bytes escaped");
	is_str("\"\\u0000\\u007f\"", jstr("\0\x7f", 2), "NUL and DEL escaped");
	is_str("\"\\u00ed\\u00a0\\u0080\"", jstr("\xed\xa0\x80", 3), "surrogate encoding rejected");

	sb_reset(&sb);
	json_init(&j, &sb);
	json_object_begin(&j);
	ok(json_finish(&j) != 0, "unbalanced document is an error");
	sb_reset(&sb);
	json_init(&j, &sb);
	json_key(&j, "x");
	ok(json_finish(&j) != 0, "key outside an object is an error");
	sb_free(&sb);
	test_misuse();
	return 0;
}
