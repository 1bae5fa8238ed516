/* backtrace: the user-space stacks of a process's threads, as plain data.
 *
 * A struct bt_process is what one backtrace request yields: for each thread
 * asked about (at most BT_MAX_THREADS), either its frames (innermost first,
 * at most BT_MAX_FRAMES) or the reason there are none ("timed out
 * attaching", "ptrace not permitted: ..."). It is filled by the unwinder
 * (lib/unwind.h), carried over the helper's socket by lib/btcodec.h and
 * rendered by lib/btrender.h. Every string in it (comm, symbol, module
 * path, file name, reason) is untrusted text: render it escaped. */
#ifndef STALLSUP_BACKTRACE_H
#define STALLSUP_BACKTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arena.h"
#include "procparse.h"

#define BT_MAX_FRAMES  64   /* frames kept per thread */
#define BT_MAX_THREADS 256  /* threads unwound per process */
#define BT_COUNT_MAX   1024 /* frames counted per thread (frames_total cap) */
#define BT_STR_MAX     255  /* bytes kept of a symbol, path, file or reason */

/* Reasons the machinery itself gives (a thread's reason may also be an
 * strerror text or a libdw message). */
#define BT_REASON_TIMEOUT     "timed out attaching"
#define BT_REASON_UNAVAILABLE "backtraces are unavailable in this build"

/* One frame. pc is the return address for every frame but the innermost;
 * symbol, offset and file:line are looked up at pc - 1 for those, so they
 * name the call, as gdb and eu-stack do. */
struct bt_frame {
	uint64_t pc;
	uint64_t offset;    /* pc - start of symbol; meaningless without symbol */
	unsigned line;	    /* source line, 0 when unknown */
	const char *symbol; /* NULL when unknown */
	const char *module; /* path of the mapped file (or "[vdso: N]"), NULL when unknown */
	const char *file;   /* source file as the debug info names it; NULL when unknown,
			     * and in runtime modules (not looked up there) */
};

/* One thread: frames, or a reason. */
struct bt_thread {
	pid_t tid;
	char state;		  /* letter of task/<tid>/stat before attaching, '?' */
	char comm[PROC_COMM_MAX]; /* "" when unknown */
	const char *reason;	  /* NULL, or why there are no frames */
	unsigned nframes;	  /* frames[0..nframes), innermost first */
	unsigned frames_total;	  /* frames found, >= nframes, at most BT_COUNT_MAX */
	struct bt_frame *frames;
};

/* The answer to one request: threads in the order they were asked for. */
struct bt_process {
	uint32_t id; /* the request's id (src/unwinder.h) */
	pid_t pid;
	unsigned nthreads;	/* threads[0..nthreads), at most BT_MAX_THREADS */
	unsigned threads_total; /* threads asked about, >= nthreads */
	struct bt_thread *threads;
	struct arena arena; /* owns threads, frames and strings */
};

/* Allocate a process answer for nthreads threads (tids copied, every thread
 * state '?', no frames, reason NULL). Returns NULL when out of memory or
 * nthreads > BT_MAX_THREADS. */
struct bt_process *bt_process_new(uint32_t id, pid_t pid, const pid_t *tids, unsigned nthreads,
				  unsigned threads_total);
/* Free p and everything it owns (NULL is fine). */
void bt_process_free(struct bt_process *p);
/* Copy the NUL-terminated reason into p's arena and set it on t (which has
 * no frames). Returns 0 or -ENOMEM. */
int bt_thread_set_reason(struct bt_process *p, struct bt_thread *t, const char *reason);

/* Read t's comm and state from "<pid>/task/<tid>/stat" under the proc root
 * proc_fd (lib/proc.h). Returns 0, or -errno with t unchanged (-ENOENT:
 * no such task in pid). */
int bt_thread_read_info(int proc_fd, pid_t pid, struct bt_thread *t);

/* Threads with identical stacks: same comm, state, reason and frames. */
struct bt_groups {
	size_t n;      /* number of groups */
	size_t *start; /* group g is idx[start[g] .. start[g + 1]), n + 1 entries */
	size_t *idx;   /* thread indexes, grouped, groups in order of first thread */
};
/* Group p's threads; threads keep their order inside a group. Returns 0 or
 * -ENOMEM; free with bt_groups_free. */
int bt_group(const struct bt_process *p, struct bt_groups *g);
/* Free what bt_group allocated. */
void bt_groups_free(struct bt_groups *g);
/* True when a and b belong to the same group. */
bool bt_thread_same(const struct bt_thread *a, const struct bt_thread *b);

/* True when module (a path, or "[vdso: N]") belongs to the runtime rather
 * than the program: the C library and its parts (libc, libpthread, libdl,
 * librt, libm), the dynamic loader, libgcc_s, libstdc++/libc++, the vdso. */
bool bt_module_is_runtime(const char *module);
/* The innermost frame of t in the program itself: the first frame with a
 * module that is not runtime. NULL when there is none (or no frames). */
const struct bt_frame *bt_program_frame(const struct bt_thread *t);

#endif
