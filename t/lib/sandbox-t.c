/* Tests for lib/sandbox.c: the allow-list table and the shape of the filter
 * built from it, exported as pseudo filter code and as BPF (nothing is
 * loaded here; t/lib/sandbox-live-t.c loads it in a child). */
#include <config.h>

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "basic.h"
#include "sandbox.h"
#include "strbuf.h"

/* Calls the supervisor must never be able to make once sandboxed. */
static const char *const refused[] = {
	"socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "execve",
	"execveat", "fork", "vfork", "clone", "clone3", "ptrace", "process_vm_readv",
	"process_vm_writev", "mount", "umount2", "setuid", "setresuid", "setgid", "setresgid",
	"setgroups", "capset", "seccomp", "unshare", "setns", "init_module", "finit_module",
	"kexec_load", "bpf", "perf_event_open", "open_by_handle_at", "keyctl", "add_key",
	"userfaultfd", "personality", "chroot", "pivot_root", "io_uring_setup", "ioctl",
	"pkey_mprotect", "memfd_create", "mkdir", "mkdirat", "symlink", "link", "chown", "chmod",
};

/* Calls the sandbox must allow for code being written alongside it: the
 * notify socket's messages and the output-silence timers. */
static const char *const needed[] = {
	"recvmsg", "recvfrom", "timerfd_settime", "epoll_wait", "pidfd_send_signal", "waitid",
	"exit_group", "openat", "pread64", "getdents64",
};

/* The table's shape: names known here, no duplicates, sane conditions. */
static void check_table(void)
{
	size_t unknown = 0, elsewhere = 0, dup = 0, bad = 0;

	for (size_t i = 0; i < sandbox_nrules; i++) {
		const struct sandbox_rule *r = &sandbox_rules[i];
		int nr = seccomp_syscall_resolve_name(r->name);

		unknown += nr == __NR_SCMP_ERROR;
		elsewhere += nr != __NR_SCMP_ERROR && nr < 0;
		dup += (size_t)sandbox_find(r->name) != i;
		bad += r->arg > 5 || r->why == NULL || r->why[0] == '\0' ||
		       (r->cond == SANDBOX_ANY && r->nvalues != 0) ||
		       (r->cond == SANDBOX_CLEAR && r->nvalues != 1) ||
		       (r->cond == SANDBOX_IN && (r->nvalues < 1 || r->nvalues > SANDBOX_MAX_VALUES));
		if (nr == __NR_SCMP_ERROR || (size_t)sandbox_find(r->name) != i)
			diag("row %zu: %s", i, r->name);
	}
	ok(sandbox_nrules > 20, "the table has %zu rows", sandbox_nrules);
	is_int(0, (long long)unknown, "every name is a system call libseccomp knows");
#if defined(__x86_64__)
	is_int(0, (long long)elsewhere, "every name resolves on x86_64");
#else
	skip(1, "the table is checked name by name on x86_64 only");
#endif
	is_int(0, (long long)dup, "no name twice");
	is_int(0, (long long)bad, "every row: an argument 0..5, a reason, values that fit its kind");
	is_int(-1, sandbox_find("no_such_call"), "sandbox_find: -1 for a name not there");
}

/* What must and must not be in the table. */
static void check_lists(void)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		if (sandbox_find(refused[i]) >= 0) {
			diag("%s is allowed", refused[i]);
			n++;
		}
	}
	is_int(0, (long long)n, "socket, execve, fork, clone, ptrace, setuid, ... are absent");
	n = 0;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		if (sandbox_find(needed[i]) < 0) {
			diag("%s is missing", needed[i]);
			n++;
		}
	}
	is_int(0, (long long)n, "recvmsg, recvfrom (notify socket), timerfd_settime, ... are there");
}

/* Read fd (a file at offset 0) into sb. */
static void slurp(int fd, struct strbuf *sb)
{
	char buf[4096];
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sb_add(sb, buf, (size_t)n);
}

/* Export ctx's filter as pfc (or BPF) into sb through a temporary file. */
static int export(scmp_filter_ctx ctx, bool bpf, struct strbuf *sb)
{
	FILE *f = tmpfile();
	int r;

	if (f == NULL)
		sysbail("tmpfile");
	r = bpf ? seccomp_export_bpf(ctx, fileno(f)) : seccomp_export_pfc(ctx, fileno(f));
	if (r == 0)
		slurp(fileno(f), sb);
	fclose(f);
	return r;
}

/* Count the rows of the table whose name heads a filter in the pfc text,
 * and the refused names that do. */
static void check_pfc(const char *pfc)
{
	size_t found = 0, present = 0, native = 0;
	char head[128];

	for (size_t i = 0; i < sandbox_nrules; i++) {
		native += seccomp_syscall_resolve_name(sandbox_rules[i].name) >= 0;
		snprintf(head, sizeof(head), "# filter for syscall \"%s\" (", sandbox_rules[i].name);
		found += strstr(pfc, head) != NULL;
	}
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(head, sizeof(head), "# filter for syscall \"%s\" (", refused[i]);
		present += strstr(pfc, head) != NULL;
	}
	is_int((long long)native, (long long)found, "pfc: a filter for every row of the table");
	is_int(0, (long long)present, "pfc: none for socket, execve, ...");
	ok(strstr(pfc, "# default action\n  action ERRNO(1);") != NULL,
	   "pfc: anything else fails with ERRNO(1), EPERM");
	ok(strstr(pfc, "(9) [priority") == NULL ||
		   strstr(pfc, "if ($a2.lo32 & 0x00000004 == 0)") != NULL,
	   "pfc: mmap only without PROT_EXEC");
}

/* The BPF program: whole instructions, within the kernel's limit, checking
 * the architecture first, returning ALLOW and ERRNO(EPERM). */
static void check_bpf(const struct strbuf *bpf)
{
	const struct sock_filter *ins = (const struct sock_filter *)bpf->buf;
	size_t n = bpf->len / sizeof(*ins), allow = 0, eperm = 0;

	is_int(0, (long long)(bpf->len % sizeof(*ins)), "bpf: whole instructions (%zu)", n);
	ok(n > sandbox_nrules && n <= BPF_MAXINSNS, "bpf: more than one per row, at most %d",
	   BPF_MAXINSNS);
	ok(n > 0 && ins[0].code == (BPF_LD | BPF_W | BPF_ABS) &&
		   ins[0].k == offsetof(struct seccomp_data, arch),
	   "bpf: the architecture is loaded first");
	for (size_t i = 0; i < n; i++) {
		if (BPF_CLASS(ins[i].code) != BPF_RET)
			continue;
		allow += ins[i].k == SECCOMP_RET_ALLOW;
		eperm += ins[i].k == (SECCOMP_RET_ERRNO | EPERM);
	}
	ok(allow > 0 && eperm > 0, "bpf: returns ALLOW and ERRNO(EPERM)");
}

int main(void)
{
	struct strbuf pfc = STRBUF_INIT, bpf = STRBUF_INIT;
	scmp_filter_ctx ctx;
	size_t bad = 99;

	plan(19);
	check_table();
	check_lists();
	is_int(0, sandbox_build(SCMP_ACT_ERRNO(EPERM), &ctx, &bad), "sandbox_build");
	is_int(0, export(ctx, false, &pfc), "exported as pfc");
	check_pfc(sb_str(&pfc));
	is_int(0, export(ctx, true, &bpf), "exported as bpf");
	check_bpf(&bpf);
	seccomp_release(ctx);
	sb_free(&pfc);
	sb_free(&bpf);
	return 0;
}
