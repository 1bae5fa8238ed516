/* sample: choose a counter source and sample tasks through kept fds; see sample.h. */
#include "sample.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "procparse.h"

/* Buffer sizes: each file as this kernel prints it, with room to spare. */
#define SCHEDSTAT_BUF 96     /* three u64s: at most 63 bytes */
#define SCHED_BUF 4096       /* ~1.8 KiB; the keys we need are near the top */
#define STATUS_BUF 4096      /* ~1.4 KiB; the switch counts are at the end */
#define STAT_BUF 1024        /* ~300 bytes; the fields we need come first */
#define NS_PER_SEC 1000000000ULL

const char *sample_source_name(enum sample_source src)
{
	switch (src) {
	case SOURCE_SCHEDSTAT: return "schedstat";
	case SOURCE_SCHED: return "sched";
	case SOURCE_STATUS: return "status";
	}
	return "unknown";
}

/* Read taskdir/name under dirfd into buf; returns the length or -errno. */
static ssize_t read_task_file(int dirfd, const char *taskdir, const char *name,
			      char *buf, size_t size)
{
	char path[256];
	int n = snprintf(path, sizeof(path), "%s/%s", taskdir, name);

	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	return proc_read(dirfd, path, buf, size);
}

/* True when taskdir has a schedstat that parses and is not "0 0 0". */
static bool schedstat_usable(int dirfd, const char *taskdir)
{
	char buf[SCHEDSTAT_BUF];
	struct schedstat_info ss;
	ssize_t n = read_task_file(dirfd, taskdir, "schedstat", buf, sizeof(buf));

	return n >= 0 && schedstat_parse(buf, (size_t)n, &ss) == 0 && ss.pcount > 0;
}

/* True when taskdir has a sched file that parses. */
static bool sched_usable(int dirfd, const char *taskdir)
{
	char buf[SCHED_BUF];
	struct sched_info si;
	ssize_t n = read_task_file(dirfd, taskdir, "sched", buf, sizeof(buf));

	return n >= 0 && sched_parse(buf, (size_t)n, &si) == 0;
}

/* True when taskdir has status and stat files that parse. */
static bool status_usable(int dirfd, const char *taskdir)
{
	char buf[STATUS_BUF];
	struct status_info si;
	struct taskstat_info ts;
	ssize_t n = read_task_file(dirfd, taskdir, "status", buf, sizeof(buf));

	if (n < 0 || status_parse(buf, (size_t)n, &si) < 0)
		return false;
	n = read_task_file(dirfd, taskdir, "stat", buf, sizeof(buf));
	return n >= 0 && taskstat_parse(buf, (size_t)n, &ts) == 0;
}

int sample_source_choose(int dirfd, const char *taskdir, enum sample_source *out)
{
	if (schedstat_usable(dirfd, taskdir))
		*out = SOURCE_SCHEDSTAT;
	else if (sched_usable(dirfd, taskdir))
		*out = SOURCE_SCHED;
	else if (status_usable(dirfd, taskdir))
		*out = SOURCE_STATUS;
	else
		return -ENOENT;
	return 0;
}

/* Open "<pid>/task/<tid>/<name>" under dirfd; returns the fd or -errno. */
static int open_task_file(int dirfd, pid_t pid, pid_t tid, const char *name)
{
	char path[96];
	int n = snprintf(path, sizeof(path), "%d/task/%d/%s", (int)pid, (int)tid, name);

	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	return proc_open(dirfd, path);
}

int task_open(int dirfd, pid_t pid, pid_t tid, enum sample_source src,
	      struct task_handle *h)
{
	static const char *const file[] = {
		[SOURCE_SCHEDSTAT] = "schedstat",
		[SOURCE_SCHED] = "sched",
		[SOURCE_STATUS] = "status",
	};
	int fd;

	if ((unsigned)src > SOURCE_STATUS)
		return -EINVAL;
	h->pid = pid;
	h->tid = tid;
	h->source = src;
	h->fd = -1;
	h->fd_stat = -1;
	fd = open_task_file(dirfd, pid, tid, file[src]);
	if (fd < 0)
		return fd;
	h->fd = fd;
	if (src != SOURCE_STATUS)
		return 0;
	fd = open_task_file(dirfd, pid, tid, "stat");
	if (fd < 0) {
		task_close(h);
		return fd;
	}
	h->fd_stat = fd;
	return 0;
}

/* Fill runtime, switches and run delay from the kept schedstat fd. */
static int sample_schedstat(int fd, struct sample *out)
{
	char buf[SCHEDSTAT_BUF];
	struct schedstat_info ss;
	ssize_t n = proc_pread(fd, buf, sizeof(buf));
	int rc;

	if (n < 0)
		return (int)n;
	rc = schedstat_parse(buf, (size_t)n, &ss);
	if (rc < 0)
		return rc;
	out->runtime_ns = ss.sum_exec_runtime_ns;
	out->switches = ss.pcount;
	out->run_delay_ns = ss.run_delay_ns;
	out->has_run_delay = true;
	return 0;
}

/* Fill runtime and switches from the kept sched fd. */
static int sample_sched(int fd, struct sample *out)
{
	char buf[SCHED_BUF];
	struct sched_info si;
	ssize_t n = proc_pread(fd, buf, sizeof(buf));
	int rc;

	if (n < 0)
		return (int)n;
	rc = sched_parse(buf, (size_t)n, &si);
	if (rc < 0)
		return rc;
	out->runtime_ns = si.sum_exec_runtime_ns;
	out->switches = si.nr_switches;
	return 0;
}

/* Convert utime+stime clock ticks to ns, ns_per_tick computed once by the caller. */
static int ticks_to_ns(uint64_t utime, uint64_t stime, uint64_t ns_per_tick, uint64_t *ns)
{
	uint64_t ticks = utime + stime;

	if (ticks < utime || (ns_per_tick && ticks > UINT64_MAX / ns_per_tick))
		return -ERANGE;
	*ns = ticks * ns_per_tick;
	return 0;
}

/* Fill runtime (from stat ticks) and switches (from status) through kept fds. */
static int sample_status(int fd_status, int fd_stat, struct sample *out)
{
	char buf[STATUS_BUF];
	struct status_info si;
	struct taskstat_info ts;
	long hz = sysconf(_SC_CLK_TCK);
	ssize_t n = proc_pread(fd_status, buf, sizeof(buf));
	int rc;

	if (n < 0)
		return (int)n;
	rc = status_parse(buf, (size_t)n, &si);
	if (rc < 0)
		return rc;
	if (si.voluntary_ctxt_switches > UINT64_MAX - si.nonvoluntary_ctxt_switches)
		return -ERANGE;
	out->switches = si.voluntary_ctxt_switches + si.nonvoluntary_ctxt_switches;
	n = proc_pread(fd_stat, buf, STAT_BUF);
	if (n < 0)
		return (int)n;
	rc = taskstat_parse(buf, (size_t)n, &ts);
	if (rc < 0)
		return rc;
	if (hz <= 0)
		return -EINVAL;
	return ticks_to_ns(ts.utime, ts.stime, NS_PER_SEC / (uint64_t)hz, &out->runtime_ns);
}

/* Return CLOCK_MONOTONIC now in ns. */
static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

int task_sample(struct task_handle *h, struct sample *out)
{
	struct sample s = { .source = h->source };
	int rc;

	if (h->fd < 0)
		return -EBADF;
	switch (h->source) {
	case SOURCE_SCHEDSTAT: rc = sample_schedstat(h->fd, &s); break;
	case SOURCE_SCHED: rc = sample_sched(h->fd, &s); break;
	case SOURCE_STATUS: rc = sample_status(h->fd, h->fd_stat, &s); break;
	default: rc = -EINVAL; break;
	}
	if (rc < 0)
		return rc;
	s.t_ns = monotonic_ns();
	*out = s;
	return 0;
}

int task_sample_at(int dirfd, pid_t pid, pid_t tid, enum sample_source src,
		   struct sample *out)
{
	struct task_handle h;
	int rc = task_open(dirfd, pid, tid, src, &h);

	if (rc < 0)
		return rc;
	rc = task_sample(&h, out);
	task_close(&h);
	return rc;
}

void task_close(struct task_handle *h)
{
	if (h->fd >= 0)
		close(h->fd);
	if (h->fd_stat >= 0)
		close(h->fd_stat);
	h->fd = -1;
	h->fd_stat = -1;
}

bool sample_flat(const struct sample *a, const struct sample *b)
{
	return a->runtime_ns == b->runtime_ns && a->switches == b->switches;
}
