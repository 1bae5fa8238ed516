/* ci: the CI formats of a run (doc/reports.md, "JUnit XML" and "GitHub
 * Actions").
 *
 * - --junit FILE: JUnit XML (lib/junit.h) written once, at the end, whole:
 *   a temporary file in FILE's directory, then rename(2). The directory is
 *   checked at start (ci_init); a failure at the end is said once and does
 *   not change the exit status.
 * - On GitHub Actions (options.annotations: GITHUB_ACTIONS=true, no
 *   --no-annotations): each stall is one "::error title=...::..." line
 *   (lib/gha.h) through the standard output sink, when it is reported (at
 *   most CI_ANNOTATIONS_MAX of them, then one warning line at the end counts
 *   the others); at the end a Markdown summary of the run is appended to
 *   $GITHUB_STEP_SUMMARY.
 *
 * What is kept during the run is bounded (nothing at all without --junit
 * and annotations):
 * - per worker, the first and the latest stall report (the latest replaces
 *   the one before), each at most half of min(256 KiB, 64 MiB / workers) and
 *   at least 512 bytes, cut at a line end, with the count of reports in
 *   between; and the first stall's headline (at most 256 bytes);
 * - with --junit and --tag-output, the tail of each worker's standard output
 *   and standard error (lib/outtail.h): min(64 KiB, 32 MiB / workers) each,
 *   at least 512 bytes, shown from its first whole line.
 * So at most 64 MiB of reports and 64 MiB of output are kept, whatever the
 * number of workers; 8 workers keep at most 3 MiB.
 *
 * The state is one per process (like msg.c): stallsup runs one supervisor. */
#ifndef STALLSUP_CI_H
#define STALLSUP_CI_H

#include <stddef.h>

#include "strbuf.h"
#include "supervisor.h"

/* Stall annotations printed at most (GitHub keeps a limited number per
 * step; the job summary lists every stalled worker). */
#define CI_ANNOTATIONS_MAX 50
/* Bytes of a stall report an annotation's message holds at most. */
#define CI_ANNOTATION_TEXT_MAX 4096

/* Set up for a run of sv->opt: check that --junit's directory exists and is
 * writable, and that FILE is not a directory. Returns 0, or -errno with a
 * one-line reason naming the path in err. */
int ci_init(struct supervisor *sv, struct strbuf *err);
/* The stall path reports one stall event of worker: keep a bounded copy of
 * its human report text human_text[0..len) for --junit, and print its
 * GitHub annotation. headline is the event's one-line summary (NULL: the
 * first line of human_text); class_name its class ("sleeping") and action
 * the policy row that will act ("log", "abort", "kill"). Cheap when neither
 * --junit nor annotations are on. */
void ci_record_stall(struct supervisor *sv, unsigned worker, const char *headline,
		     const char *class_name, const char *action, const char *human_text,
		     size_t len);
/* --tag-output read data[0..n) from pipe which (0 stdout, 1 stderr) of w:
 * keep its tail for --junit's system-out and system-err. A copy of at most
 * the tail's bound; nothing without --junit. */
void ci_output(struct supervisor *sv, const struct worker *w, int which, const char *data,
	       size_t n);
/* The run is over with exit status status: write --junit's file and the
 * GitHub job summary (blocking writes to regular files, once), say any
 * failure once, and release what was kept. */
void ci_run_end(struct supervisor *sv, int status);

#endif
