/* timers: a timerq behind one timerfd; see timers.h. */
#include <config.h>

#include <errno.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "clock.h"
#include "timers.h"

int timers_init(struct timers *t)
{
	t->q = (struct timerq)TIMERQ_INIT;
	t->armed = 0;
	t->fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	return t->fd < 0 ? -errno : 0;
}

int timers_at(struct timers *t, uint64_t when, enum timer_kind kind, uint32_t id)
{
	int r;

	if (when == DURATION_NEVER)
		return 0;
	r = timerq_push(&t->q, when == 0 ? 1 : when, (uint32_t)kind, id);
	if (r == 0 && (t->armed == 0 || when < t->armed))
		timers_rearm(t);
	return r;
}

void timers_ack(struct timers *t)
{
	uint64_t ticks;

	if (read(t->fd, &ticks, sizeof(ticks)) < 0)
		return; /* EAGAIN: nothing to consume */
}

bool timers_next_due(struct timers *t, uint64_t now, struct timerq_entry *e)
{
	if (!timerq_peek(&t->q, e) || e->when > now)
		return false;
	timerq_pop(&t->q);
	return true;
}

void timers_rearm(struct timers *t)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };
	struct timerq_entry e;

	t->armed = timerq_peek(&t->q, &e) ? e.when : 0;
	its.it_value.tv_sec = (time_t)(t->armed / 1000000000ULL);
	its.it_value.tv_nsec = (long)(t->armed % 1000000000ULL);
	timerfd_settime(t->fd, TFD_TIMER_ABSTIME, &its, NULL);
}

void timers_free(struct timers *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	timerq_free(&t->q);
}
