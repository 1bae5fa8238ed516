/* Tests for lib/outcome.c. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "basic.h"
#include "outcome.h"

/* A worker that exited 0 after 1.5 s, observed. */
static struct outcome healthy(void)
{
	struct outcome o = { .index = 2, .pid = 1234, .exited = true, .observed = true,
			     .wall_ms = 1500 };

	return o;
}

/* Return o's message (buffer reused per call). */
static const char *msg(const struct outcome *o)
{
	static struct strbuf sb;

	sb_reset(&sb);
	outcome_message(o, &sb);
	return sb_str(&sb);
}

/* Messages and kinds of every way a worker can end. */
static void test_messages(void)
{
	struct outcome o = healthy();

	ok(!outcome_failed(&o), "exit 0: passed");
	is_str("ok", msg(&o), "exit 0: ok");
	ok(outcome_kind(&o) == NULL, "exit 0: no kind");
	o.exit_code = 3;
	is_str("exit 3", msg(&o), "exit 3");
	is_str("exit", outcome_kind(&o), "exit 3: kind exit");
	o = healthy();
	o.exit_signal = SIGSEGV;
	o.core_dumped = true;
	is_str("signal SEGV (core dumped)", msg(&o), "killed by a signal, core dumped");
	is_str("signal", outcome_kind(&o), "... kind signal");
	o = healthy();
	o.exit_code = 127;
	o.exec_errno = ENOENT;
	is_str("exit 127 (cannot execute: No such file or directory)", msg(&o), "exec failed");
	is_str("exec", outcome_kind(&o), "... kind exec");
	o = healthy();
	o.pid = 0;
	is_str("not started", msg(&o), "never started");
}

/* Stalls and the deadline explain the end they caused. */
static void test_stalls(void)
{
	struct outcome o = healthy();

	o.stalls = 1;
	o.stall_class = "sleeping";
	o.stall_action = "kill";
	o.exit_signal = SIGKILL;
	is_str("stalled (sleeping), killed", msg(&o), "stalled and killed: the kill explains KILL");
	is_str("stall", outcome_kind(&o), "... kind stall");
	o = healthy();
	o.stalls = 3;
	o.stall_class = "stopped";
	o.stall_action = "log";
	o.exit_code = 2;
	is_str("stalled 3 times (first: stopped), logged; exit 2", msg(&o),
	       "logged stalls, then a failure of its own");
	o.exit_code = 0;
	is_str("stalled 3 times (first: stopped), logged", msg(&o), "a logged stall fails exit 0");
	o = healthy();
	o.deadline = true;
	o.deadline_signal = SIGTERM;
	o.exit_signal = SIGTERM;
	is_str("deadline: SIGTERM", msg(&o), "deadline");
	is_str("deadline", outcome_kind(&o), "... kind deadline");
	o.stalls = 1;
	o.stall_class = "sleeping";
	o.stall_action = "log";
	is_str("stalled (sleeping), logged; deadline: SIGTERM", msg(&o), "a logged stall, then the deadline");
	is_int(3, outcome_action_rank("kill"), "kill is the strongest action");
	is_int(0, outcome_action_rank(NULL), "no action: rank 0");
}

/* The ending line of the failure text. */
static void test_ending(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct outcome o = healthy();

	o.exit_signal = SIGKILL;
	o.observed = false;
	outcome_ending_line(&o, &sb);
	is_str("worker 2 (pid 1234): signal KILL after 1.500s\n"
	       "worker 2 was not observed: its /proc files could not be read, so no stall of it "
	       "could be seen\n", sb_str(&sb), "ending line, not observed");
	sb_free(&sb);
}

/* Return the meaning of status under f (buffer reused per call). */
static const char *meaning(const struct exit_facts *f, int status, int dies_by)
{
	static struct strbuf sb;

	sb_reset(&sb);
	outcome_status_text(f, status, 1, dies_by, &sb);
	return sb_str(&sb);
}

/* What each exit status means. */
static void test_status(void)
{
	struct exit_facts f = { 0 };

	is_str("every worker exited 0", meaning(&f, 0, 0), "0");
	f.deadline_fired = true;
	is_str("the deadline fired", meaning(&f, 124, 0), "124");
	f.deadline_killed = true;
	is_str("the deadline fired and SIGKILL was needed", meaning(&f, 137, 0), "137");
	f = (struct exit_facts){ .stall_acted = true };
	is_str("a stall policy acted (or --fail-on-stall saw a stall)", meaning(&f, 123, 0), "123");
	f = (struct exit_facts){ .have_failure = true, .first_failure = 3 };
	is_str("worker 1 exited 3 (the first to fail)", meaning(&f, 3, 0), "a worker's code");
	f.first_failure = 124;
	is_str("worker 1 exited 124 (the first to fail)", meaning(&f, 124, 0),
	       "a worker's own 124 is told apart from the deadline");
	f.first_failure = 127;
	is_str("worker 1's command was not found (the first to fail)", meaning(&f, 127, 0), "127");
	f.first_failure = 128 + SIGSEGV;
	is_str("worker 1 was killed by SIGSEGV (the first to fail); stallsup dies by SIGSEGV, as "
	       "its worker did", meaning(&f, 128 + SIGSEGV, SIGSEGV), "a signal passed on");
	f = (struct exit_facts){ .own_error = true };
	is_str("stallsup itself failed", meaning(&f, 125, 0), "125");
}

int main(void)
{
	plan(29);
	test_messages();
	test_stalls();
	test_ending();
	test_status();
	return 0;
}
