/* Tests for lib/classify.c: class names, --stall-on lists, classification. */
#include <errno.h>
#include <string.h>

#include "basic.h"
#include "stall.h"

/* Check that list parses to mask. */
static void parses(const char *list, unsigned want)
{
	unsigned mask = 0xdead;
	int r = stall_class_parse_list(list, &mask);

	is_int(0, r, "parse \"%s\" succeeds", list);
	is_int(want, mask, "parse \"%s\" mask", list);
}

/* Check that list is rejected with -EINVAL and mask is untouched. */
static void rejects(const char *list)
{
	unsigned mask = 0xdead;

	is_int(-EINVAL, stall_class_parse_list(list, &mask), "reject \"%s\"", list ? list : "(null)");
	is_int(0xdead, mask, "reject \"%s\" leaves mask", list ? list : "(null)");
}

static const struct {
	const char *states;
	enum stall_class cls;
	size_t leader;     /* index, or strlen(states) for none */
	size_t named;
} cases[] = {
	{ "R", STALL_STARVED, 0, 0 },
	{ "SR", STALL_STARVED, 0, 1 },
	{ "DRS", STALL_STARVED, 2, 1 },      /* R wins over D */
	{ "TRt", STALL_STARVED, 0, 1 },      /* R wins over stopped */
	{ "D", STALL_UNINTERRUPTIBLE, 0, 0 },
	{ "SSD", STALL_UNINTERRUPTIBLE, 0, 2 },
	{ "TD", STALL_UNINTERRUPTIBLE, 0, 1 }, /* D wins over stopped */
	{ "T", STALL_STOPPED, 0, 0 },
	{ "tT", STALL_STOPPED, 1, 1 },       /* leader named */
	{ "Tt", STALL_STOPPED, 2, 0 },       /* no leader: first */
	{ "TS", STALL_SLEEPING, 0, 0 },      /* not all stopped */
	{ "S", STALL_SLEEPING, 0, 0 },
	{ "SI", STALL_SLEEPING, 1, 1 },
	{ "S?", STALL_SLEEPING, 2, 0 },
	{ "", STALL_SLEEPING, 0, 0 },        /* nothing: not stopped */
};

int main(void)
{
	plan_lazy();

	is_str("starved", stall_class_name(STALL_STARVED), "name starved");
	is_str("uninterruptible", stall_class_name(STALL_UNINTERRUPTIBLE), "name uninterruptible");
	is_str("stopped", stall_class_name(STALL_STOPPED), "name stopped");
	is_str("sleeping", stall_class_name(STALL_SLEEPING), "name sleeping");
	is_str("unknown", stall_class_name((enum stall_class)99), "name out of range");

	parses("starved", 1u << STALL_STARVED);
	parses("starved,uninterruptible", (1u << STALL_STARVED) | (1u << STALL_UNINTERRUPTIBLE));
	parses("sleeping,stopped,sleeping", (1u << STALL_SLEEPING) | (1u << STALL_STOPPED));
	parses("all", STALL_CLASS_ALL);
	parses("none", 0);
	parses("stopped,all", STALL_CLASS_ALL);
	rejects(NULL);
	rejects("");
	rejects(",");
	rejects("starved,");
	rejects(",starved");
	rejects("starved,,stopped");
	rejects("bogus");
	rejects("Starved");
	rejects("starved ");
	rejects("starvedx");
	rejects("star");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *s = cases[i].states;
		size_t n = strlen(s);

		is_int(cases[i].cls, stall_classify(s, n), "classify \"%s\"", s);
		is_int((long long)cases[i].named, (long long)stall_name_task(s, n, cases[i].leader),
		       "named task of \"%s\" (leader %zu)", s, cases[i].leader);
	}
	return 0;
}
