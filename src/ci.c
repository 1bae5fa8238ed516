/* ci: --junit and GitHub Actions output of a run; see ci.h. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ci.h"
#include "clock.h"
#include "duration.h"
#include "gha.h"
#include "junit.h"
#include "msg.h"
#include "outcome.h"
#include "outtail.h"
#include "stallwatch.h"
#include "utf8.h"

#define REPORTS_BUDGET (64u << 20)   /* stall report copies, all workers */
#define REPORT_WORKER_MAX (256u << 10)
#define REPORT_WORKER_MIN 1024u
#define TAILS_BUDGET (64u << 20)     /* output tails, all workers */
#define TAIL_MAX (64u << 10)
#define TAIL_MIN 512u
#define HEADLINE_MAX 256

/* What is kept about one worker. */
struct ci_worker {
	struct strbuf first, last;  /* its first and latest stall report, bounded */
	unsigned reports;           /* stall reports recorded */
	char headline[HEADLINE_MAX]; /* the first one's headline */
	char cls[24];               /* ... and its class */
	char action[16];            /* the strongest action of them */
	struct outtail tail[2];     /* --tag-output: stdout and stderr */
};

/* The run's state (one supervisor per process). */
static struct {
	bool junit, gha;            /* --junit given; GitHub annotations on */
	struct ci_worker *w;        /* opt->workers entries, allocated at first use */
	unsigned n;
	bool no_memory;             /* the table could not be allocated: nothing kept */
	size_t report_cap;          /* bytes of one kept report */
	size_t tail_cap;            /* bytes of one output tail */
	unsigned annotations;       /* ::error lines printed */
	unsigned suppressed;        /* ... and not printed (over CI_ANNOTATIONS_MAX) */
} ci;

/* Return v clamped to [lo, hi]. */
static size_t clamp(size_t v, size_t lo, size_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Split path into its directory (dir, size bytes) and return its base name
 * (after the last '/'). */
static const char *split_path(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, size, ".");
	else if (slash == path)
		snprintf(dir, size, "/");
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
	return slash ? slash + 1 : path;
}

/* Check that --junit's path can be written at the end: its directory
 * exists and is writable, and the path is not a directory. 0 or -errno. */
static int check_junit_path(const char *path, struct strbuf *err)
{
	char dir[4096];
	const char *base = split_path(path, dir, sizeof(dir));
	struct stat st;
	int r;

	if (*base == '\0' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
		sb_printf(err, "--junit '%s' is a directory (expected a file name)", path);
		return -EISDIR;
	}
	r = stat(dir, &st) < 0 ? -errno : !S_ISDIR(st.st_mode) ? -ENOTDIR : 0;
	if (r < 0) {
		sb_printf(err, "--junit '%s': directory '%s': %s", path, dir, strerror(-r));
		return r;
	}
	if (access(dir, W_OK | X_OK) < 0) {
		r = -errno;
		sb_printf(err, "--junit '%s': directory '%s' is not writable: %s", path, dir,
			  strerror(-r));
	}
	return r;
}

/* Set up for a run (see ci.h). */
int ci_init(struct supervisor *sv, struct strbuf *err)
{
	const struct options *o = sv->opt;
	size_t n = o->workers ? o->workers : 1;

	memset(&ci, 0, sizeof(ci));
	ci.junit = o->junit_path != NULL;
	ci.gha = o->annotations;
	ci.report_cap = clamp(REPORTS_BUDGET / n, REPORT_WORKER_MIN, REPORT_WORKER_MAX) / 2;
	ci.tail_cap = ci.junit && o->tag_output ? clamp(TAILS_BUDGET / 2 / n, TAIL_MIN, TAIL_MAX) : 0;
	return ci.junit ? check_junit_path(o->junit_path, err) : 0;
}

/* Return what is kept about worker i, allocating the table at first use;
 * NULL when nothing is kept. */
static struct ci_worker *slot(const struct supervisor *sv, unsigned i)
{
	if (!ci.w && !ci.no_memory) {
		ci.w = calloc(sv->opt->workers, sizeof(*ci.w));
		ci.no_memory = ci.w == NULL;
		ci.n = ci.w ? sv->opt->workers : 0;
		for (unsigned k = 0; k < ci.n; k++)
			for (int which = 0; which < 2; which++)
				outtail_init(&ci.w[k].tail[which], ci.tail_cap);
	}
	return i < ci.n ? &ci.w[i] : NULL;
}

/* Replace dst with text[0..len), cut at a line end to at most cap bytes
 * with a line saying how much was left out. */
static void keep_bounded(struct strbuf *dst, const char *text, size_t len, size_t cap)
{
	size_t keep = utf8_cut(text, len, cap);

	sb_reset(dst);
	sb_add(dst, text, keep);
	if (keep < len)
		sb_printf(dst, "%s[%zu more bytes of this report not kept]\n",
			  keep > 0 && text[keep - 1] != '\n' ? "\n" : "", len - keep);
}

/* Copy at most size - 1 bytes of s[0..n) into buf, NUL-terminated. */
static void copy_str(char *buf, size_t size, const char *s, size_t n)
{
	n = utf8_cut(s, n, size - 1);
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* Keep one stall report of worker i for --junit and the job summary. */
static void keep_report(const struct supervisor *sv, unsigned i, const char *headline,
			const char *cls, const char *action, const char *text, size_t len)
{
	struct ci_worker *w = slot(sv, i);

	if (!w)
		return;
	if (w->reports++ == 0) {
		copy_str(w->headline, sizeof(w->headline), headline, strlen(headline));
		copy_str(w->cls, sizeof(w->cls), cls, strlen(cls));
		if (ci.junit)
			keep_bounded(&w->first, text, len, ci.report_cap);
	} else if (ci.junit) {
		keep_bounded(&w->last, text, len, ci.report_cap);
	}
	if (outcome_action_rank(action) > outcome_action_rank(w->action))
		copy_str(w->action, sizeof(w->action), action, strlen(action));
}

/* Print the GitHub annotation of one stall through the stdout sink. */
static void annotate(struct supervisor *sv, unsigned i, const char *cls, const char *action,
		     const char *text, size_t len)
{
	struct strbuf title = STRBUF_INIT, line = STRBUF_INIT;

	if (ci.annotations >= CI_ANNOTATIONS_MAX) {
		ci.suppressed++;
		return;
	}
	ci.annotations++;
	sb_printf(&title, "stallsup: worker %u stalled (%s), action %s", i, cls, action);
	gha_command_line(&line, "error", sb_str(&title), text, len, CI_ANNOTATION_TEXT_MAX);
	if (line.err == 0)
		sink_put(&sv->sinks[SINK_OUT], line.buf, line.len);
	sb_free(&title);
	sb_free(&line);
}

/* One stall event was reported (see ci.h). */
void ci_record_stall(struct supervisor *sv, unsigned worker, const char *headline,
		     const char *class_name, const char *action, const char *human_text,
		     size_t len)
{
	char first[HEADLINE_MAX];

	if (!ci.junit && !ci.gha)
		return;
	if (!human_text)
		human_text = "", len = 0;
	if (!headline) {
		const char *nl = memchr(human_text, '\n', len);

		copy_str(first, sizeof(first), human_text, nl ? (size_t)(nl - human_text) : len);
		headline = first;
	}
	class_name = class_name ? class_name : "unknown";
	action = action ? action : "log";
	keep_report(sv, worker, headline, class_name, action, human_text, len);
	if (ci.gha)
		annotate(sv, worker, class_name, action, human_text, len);
}

/* Keep the tail of a worker's output (see ci.h). */
void ci_output(struct supervisor *sv, const struct worker *w, int which, const char *data,
	       size_t n)
{
	struct ci_worker *cw;

	if (ci.tail_cap == 0 || (cw = slot(sv, w->index)) == NULL)
		return;
	outtail_feed(&cw->tail[which != 0], data, n);
}

/* Describe worker w of sv as an outcome. */
static void fill_outcome(const struct supervisor *sv, const struct worker *w, bool started,
			 struct outcome *o)
{
	const struct ci_worker *cw = w->index < ci.n ? &ci.w[w->index] : NULL;
	uint64_t deadline = dur_add_sat(sv->start_ns, sv->opt->timeout_ns);
	uint64_t end = w->exited ? w->end_ns : clock_now();

	memset(o, 0, sizeof(*o));
	o->index = w->index;
	if (!started)
		return;
	o->pid = w->pid;
	o->exited = w->exited;
	o->exit_code = w->exit_code;
	o->exit_signal = w->exit_signal;
	o->core_dumped = w->core_dumped;
	o->exec_errno = w->exec_errno;
	o->stalls = w->stalls;
	o->stall_class = cw && cw->reports ? cw->cls : NULL;
	o->stall_action = cw && cw->reports ? cw->action : NULL;
	o->deadline = sv->deadline_fired && (!w->exited || w->end_ns >= deadline);
	o->deadline_signal = sv->opt->signal;
	o->observed = stallwatch_worker_observed(sv, w);
	o->wall_ms = end > w->start_ns ? (end - w->start_ns) / 1000000 : 0;
}

/* Return every worker's outcome (opt->workers entries), or NULL. */
static struct outcome *make_outcomes(const struct supervisor *sv)
{
	struct outcome *o = calloc(sv->opt->workers, sizeof(*o));

	for (unsigned i = 0; o && i < sv->opt->workers; i++)
		fill_outcome(sv, &sv->workers[i], i < sv->nworkers, &o[i]);
	return o;
}

/* Write buf[0..n) whole to fd; 0 or -errno. */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write what sb holds to fd and empty sb; 0 or -errno. */
static int flush_to(int fd, struct strbuf *sb)
{
	int r = sb->err ? sb->err : write_all(fd, sb_str(sb), sb->len);

	sb_reset(sb);
	return r;
}

/* Append worker i's kept report texts (first, a count, latest) to out. */
static void report_texts(unsigned i, struct strbuf *out)
{
	const struct ci_worker *w = i < ci.n ? &ci.w[i] : NULL;

	if (!w || w->reports == 0)
		return;
	sb_add(out, sb_str(&w->first), w->first.len);
	if (w->reports > 2)
		sb_printf(out, "[%u more stall reports of worker %u not kept]\n", w->reports - 2, i);
	if (w->reports > 1)
		sb_add(out, sb_str(&w->last), w->last.len);
}

/* Write worker i's <testcase> to fd through sb; 0 or -errno. */
static int write_case(const struct supervisor *sv, struct xml *x, const struct junit_suite *s,
		      unsigned i, struct strbuf *sb, int fd)
{
	struct strbuf name = STRBUF_INIT, rep = STRBUF_INIT, out[2] = { STRBUF_INIT, STRBUF_INIT };
	struct junit_case c = { .o = &s->workers[i] };
	int r;

	junit_case_name(&name, i, sv->opt->command, sv->opt->ncommand);
	report_texts(i, &rep);
	for (int which = 0; which < 2 && i < ci.n; which++)
		outtail_render(&ci.w[i].tail[which], &out[which]);
	c.name = sb_str(&name);
	c.report = sb_str(&rep);
	c.report_len = rep.len;
	c.out = sb_str(&out[0]);
	c.out_len = out[0].len;
	c.err = sb_str(&out[1]);
	c.err_len = out[1].len;
	junit_case(x, s, &c);
	r = name.err ? name.err : rep.err ? rep.err : flush_to(fd, sb);
	sb_free(&name);
	sb_free(&rep);
	sb_free(&out[0]);
	sb_free(&out[1]);
	return r;
}

/* Write the whole JUnit document of sv's run to fd; 0 or -errno. */
static int write_junit(const struct supervisor *sv, const struct outcome *o, int status,
		       const char *meaning, int fd)
{
	char host[256] = "", code[16];
	struct strbuf sb = STRBUF_INIT, cmd = STRBUF_INIT;
	struct junit_property props[4] = {
		{ "stallsup_version", PACKAGE_VERSION }, { "command", NULL },
		{ "exit_status", code }, { "exit_meaning", meaning },
	};
	struct junit_suite s = { .name = "stallsup", .workers = o, .nworkers = sv->opt->workers,
				 .time_ms = (clock_now() - sv->start_ns) / 1000000,
				 .timestamp_ns = sv->start_real_ns, .props = props, .nprops = 4 };
	struct xml x;
	int r;

	gethostname(host, sizeof(host) - 1);
	s.hostname = host[0] ? host : NULL;
	snprintf(code, sizeof(code), "%d", status);
	junit_command_line(&cmd, sv->opt->command, sv->opt->ncommand);
	props[1].value = sb_str(&cmd);
	junit_begin(&x, &sb, &s);
	r = flush_to(fd, &sb);
	for (unsigned i = 0; r == 0 && i < sv->opt->workers; i++)
		r = write_case(sv, &x, &s, i, &sb, fd);
	if (r == 0)
		r = junit_end(&x);
	if (r == 0)
		r = flush_to(fd, &sb);
	sb_free(&sb);
	sb_free(&cmd);
	return r;
}

/* Write --junit's file whole: a temporary file beside it, then rename.
 * Returns 0 or -errno. */
static int junit_file(const struct supervisor *sv, const struct outcome *o, int status,
		      const char *meaning)
{
	const char *path = sv->opt->junit_path;
	char dir[4096], tmp[4200];
	const char *base = split_path(path, dir, sizeof(dir));
	mode_t mask = umask(0);
	int fd, r;

	umask(mask);
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, base);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = write_junit(sv, o, status, meaning, fd);
	if (r == 0 && fchmod(fd, 0666 & ~mask) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

/* Append the job summary to path (a regular file); 0 or -errno. */
static int append_summary(const char *path, const struct strbuf *md)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
		      0666);
	struct stat st;
	int r;

	if (fd < 0)
		return -errno;
	r = fstat(fd, &st) < 0 ? -errno : !S_ISREG(st.st_mode) ? -EINVAL : 0;
	if (r == 0)
		r = md->err ? md->err : write_all(fd, sb_str(md), md->len);
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

/* Build the job summary and append it to $GITHUB_STEP_SUMMARY, if set. */
static void job_summary(struct supervisor *sv, const struct outcome *o, int status,
			const char *meaning)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	const char **heads = calloc(sv->opt->workers, sizeof(*heads));
	struct strbuf md = STRBUF_INIT, cmd = STRBUF_INIT;
	struct gha_summary s = { .workers = o, .nworkers = sv->opt->workers, .headlines = heads,
				 .status = status, .status_text = meaning,
				 .wall_ms = (clock_now() - sv->start_ns) / 1000000 };
	int r;

	if (!path || !*path || !heads) {
		free(heads);
		return;
	}
	for (unsigned i = 0; i < ci.n; i++)
		heads[i] = ci.w[i].reports ? ci.w[i].headline : NULL;
	junit_command_line(&cmd, sv->opt->command, sv->opt->ncommand);
	s.command = sb_str(&cmd);
	gha_summary(&s, &md);
	if ((r = append_summary(path, &md)) < 0)
		msg_say("cannot append the job summary to '%s' (GITHUB_STEP_SUMMARY): %s", path,
			r == -EINVAL ? "not a regular file" : strerror(-r));
	sb_free(&md);
	sb_free(&cmd);
	free(heads);
}

/* Say how many stalls got no annotation, as one warning line. */
static void annotate_suppressed(struct supervisor *sv)
{
	struct strbuf msg = STRBUF_INIT, line = STRBUF_INIT;

	if (ci.suppressed == 0)
		return;
	sb_printf(&msg, "%u more stall%s got no annotation (at most %d are made); the job "
		  "summary lists every stalled worker", ci.suppressed,
		  ci.suppressed == 1 ? "" : "s", CI_ANNOTATIONS_MAX);
	gha_command_line(&line, "warning", "stallsup", msg.buf, msg.len, msg.len);
	if (line.err == 0)
		sink_put(&sv->sinks[SINK_OUT], line.buf, line.len);
	sb_free(&msg);
	sb_free(&line);
}

/* Release what was kept. */
static void ci_free(void)
{
	for (unsigned i = 0; i < ci.n; i++) {
		sb_free(&ci.w[i].first);
		sb_free(&ci.w[i].last);
		outtail_free(&ci.w[i].tail[0]);
		outtail_free(&ci.w[i].tail[1]);
	}
	free(ci.w);
	memset(&ci, 0, sizeof(ci));
}

/* Append what status means for sv's run to out. */
static void status_meaning(const struct supervisor *sv, int status, struct strbuf *out)
{
	struct exit_facts f = {
		.own_error = sv->own_error, .deadline_fired = sv->deadline_fired,
		.deadline_killed = sv->deadline_killed, .preserve_status = sv->opt->preserve_status,
		.stall_acted = sv->stall_acted, .have_failure = sv->have_failure,
		.first_failure = sv->first_failure,
	};

	outcome_status_text(&f, status, sv->first_failure_worker, sv->raise_signal, out);
}

/* The run is over (see ci.h). */
void ci_run_end(struct supervisor *sv, int status)
{
	struct strbuf meaning = STRBUF_INIT;
	struct outcome *o;
	int r;

	if (!ci.junit && !ci.gha)
		return;
	o = make_outcomes(sv);
	status_meaning(sv, status, &meaning);
	if (!o) {
		msg_say("cannot write the CI reports: %s", strerror(ENOMEM));
	} else {
		if (ci.junit && (r = junit_file(sv, o, status, sb_str(&meaning))) < 0)
			msg_say("cannot write the JUnit file '%s': %s", sv->opt->junit_path,
				strerror(-r));
		if (ci.gha) {
			annotate_suppressed(sv);
			job_summary(sv, o, status, sb_str(&meaning));
		}
	}
	free(o);
	sb_free(&meaning);
	ci_free();
}
