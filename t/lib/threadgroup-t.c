/* Tests for lib/threadgroup.c. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "threadgroup.h"

/* Sanitizers abort on an impossible calloc instead of returning NULL. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
	__has_feature(memory_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif

#define FUTEX_STACK "[<0>] futex_wait_queue+0x60/0x90\n[<0>] futex_wait+0x175/0x260\n"
#define POLL_STACK "[<0>] do_sys_poll+0x3c8/0x560\n"

/* A record of a thread in an untimed futex wait. */
static struct thread_rec futex_rec(pid_t tid, const char *comm)
{
	struct thread_rec r = { tid, 'S', comm, "futex_wait_queue", "futex", WAIT_UNTIMED,
				"futex(0x1, FUTEX_WAIT_PRIVATE, 2, NULL) untimed", FUTEX_STACK };

	return r;
}

/* Check group g: its size, representative tid, first and last tids. */
static void check_group(const struct thread_group *g, size_t count, pid_t rep, pid_t last,
			const char *what)
{
	is_int((long long)count, (long long)g->count, "%s: %zu threads", what, count);
	is_int(rep, g->rep->tid, "%s: represented by tid %d", what, (int)rep);
	is_int(rep, g->tids[0], "%s: tids start at the lowest", what);
	is_int(last, g->tids[g->count - 1], "%s: tids end at %d", what, (int)last);
}

/* A 3-thread deadlock: two lock waiters alike, the joining main thread apart
 * only by its stack. */
static void test_deadlock(void)
{
	struct thread_rec recs[3] = { futex_rec(100, "main"), futex_rec(102, "worker"),
				      futex_rec(101, "worker") };
	struct thread_groups g;

	recs[0].stack = "[<0>] futex_wait_queue+0x60/0x90\n[<0>] do_futex+0x10/0x20\n";
	is_int(0, threadgroup_build(recs, 3, 0, &g), "deadlock: built");
	is_int(2, (long long)g.n, "deadlock: two groups");
	check_group(&g.groups[0], 2, 101, 102, "deadlock, lock waiters");
	ok(g.groups[0].same_comm, "deadlock: the lock waiters share a comm");
	check_group(&g.groups[1], 1, 100, 100, "deadlock, main");
	is_int(0, (long long)g.more_groups, "deadlock: nothing left out");
	threadgroup_free(&g);
	ok(g.groups == NULL && g.n == 0, "freed groups are empty");
}

/* Every compared field splits a group; comm, tid and arguments do not. */
static void test_keys(void)
{
	struct thread_rec recs[8];
	struct thread_groups g;

	for (int i = 0; i < 8; i++)
		recs[i] = futex_rec(10 + i, i % 2 ? "a" : "b");
	recs[1].syscall_desc = "futex(0x2, FUTEX_WAIT_PRIVATE, 2, NULL) untimed";
	recs[2].state = 'D';
	recs[3].wchan = "do_sys_poll";
	recs[4].syscall_name = "poll";
	recs[5].wait = WAIT_TIMED;
	recs[6].stack = POLL_STACK;
	recs[7].stack = NULL;
	is_int(0, threadgroup_build(recs, 8, 0, &g), "keys: built");
	is_int(7, (long long)g.n, "keys: 7 groups (the arguments do not split)");
	check_group(&g.groups[0], 2, 10, 11, "keys, first group");
	ok(!g.groups[0].same_comm, "keys: comms differ within the first group");
	for (size_t i = 2; i < g.n; i++)
		ok(g.groups[i - 1].rep->tid < g.groups[i].rep->tid, "keys: singles by tid (%zu)", i);
	threadgroup_free(&g);
}

/* NULL and "" are the same. */
static void test_null_strings(void)
{
	struct thread_rec recs[2] = { futex_rec(1, NULL), futex_rec(2, "") };
	struct thread_groups g;

	recs[0].wchan = NULL, recs[0].stack = NULL, recs[0].syscall_name = NULL;
	recs[1].wchan = "", recs[1].stack = "", recs[1].syscall_name = "";
	is_int(0, threadgroup_build(recs, 2, 0, &g), "null strings: built");
	is_int(1, (long long)g.n, "null strings: one group");
	ok(g.groups[0].same_comm, "null strings: NULL comm equals \"\"");
	threadgroup_free(&g);
}

/* A 1,000-thread worker: 997 alike, then sizes 2 and 1; at most 2 groups. */
static void test_many(void)
{
	struct thread_rec *recs = calloc(1000, sizeof(*recs));
	struct thread_groups g;

	for (int i = 0; i < 1000; i++)
		recs[i] = futex_rec(5000 - i, "pool");
	recs[10].syscall_name = "read", recs[20].syscall_name = "read";
	recs[500].wait = WAIT_TIMED;
	is_int(0, threadgroup_build(recs, 1000, 2, &g), "many: built");
	is_int(2, (long long)g.n, "many: two groups kept");
	check_group(&g.groups[0], 997, 4001, 5000, "many, the pool");
	check_group(&g.groups[1], 2, 4980, 4990, "many, the readers");
	is_int(1, (long long)g.more_groups, "many: one group left out");
	is_int(1, (long long)g.more_threads, "many: one thread left out");
	threadgroup_free(&g);
	free(recs);
}

/* The output does not depend on the input order. */
static void test_order(void)
{
	struct thread_rec recs[40], shuffled[40];
	struct thread_groups a, b;
	uint64_t st = 88172645463325252ULL;
	int same = 1;

	for (int i = 0; i < 40; i++) {
		recs[i] = futex_rec(200 + i, "t");
		recs[i].wait = (enum wait_kind)(i % 3);
		recs[i].state = i % 5 ? 'S' : 'D';
	}
	threadgroup_build(recs, 40, 0, &a);
	for (int round = 0; round < 50 && same; round++) {
		memcpy(shuffled, recs, sizeof(recs));
		for (int i = 39; i > 0; i--) {
			struct thread_rec t = shuffled[i];
			int j;

			st ^= st << 13, st ^= st >> 7, st ^= st << 17;
			j = (int)(st % (uint64_t)(i + 1));
			shuffled[i] = shuffled[j], shuffled[j] = t;
		}
		threadgroup_build(shuffled, 40, 0, &b);
		same = a.n == b.n;
		for (size_t i = 0; same && i < a.n; i++)
			same = a.groups[i].count == b.groups[i].count &&
			       a.groups[i].rep->tid == b.groups[i].rep->tid &&
			       memcmp(a.groups[i].tids, b.groups[i].tids,
				      a.groups[i].count * sizeof(pid_t)) == 0;
		threadgroup_free(&b);
	}
	ok(same, "50 shuffles of the input give the same groups");
	for (size_t i = 1; i < a.n; i++)
		ok(a.groups[i - 1].count >= a.groups[i].count, "sizes do not grow (%zu)", i);
	threadgroup_free(&a);
}

/* Edges: no threads, and an allocation that cannot succeed. */
static void test_edges(void)
{
	struct thread_rec one = futex_rec(7, "x");
	struct thread_groups g;

	is_int(0, threadgroup_build(NULL, 0, 0, &g), "no threads: built");
	is_int(0, (long long)g.n, "no threads: no groups");
	threadgroup_free(&g);
#ifdef UNDER_SANITIZER
	skip(2, "a sanitizer aborts on an impossible calloc");
#else
	is_int(-ENOMEM, threadgroup_build(&one, SIZE_MAX / 2, 0, &g), "an impossible size fails");
	ok(g.groups == NULL && g.tid_store == NULL && g.n == 0, "and leaves nothing behind");
#endif
}

int main(void)
{
	plan_lazy();
	test_deadlock();
	test_keys();
	test_null_strings();
	test_many();
	test_order();
	test_edges();
	return 0;
}
