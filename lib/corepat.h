/* corepat: where a core dump goes, from /proc/sys/kernel/core_pattern, and
 * whether one can be written at all (core(5), fs/coredump.c).
 *
 * A pattern is one of three kinds:
 * - a path (the default "core"): its % specifiers are expanded for the
 *   dumping process, and a relative path is taken from the process's working
 *   directory. %% %p %P %i %I %u %g %d %s %t %h %e %f %E %c %C are known; an
 *   unknown specifier and a lone % at the end are dropped, as the kernel drops
 *   them; %h %e %f %E have '/' replaced by '!'. Without %p, core_uses_pid
 *   appends ".PID". A value the caller does not know is written as '*', so the
 *   path is then a glob to look for.
 * - "|program args": the core is piped to a handler program (run as root in
 *   the initial namespaces); known handlers are named, with what to run to
 *   find the core: systemd-coredump ("coredumpctl debug PID", PID in the
 *   initial namespace), apport, abrt-hook-ccpp.
 * - "@path" or "@@path" (Linux 6.16 and later): the core goes to the server
 *   listening on that socket.
 * Every function here is pure: the caller reads the files and the process's
 * facts and passes them in. */
#ifndef STALLSUP_COREPAT_H
#define STALLSUP_COREPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "strbuf.h"

/* Below one 4 KiB page of RLIMIT_CORE the kernel writes no ELF core (it is
 * ELF_EXEC_PAGESIZE; a 64 KiB-page kernel needs more), and systemd-coredump,
 * which honours the dumping process's limit, keeps none. */
#define COREPAT_MIN_LIMIT 4096

enum corepat_kind {
	COREPAT_FILE,   /* a path pattern: the core is a file */
	COREPAT_PIPE,   /* "|program ...": the core is piped to a handler */
	COREPAT_SOCKET, /* "@path", "@@path": the core is sent to a socket server */
};

/* The dumping process, for the % specifiers. Unknown values: -1 for the
 * signed ones, NULL for strings; they are written as '*'. */
struct corepat_proc {
	pid_t pid;           /* %p: pid in its own pid namespace */
	pid_t global_pid;    /* %P: pid in the initial namespace; 0 = pid */
	pid_t tid;           /* %i: the thread that dumped; 0 = pid */
	pid_t global_tid;    /* %I: that thread in the initial namespace; 0 = tid */
	uid_t uid;           /* %u: real uid */
	gid_t gid;           /* %g: real gid */
	int signal;          /* %s: the signal that caused the dump */
	int dumpable;        /* %d: PR_GET_DUMPABLE */
	int cpu;             /* %C: the CPU it ran on */
	int64_t time;        /* %t: seconds since the Epoch */
	uint64_t core_limit; /* %c: soft RLIMIT_CORE (RLIM_INFINITY prints as the kernel prints it) */
	const char *comm;    /* %e */
	const char *exe;     /* %E and %f: the executable's absolute path */
	const char *hostname; /* %h: uname's nodename */
	const char *cwd;     /* the directory a relative path is taken from; NULL keeps it relative */
};

/* Where the core of one process went. Initialize with corepat_where_init and
 * release with corepat_where_free. */
struct corepat_where {
	enum corepat_kind kind;
	struct strbuf path;    /* FILE: the core's path; PIPE: the handler program; SOCKET: the socket */
	struct strbuf handler; /* PIPE: the handler's name ("systemd-coredump", or the program's
				* base name); SOCKET: "coredump socket"; FILE: empty */
	struct strbuf hint;    /* what to run or where to look, e.g. "coredumpctl debug 1234"; or empty */
	bool glob;             /* FILE: path holds '*' for values the caller did not know */
};

/* What the start-time warning of --on-stall=abort needs to know. */
struct corepat_check {
	const char *no_core; /* why no core can be written whatever stallsup does, or NULL */
	bool soft_limit;     /* the soft RLIMIT_CORE alone stops the core (the hard one would
			      * allow it): raising it would help */
	bool overwrite;      /* FILE: no %p, %P, %i or %I and core_uses_pid is 0, so dumps from
			      * one directory overwrite one file */
};

/* Return the kind of pattern (the text of core_pattern, one trailing newline
 * allowed; like the kernel's, it ends at a NUL byte, in every function here). */
enum corepat_kind corepat_kind(const char *pattern, size_t len);
/* Make w empty. */
void corepat_where_init(struct corepat_where *w);
/* Release w's memory and make it empty. */
void corepat_where_free(struct corepat_where *w);
/* Say where the core of process p goes under pattern and core_uses_pid,
 * replacing w's contents. Returns 0, -ENOENT when the pattern writes no core
 * (an empty pattern without core_uses_pid, "/dev/null", a pipe to no program
 * or to true or false, "@" with no socket), or -ENOMEM. */
int corepat_locate(const char *pattern, size_t len, int core_uses_pid,
		   const struct corepat_proc *p, struct corepat_where *w);
/* Say whether a core can be written under pattern, core_uses_pid and the
 * soft and hard RLIMIT_CORE (RLIM_INFINITY for unlimited) into *out. */
void corepat_check(const char *pattern, size_t len, int core_uses_pid, uint64_t soft_limit,
		   uint64_t hard_limit, struct corepat_check *out);

#endif
