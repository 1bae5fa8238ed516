/* Tests for lib/cgfile.c: the cgroup v2 file parsers, over real text and edge cases. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "basic.h"
#include "cgfile.h"

/* Real files as Linux 6.18 prints them. */
static const char cpu_stat[] =
	"usage_usec 1799880\nuser_usec 1756557\nsystem_usec 43323\nnice_usec 0\n";
static const char cpu_pressure[] =
	"some avg10=0.00 avg60=0.00 avg300=0.00 total=549019\n"
	"full avg10=0.00 avg60=0.00 avg300=0.00 total=31045\n";
static const char cgroup_stat[] =
	"nr_descendants 2\nnr_subsys_perf_event 1\nnr_dying_descendants 0\n";
static const char proc_cgroup[] =
	"9:name=systemd:/\n4:memory:/x/y\n1:cpu:/\n0::/stallsup.12/w3\n";

static void test_usage(void)
{
	uint64_t v = 0;

	is_int(0, cgfile_cpu_usage(cpu_stat, strlen(cpu_stat), &v), "cpu.stat parses");
	is_uint64(1799880, v, "usage_usec");
	is_int(-ENOENT, cgfile_cpu_usage("user_usec 5\n", 12, &v), "no usage_usec");
	is_int(-ENOENT, cgfile_cpu_usage("", 0, &v), "empty cpu.stat");
	is_int(-EINVAL, cgfile_cpu_usage("usage_usec x\n", 13, &v), "garbage value");
	is_int(-EINVAL, cgfile_cpu_usage("usage_usec 12x\n", 15, &v), "trailing garbage");
	is_int(-ERANGE, cgfile_cpu_usage("usage_usec 99999999999999999999\n", 32, &v),
	       "value too big");
	is_int(-ENOENT, cgfile_cpu_usage("usage_usecs 5\n", 14, &v), "a longer key is not it");
	is_int(0, cgfile_cpu_usage("usage_usec 7", 12, &v), "no final newline");
	is_uint64(7, v, "value at the end of the buffer");
	is_int(-EINVAL, cgfile_cpu_usage(cpu_stat, 11, &v), "cut after the key");
}

static void test_pressure(void)
{
	uint64_t v = 0;

	is_int(0, cgfile_pressure_some(cpu_pressure, strlen(cpu_pressure), &v), "pressure parses");
	is_uint64(549019, v, "the some total, not the full one");
	is_int(-ENOENT, cgfile_pressure_some(cpu_pressure + 52, strlen(cpu_pressure) - 52, &v),
	       "no some line");
	is_int(-EINVAL, cgfile_pressure_some("some avg10=0.00\n", 16, &v), "some without total");
	is_int(-EINVAL, cgfile_pressure_some("some avg10=0.00 total=\n", 23, &v), "empty total");
	is_int(0, cgfile_pressure_some(cpu_pressure, 51, &v), "some line alone, no newline");
	is_int(-EINVAL, cgfile_pressure_some(cpu_pressure, 45, &v), "cut inside the line");
}

static void test_stat_and_path(void)
{
	char out[64];
	uint64_t v = 0;

	is_int(0, cgfile_descendants(cgroup_stat, strlen(cgroup_stat), &v), "cgroup.stat parses");
	is_uint64(2, v, "nr_descendants");
	is_int(-ENOENT, cgfile_descendants(cgroup_stat + 17, strlen(cgroup_stat) - 17, &v),
	       "nr_dying_descendants is another key");
	is_int(0, cgfile_v2_path(proc_cgroup, strlen(proc_cgroup), out, sizeof(out)), "v2 line");
	is_str("/stallsup.12/w3", out, "v2 path");
	is_int(-ENOENT, cgfile_v2_path(proc_cgroup, 30, out, sizeof(out)), "no v2 line");
	is_int(-ERANGE, cgfile_v2_path(proc_cgroup, strlen(proc_cgroup), out, 8), "too long");
	is_int(-EINVAL, cgfile_v2_path("0::x\n", 5, out, sizeof(out)), "not absolute");
	ok(cgfile_path_within("/a/w1", "/a/w1"), "a path is within itself");
	ok(cgfile_path_within("/a/w1/sub", "/a/w1"), "a sub-cgroup is within");
	ok(!cgfile_path_within("/a/w10", "/a/w1"), "a sibling with a longer name is not");
	ok(!cgfile_path_within("/a", "/a/w1"), "the parent is not");
	ok(cgfile_path_within("/x", "/"), "everything is within the root");
}

int main(void)
{
	plan_lazy();
	test_usage();
	test_pressure();
	test_stat_and_path();
	return 0;
}
