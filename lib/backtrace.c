/* backtrace: process answers, grouping and the program frame; see backtrace.h. */
#include "backtrace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"

struct bt_process *bt_process_new(uint32_t id, pid_t pid, const pid_t *tids, unsigned nthreads,
				  unsigned threads_total)
{
	struct bt_process *p;
	unsigned i;

	if (nthreads > BT_MAX_THREADS)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	arena_init(&p->arena);
	p->threads = arena_alloc(&p->arena, nthreads * sizeof(*p->threads));
	if (p->threads == NULL) {
		bt_process_free(p);
		return NULL;
	}
	p->id = id;
	p->pid = pid;
	p->nthreads = nthreads;
	p->threads_total = threads_total > nthreads ? threads_total : nthreads;
	for (i = 0; i < nthreads; i++) {
		p->threads[i].tid = tids[i];
		p->threads[i].state = '?';
	}
	return p;
}

void bt_process_free(struct bt_process *p)
{
	if (p == NULL)
		return;
	arena_free(&p->arena);
	free(p);
}

int bt_thread_set_reason(struct bt_process *p, struct bt_thread *t, const char *reason)
{
	char *copy = arena_strndup(&p->arena, reason, strlen(reason));

	if (copy == NULL)
		return -ENOMEM;
	t->reason = copy;
	t->nframes = 0;
	t->frames_total = 0;
	t->frames = NULL;
	return 0;
}

int bt_thread_read_info(int proc_fd, pid_t pid, struct bt_thread *t)
{
	struct taskstat_info st;
	char path[64], text[1024];
	ssize_t n;
	int r;

	snprintf(path, sizeof(path), "%d/task/%d/stat", (int)pid, (int)t->tid);
	n = proc_read(proc_fd, path, text, sizeof(text));
	if (n < 0)
		return (int)n;
	r = taskstat_parse(text, (size_t)n, &st);
	if (r < 0)
		return r;
	t->state = st.state;
	memcpy(t->comm, st.comm, sizeof(t->comm));
	return 0;
}

/* True when two optional strings are equal (NULL equals only NULL). */
static bool same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

bool bt_thread_same(const struct bt_thread *a, const struct bt_thread *b)
{
	unsigned i;

	if (a->state != b->state || a->nframes != b->nframes ||
	    a->frames_total != b->frames_total || strcmp(a->comm, b->comm) != 0 ||
	    !same_str(a->reason, b->reason))
		return false;
	for (i = 0; i < a->nframes; i++)
		if (a->frames[i].pc != b->frames[i].pc)
			return false;
	return true;
}

/* FNV-1a over the bytes of p[0..n), continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--)
		h = (h ^ *s++) * 0x100000001b3ULL;
	return h;
}

/* A hash that equal threads (bt_thread_same) share. */
static uint64_t thread_hash(const struct bt_thread *t)
{
	uint64_t h = fnv(0xcbf29ce484222325ULL, &t->state, 1);
	unsigned i;

	h = fnv(h, t->comm, strlen(t->comm));
	if (t->reason != NULL)
		h = fnv(h, t->reason, strlen(t->reason));
	h = fnv(h, &t->nframes, sizeof(t->nframes));
	for (i = 0; i < t->nframes; i++)
		h = fnv(h, &t->frames[i].pc, sizeof(t->frames[i].pc));
	return h;
}

/* Return the group of thread i among the first ngroups (leader[g] is a
 * member of group g), or ngroups when it starts a new one. */
static size_t find_group(const struct bt_process *p, const uint64_t *hash, const size_t *leader,
			 size_t ngroups, size_t i)
{
	size_t g;

	for (g = 0; g < ngroups; g++)
		if (hash[leader[g]] == hash[i] &&
		    bt_thread_same(&p->threads[leader[g]], &p->threads[i]))
			return g;
	return ngroups;
}

/* Fill g->start and g->idx from each thread's group number in of[]. */
static void lay_out_groups(const struct bt_process *p, const size_t *of, struct bt_groups *g)
{
	size_t i, k;

	memset(g->start, 0, (g->n + 1) * sizeof(*g->start));
	for (i = 0; i < p->nthreads; i++)
		g->start[of[i] + 1]++;
	for (k = 0; k < g->n; k++)
		g->start[k + 1] += g->start[k];
	for (i = 0; i < p->nthreads; i++)
		g->idx[g->start[of[i]]++] = i;
	for (k = g->n; k > 0; k--)
		g->start[k] = g->start[k - 1];
	g->start[0] = 0;
}

int bt_group(const struct bt_process *p, struct bt_groups *g)
{
	size_t n = p->nthreads, i, *of = calloc(n + 1, sizeof(*of));
	size_t *leader = calloc(n + 1, sizeof(*leader));
	uint64_t *hash = calloc(n + 1, sizeof(*hash));
	int r = -ENOMEM;

	memset(g, 0, sizeof(*g));
	g->start = calloc(n + 1, sizeof(*g->start));
	g->idx = calloc(n + 1, sizeof(*g->idx));
	if (of != NULL && leader != NULL && hash != NULL && g->start != NULL && g->idx != NULL) {
		for (i = 0; i < n; i++)
			hash[i] = thread_hash(&p->threads[i]);
		for (i = 0; i < n; i++) {
			of[i] = find_group(p, hash, leader, g->n, i);
			if (of[i] == g->n)
				leader[g->n++] = i;
		}
		lay_out_groups(p, of, g);
		r = 0;
	}
	free(of);
	free(leader);
	free(hash);
	if (r < 0)
		bt_groups_free(g);
	return r;
}

void bt_groups_free(struct bt_groups *g)
{
	free(g->start);
	free(g->idx);
	memset(g, 0, sizeof(*g));
}

/* Stems of the runtime's shared objects: a file name matches when it starts
 * with a stem followed by '.' or '-' and holds ".so" ("libc.so.6",
 * "ld-linux-x86-64.so.2", "ld-2.31.so", "libstdc++.so.6"). */
static const char *const runtime_stems[] = {
	"libc",	  "libpthread", "libdl",      "librt",	    "libm",	"libresolv",
	"ld",	  "ld-linux",	"ld64",	      "ld-musl",    "libgcc_s", "libstdc++",
	"libc++", "libc++abi",	"linux-vdso", "linux-gate",
};

/* True when base (a file name) is a shared object named after stem. */
static bool has_stem(const char *base, const char *stem)
{
	size_t n = strlen(stem);

	return strncmp(base, stem, n) == 0 && (base[n] == '.' || base[n] == '-') &&
	       strstr(base + n, ".so") != NULL;
}

bool bt_module_is_runtime(const char *module)
{
	const char *base;
	size_t i;

	if (module == NULL || module[0] == '[')
		return module != NULL; /* "[vdso: N]" and other pseudo files */
	base = strrchr(module, '/');
	base = base != NULL ? base + 1 : module;
	for (i = 0; i < sizeof(runtime_stems) / sizeof(runtime_stems[0]); i++)
		if (has_stem(base, runtime_stems[i]))
			return true;
	return false;
}

const struct bt_frame *bt_program_frame(const struct bt_thread *t)
{
	unsigned i;

	for (i = 0; i < t->nframes; i++)
		if (t->frames[i].module != NULL && !bt_module_is_runtime(t->frames[i].module))
			return &t->frames[i];
	return NULL;
}
