/* Tests for lib/json.c. */
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

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	plan(10);
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
	return 0;
}
