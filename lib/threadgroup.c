/* threadgroup: sort threads by what they wait on, then group the runs; see
 * threadgroup.h. O(n log n) string comparisons. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "threadgroup.h"

/* strcmp with NULL read as "". */
static int str_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Compare what makes two threads alike: state, wait kind, call, wchan, stack. */
static int key_cmp(const struct thread_rec *a, const struct thread_rec *b)
{
	int r;

	if (a->state != b->state)
		return a->state < b->state ? -1 : 1;
	if (a->wait != b->wait)
		return a->wait < b->wait ? -1 : 1;
	if ((r = str_cmp(a->syscall_name, b->syscall_name)) != 0)
		return r;
	if ((r = str_cmp(a->wchan, b->wchan)) != 0)
		return r;
	return str_cmp(a->stack, b->stack);
}

/* qsort order of record pointers: by key, then tid, then position. */
static int rec_order(const void *pa, const void *pb)
{
	const struct thread_rec *a = *(const struct thread_rec *const *)pa;
	const struct thread_rec *b = *(const struct thread_rec *const *)pb;
	int r = key_cmp(a, b);

	if (r != 0)
		return r;
	if (a->tid != b->tid)
		return a->tid < b->tid ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* qsort order of groups: most members first, then lowest tid. */
static int group_order(const void *pa, const void *pb)
{
	const struct thread_group *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->rep->tid != b->rep->tid)
		return a->rep->tid < b->rep->tid ? -1 : 1;
	return a->rep < b->rep ? -1 : a->rep > b->rep;
}

/* Count the runs of equal keys in sorted[0..n). */
static size_t count_runs(const struct thread_rec *const *sorted, size_t n)
{
	size_t runs = n > 0;

	for (size_t i = 1; i < n; i++)
		if (key_cmp(sorted[i - 1], sorted[i]) != 0)
			runs++;
	return runs;
}

/* Fill one group from the run sorted[0..count), its tids into tids. */
static void fill_group(struct thread_group *g, const struct thread_rec *const *sorted,
		       size_t count, pid_t *tids)
{
	g->rep = sorted[0];
	g->count = count;
	g->tids = tids;
	g->same_comm = true;
	for (size_t i = 0; i < count; i++) {
		tids[i] = sorted[i]->tid;
		if (str_cmp(sorted[i]->comm, g->rep->comm) != 0)
			g->same_comm = false;
	}
}

/* Cut the groups to max_groups, counting what is left out. */
static void keep_first(struct thread_groups *out, size_t max_groups)
{
	if (max_groups == 0 || out->n <= max_groups)
		return;
	for (size_t i = max_groups; i < out->n; i++)
		out->more_threads += out->groups[i].count;
	out->more_groups = out->n - max_groups;
	out->n = max_groups;
}

int threadgroup_build(const struct thread_rec *recs, size_t n, size_t max_groups,
		      struct thread_groups *out)
{
	const struct thread_rec **sorted = calloc(n ? n : 1, sizeof(*sorted));
	size_t run = 0;

	memset(out, 0, sizeof(*out));
	out->tid_store = calloc(n ? n : 1, sizeof(*out->tid_store));
	if (sorted == NULL || out->tid_store == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		sorted[i] = &recs[i];
	qsort(sorted, n, sizeof(*sorted), rec_order);
	out->groups = calloc(count_runs(sorted, n) + 1, sizeof(*out->groups));
	if (out->groups == NULL)
		goto nomem;
	for (size_t i = 1; i <= n; i++) {
		if (i < n && key_cmp(sorted[i - 1], sorted[i]) == 0)
			continue;
		fill_group(&out->groups[out->n++], sorted + run, i - run, out->tid_store + run);
		run = i;
	}
	qsort(out->groups, out->n, sizeof(*out->groups), group_order);
	keep_first(out, max_groups);
	free(sorted);
	return 0;
nomem:
	free(sorted);
	threadgroup_free(out);
	return -ENOMEM;
}

void threadgroup_free(struct thread_groups *g)
{
	free(g->groups);
	free(g->tid_store);
	memset(g, 0, sizeof(*g));
}
