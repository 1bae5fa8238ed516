/* Tests for lib/window.c. */
#include "basic.h"
#include "window.h"

/* A sample with the given counters. */
static struct sample mk(uint64_t runtime, uint64_t switches)
{
	struct sample s = { .runtime_ns = runtime, .switches = switches };

	return s;
}

/* Push n copies of s; return how many pushes fired. */
static unsigned push_n(struct window *w, struct sample s, unsigned n)
{
	unsigned fired = 0;

	for (unsigned i = 0; i < n; i++)
		fired += window_push(w, &s);
	return fired;
}

/* Fewer than W samples never fire; a change in any pair prevents firing. */
static void test_not_full_and_changes(void)
{
	struct window w;
	struct sample s;

	window_init(&w);
	is_int(0, push_n(&w, mk(5, 5), STALL_WINDOW - 1), "W-1 flat samples do not fire");
	ok(!window_flat(&w), "not flat before full");
	for (unsigned bad = 0; bad < STALL_WINDOW - 1; bad++) {
		unsigned fired = 0;

		window_init(&w);
		for (unsigned i = 0; i < STALL_WINDOW; i++) {
			s = mk(i > bad ? 6 : 5, 5);
			fired += window_push(&w, &s);
		}
		is_int(0, fired, "change in pair %u prevents firing", bad);
	}
}

/* Fire once over a long stall; re-arm after progress; 1 ns or one switch is progress. */
static void test_fire_once_rearm(void)
{
	struct window w;
	struct sample s;
	struct sample got[STALL_WINDOW];

	window_init(&w);
	is_int(1, push_n(&w, mk(100, 10), STALL_WINDOW + 100), "fires exactly once over W+100");
	is_int(STALL_WINDOW, window_get(&w, got), "window holds W samples");
	ok(window_flat(&w), "still flat");
	s = mk(101, 10);
	is_int(0, window_push(&w, &s), "1 ns of runtime is progress, no fire");
	is_int(0, push_n(&w, s, STALL_WINDOW - 2), "W-1 flat samples after progress: no fire");
	is_int(1, push_n(&w, s, 1), "re-armed: fires after W flat samples");
	s = mk(101, 11);
	is_int(0, window_push(&w, &s), "one switch is progress");
	is_int(1, push_n(&w, s, STALL_WINDOW - 1), "fires again after W flat samples");
}

/* window_get returns the samples oldest first across the ring's wrap. */
static void test_get_order(void)
{
	struct window w;
	struct sample got[STALL_WINDOW];
	struct sample s;

	window_init(&w);
	for (uint64_t i = 0; i < 6; i++) {
		s = mk(i, 0);
		window_push(&w, &s);
	}
	is_int(STALL_WINDOW, window_get(&w, got), "full window");
	ok(got[0].runtime_ns == 2 && got[STALL_WINDOW - 1].runtime_ns == 5, "oldest first");
}

int main(void)
{
	plan_lazy();
	test_not_full_and_changes();
	test_fire_once_rearm();
	test_get_order();
	return 0;
}
