/* unwind: the build without libdw (configure --without-libdw); see unwind.h.
 * Every thread is answered with its comm and state and the reason
 * BT_REASON_UNAVAILABLE; nothing is stopped. */
#include "unwind.h"

#include <errno.h>
#include <string.h>

bool unwind_available(void)
{
	return false;
}

int unwind_process(pid_t pid, const pid_t *tids, size_t n, const struct unwind_opts *o,
		   unwind_thread_fn fn, void *arg, struct unwind_stats *stats)
{
	struct bt_thread t;
	size_t i;
	int r;

	if (pid <= 0 || n > BT_MAX_THREADS)
		return -EINVAL;
	if (stats != NULL)
		memset(stats, 0, sizeof(*stats));
	for (i = 0; i < n; i++) {
		memset(&t, 0, sizeof(t));
		t.tid = tids[i];
		t.state = '?';
		bt_thread_read_info(o->proc_fd, pid, &t);
		t.reason = BT_REASON_UNAVAILABLE;
		r = fn(i, &t, arg);
		if (r < 0)
			return r;
	}
	return 0;
}
