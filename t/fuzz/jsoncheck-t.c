/* Tests for fuzz/jsoncheck.c, the strict JSON validator of the fuzz targets:
 * a validator that accepted bad JSON would hide a writer bug. */
#include <string.h>

#include "basic.h"
#include "jsoncheck.h"

/* One text and whether it is strictly valid JSON. */
struct fact {
	const char *text;
	size_t len; /* 0: strlen(text) */
	int valid;
};

static const struct fact facts[] = {
	{ "{}", 0, 1 },
	{ "[]", 0, 1 },
	{ " \t\r\n{ \"a\" : [ 1 , -2.5e+3 , true , false , null ] }\n", 0, 1 },
	{ "0", 0, 1 },
	{ "-0", 0, 1 },
	{ "1E9", 0, 1 },
	{ "0.5e-1", 0, 1 },
	{ "18446744073709551615", 0, 1 },
	{ "\"\"", 0, 1 },
	{ "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"", 0, 1 },
	{ "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \x7f\"", 0, 1 },
	{ "{\"a\":{\"a\":{}},\"a\":1}", 0, 1 }, /* duplicate keys are not checked */
	{ "", 0, 0 },
	{ " ", 0, 0 },
	{ "{\"v\"}", 0, 0 },
	{ "{\"a\":1,}", 0, 0 },
	{ "[1,]", 0, 0 },
	{ "[,1]", 0, 0 },
	{ "{1:2}", 0, 0 },
	{ "{\"a\" 1}", 0, 0 },
	{ "[\"x\":1]", 0, 0 },
	{ "{]", 0, 0 },
	{ "[}", 0, 0 },
	{ "[1", 0, 0 },
	{ "1,2", 0, 0 },
	{ "{} {}", 0, 0 },
	{ "01", 0, 0 },
	{ "-", 0, 0 },
	{ "+1", 0, 0 },
	{ ".5", 0, 0 },
	{ "1.", 0, 0 },
	{ "1e", 0, 0 },
	{ "1e+", 0, 0 },
	{ "NaN", 0, 0 },
	{ "Infinity", 0, 0 },
	{ "True", 0, 0 },
	{ "nul", 0, 0 },
	{ "\"abc", 0, 0 },
	{ "\"a\nb\"", 0, 0 },
	{ "\"a\tb\"", 0, 0 },
	{ "\"\\x41\"", 0, 0 },
	{ "\"\\u00g0\"", 0, 0 },
	{ "\"\\u12\"", 0, 0 },
	{ "\"\\uD800\"", 0, 0 },
	{ "\"\\uDC00\"", 0, 0 },
	{ "\"\\uD800\\u0041\"", 0, 0 },
	{ "\"\xff\"", 0, 0 },
	{ "\"\xc3\"", 0, 0 },
	{ "\"\xc0\xaf\"", 0, 0 },
	{ "\"\xed\xa0\x80\"", 0, 0 },
	{ "\"\xf4\x90\x80\x80\"", 0, 0 },
	{ "\"\xe2\x82\"", 0, 0 },
	{ "\"a\0b\"", 5, 0 },
	{ "1\0", 2, 0 },
	{ "'a'", 0, 0 },
	{ "[1]\x0b", 0, 0 },
};

int main(void)
{
	size_t nfacts = sizeof(facts) / sizeof(facts[0]);
	char deep[2 * JSONCHECK_MAX_DEPTH + 4];
	const char *why;
	size_t at, n;

	plan(nfacts + 2);
	for (size_t i = 0; i < nfacts; i++) {
		size_t len = facts[i].len ? facts[i].len : strlen(facts[i].text);
		int r = jsoncheck(facts[i].text, len, &why, &at);

		ok((r == 0) == facts[i].valid, "%s: fact %zu (%s at %zu)",
		   facts[i].valid ? "valid" : "invalid", i, why ? why : "no error", at);
	}
	for (n = 0; n < JSONCHECK_MAX_DEPTH; n++)
		deep[n] = '[', deep[2 * JSONCHECK_MAX_DEPTH - 1 - n] = ']';
	ok(jsoncheck(deep, 2 * JSONCHECK_MAX_DEPTH, &why, &at) == 0, "nested to the limit");
	memmove(deep + 1, deep, 2 * JSONCHECK_MAX_DEPTH);
	deep[0] = '[';
	deep[2 * JSONCHECK_MAX_DEPTH + 1] = ']';
	ok(jsoncheck(deep, 2 * JSONCHECK_MAX_DEPTH + 2, &why, &at) != 0, "one level deeper refused");
	return 0;
}
