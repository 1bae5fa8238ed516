/* Fuzz target: the syscall decoder (lib/syscall.h): syscall_parse,
 * syscall_describe, syscall_describe_named, syscall_wait_kind.
 *
 * Properties of syscall_parse: the result is 0, -EINVAL or -ERANGE and *out
 * is untouched on failure. On success the line (one trailing newline off)
 * is "running", or single-space separated fields: a decimal number, then 2
 * hex registers when it is negative ("-0" is 0) or 8 when it is not, each
 * "0x" and lower-case digits that read back as the value parsed; nr is -1
 * outside a system call.
 * Properties of the descriptions (for this architecture, and with the name
 * the number has on x86, x32, i386, arm and aarch64, to reach every row of
 * the wait table): one line of printable ASCII, "running", "not in a
 * syscall", or "NAME(ARGS)" followed by " KIND" exactly when the wait kind
 * is not none, KIND being wait_kind_name of syscall_wait_kind_named; the
 * description as a JSON string is strictly valid JSON. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"
#include "jsoncheck.h"
#include "syscall.h"

/* Check that the hex field f[0..n) ("0x...") reads back as v. */
static void check_hex(const char *f, size_t n, uint64_t v)
{
	char buf[24];

	FUZZ_CHECK(n > 2 && f[0] == '0' && f[1] == 'x', "register field without 0x");
	f += 2, n -= 2;
	while (n > 1 && f[0] == '0')
		f++, n--;
	snprintf(buf, sizeof(buf), "%" PRIx64, v);
	FUZZ_CHECK(strlen(buf) == n && memcmp(buf, f, n) == 0, "register %.*s read as %s", (int)n, f,
		   buf);
}

/* Check parsed si against the line[0..len) it came from. */
static void check_parsed(const char *line, size_t len, const struct syscall_info *si)
{
	const char *f[9], *p = line, *end = line + len;
	size_t fn[9], nf = 0;
	bool neg;

	if (len == 7 && memcmp(line, "running", 7) == 0) {
		FUZZ_CHECK(si->state == SYSCALL_RUNNING && si->nr == -1 && si->sp == 0 && si->pc == 0,
			   "running");
		return;
	}
	while (nf < 9) {
		f[nf] = p;
		while (p < end && *p != ' ')
			p++;
		fn[nf] = (size_t)(p - f[nf]);
		nf++;
		if (p == end)
			break;
		p++;
	}
	FUZZ_CHECK(p == end, "more than 9 fields");
	neg = f[0][0] == '-' && !fuzz_digits_are(f[0] + 1, fn[0] - 1, 0);
	FUZZ_CHECK(nf == (neg ? 3u : 9u), "%zu fields", nf);
	FUZZ_CHECK(si->state == (neg ? SYSCALL_OUTSIDE : SYSCALL_IN), "state");
	if (neg) {
		FUZZ_CHECK(si->nr == -1, "nr outside a syscall is %ld", si->nr);
	} else {
		FUZZ_CHECK(fuzz_digits_are(f[0] + (f[0][0] == '-'), fn[0] - (f[0][0] == '-'),
					   (uint64_t)si->nr),
			   "nr %.*s read as %ld", (int)fn[0], f[0], si->nr);
		for (int i = 0; i < 6; i++)
			check_hex(f[1 + i], fn[1 + i], si->args[i]);
	}
	check_hex(f[nf - 2], fn[nf - 2], si->sp);
	check_hex(f[nf - 1], fn[nf - 1], si->pc);
}

/* Check a description d of si with call name (NULL: not in a call). */
static void check_description(const struct strbuf *d, const char *name,
			      const struct syscall_info *si)
{
	struct strbuf sb = STRBUF_INIT;
	const char *text = sb_str(d), *why, *close;
	enum wait_kind kind;
	struct json j;
	size_t at;

	FUZZ_CHECK(d->len > 0 && fuzz_printable(text, d->len, false), "not one printable line: %s",
		   text);
	if (si->state != SYSCALL_IN) {
		FUZZ_CHECK(strcmp(text, si->state == SYSCALL_RUNNING ? "running" : "not in a syscall") ==
				   0,
			   "description %s", text);
	} else {
		kind = syscall_wait_kind_named(name, si->args);
		close = strrchr(text, ')');
		FUZZ_CHECK(strncmp(text, name, strlen(name)) == 0 && text[strlen(name)] == '(' &&
				   close != NULL,
			   "description %s", text);
		if (kind == WAIT_NONE)
			FUZZ_CHECK(close[1] == '\0', "description %s: a kind for none", text);
		else
			FUZZ_CHECK(close[1] == ' ' && strcmp(close + 2, wait_kind_name(kind)) == 0,
				   "description %s: kind is %s", text, wait_kind_name(kind));
	}
	json_init(&j, &sb);
	json_object_begin(&j);
	json_kv_string(&j, "syscall", text);
	json_kv_string(&j, "wait", wait_kind_name(syscall_wait_kind(si)));
	json_object_end(&j);
	FUZZ_CHECK(json_finish(&j) == 0 && jsoncheck(sb.buf, sb.len, &why, &at) == 0,
		   "description as JSON");
	sb_free(&sb);
}

/* Describe si with the name its number has on arch, and check it. */
static void check_arch(const struct syscall_info *si, uint32_t arch)
{
	struct strbuf d = STRBUF_INIT;
	char *name = seccomp_syscall_resolve_num_arch(arch, (int)si->nr);

	if (name != NULL) {
		syscall_describe_named(&d, name, si);
		check_description(&d, name, si);
	}
	free(name);
	sb_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t arches[] = { SCMP_ARCH_X86, SCMP_ARCH_X32, SCMP_ARCH_ARM,
					   SCMP_ARCH_AARCH64 };
	const char *text = (const char *)data;
	struct syscall_info si, unset;
	struct strbuf d = STRBUF_INIT;
	char name[SYSCALL_NAME_MAX];
	int r;

	memset(&si, 0xa5, sizeof(si));
	unset = si;
	r = syscall_parse(text, size, &si);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE, "result %d", r);
	if (r < 0) {
		FUZZ_CHECK(memcmp(&si, &unset, sizeof(si)) == 0, "out written on failure");
		return 0;
	}
	check_parsed(text, size > 0 && text[size - 1] == '\n' ? size - 1 : size, &si);
	syscall_describe(&d, &si);
	check_description(&d, si.state == SYSCALL_IN ? syscall_name(si.nr, name, sizeof(name)) : NULL,
			  &si);
	if (si.state == SYSCALL_IN && si.nr <= 0xffff)
		for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
			check_arch(&si, arches[i]);
	sb_free(&d);
	return 0;
}
