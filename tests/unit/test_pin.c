// SPDX-License-Identifier: GPL-2.0
/*
 * pin.c on this machine: locations resolve to the objects hwloc itself
 * names, binding is read back from the kernel (sched_getaffinity, not
 * hwloc) and bad locations give one clear line.
 */
#include <sched.h>
#include <string.h>

#include "check.h"
#include "measure/pin.h"

static struct pin_topology topo;
static char err[512];

/* The kernel's view of the calling thread's CPUs, independent of hwloc. */
static int affinity_single_cpu(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) < 0 || CPU_COUNT(&set) != 1)
		return -1;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			return cpu;
	return -1;
}

static void restore_affinity(void)
{
	hwloc_set_cpubind(topo.topo, hwloc_topology_get_allowed_cpuset(topo.topo),
			  HWLOC_CPUBIND_THREAD);
	hwloc_set_membind(topo.topo, hwloc_topology_get_topology_nodeset(topo.topo),
			  HWLOC_MEMBIND_DEFAULT, HWLOC_MEMBIND_THREAD | HWLOC_MEMBIND_BYNODESET);
	pin_drop_fifo();
}

static void test_summary(void)
{
	char buf[256], want[64];
	int pus = hwloc_get_nbobjs_by_type(topo.topo, HWLOC_OBJ_PU);

	pin_topology_summary(&topo, buf, sizeof(buf));
	snprintf(want, sizeof(want), "%d PU%s", pus, pus == 1 ? "," : "s,");
	EXPECT(strstr(buf, want) != NULL);
	EXPECT(strstr(buf, "package") != NULL);
	EXPECT(strstr(buf, "NUMA node") != NULL);
	printf("  topology: %s\n", buf);
}

static void test_parse_pu0_and_core0(void)
{
	hwloc_obj_t pu = pin_parse_location(&topo, "pu:0", err, sizeof(err));
	hwloc_obj_t core = pin_parse_location(&topo, "core:0", err, sizeof(err));
	hwloc_obj_t nested = pin_parse_location(&topo, "package:0.core:0.pu:0", err, sizeof(err));
	hwloc_obj_t socket = pin_parse_location(&topo, "socket:0", err, sizeof(err));

	EXPECT(pu && pu->type == HWLOC_OBJ_PU && pu->logical_index == 0);
	EXPECT(core && core->type == HWLOC_OBJ_CORE && core->logical_index == 0);
	EXPECT(nested == pu);
	EXPECT(socket && socket->type == HWLOC_OBJ_PACKAGE);
}

static void test_index_is_relative_to_parent(void)
{
	int ncores = hwloc_get_nbobjs_by_type(topo.topo, HWLOC_OBJ_CORE);
	hwloc_obj_t last = hwloc_get_obj_by_type(topo.topo, HWLOC_OBJ_CORE, ncores - 1);
	char loc[64];

	snprintf(loc, sizeof(loc), "core:%d.pu:0", ncores - 1);
	EXPECT(pin_parse_location(&topo, loc, err, sizeof(err)) ==
	       hwloc_get_obj_inside_cpuset_by_type(topo.topo, last->cpuset, HWLOC_OBJ_PU, 0));
}

static void test_bind_pu0_reads_back(void)
{
	struct pin_result res;
	hwloc_obj_t pu = hwloc_get_obj_by_type(topo.topo, HWLOC_OBJ_PU, 0);
	char want[32];

	EXPECT_EQ_INT(pin_apply(&topo, "pu:0", 0, &res, err, sizeof(err)), 0);
	EXPECT(res.cpu_bound);
	EXPECT_EQ_INT(affinity_single_cpu(), (int)pu->os_index);
	snprintf(want, sizeof(want), "%u", pu->os_index);
	EXPECT(!strcmp(res.cpuset, want));
	EXPECT_EQ_INT(res.last_cpu, (int)pu->os_index);
	EXPECT(!strcmp(res.requested, "pu:0"));
	EXPECT(strstr(res.object, "PU L#0") != NULL);
	printf("  pu:0 -> cpuset %s, mem %s, %s, notes: %s\n", res.cpuset, res.membind,
	       res.sched, res.notes);
	restore_affinity();
}

static void test_bind_core0_with_fifo(void)
{
	struct pin_result res;
	hwloc_obj_t core = hwloc_get_obj_by_type(topo.topo, HWLOC_OBJ_CORE, 0);
	hwloc_obj_t first = hwloc_get_obj_inside_cpuset_by_type(topo.topo, core->cpuset,
								 HWLOC_OBJ_PU, 0);
	int policy;

	EXPECT_EQ_INT(pin_apply(&topo, "core:0", 1, &res, err, sizeof(err)), 0);
	EXPECT_EQ_INT(affinity_single_cpu(), (int)first->os_index);
	/* The read-back must agree with the kernel, whichever way it went. */
	policy = sched_getscheduler(0);
	EXPECT_EQ_INT(res.fifo, policy == SCHED_FIFO);
	if (res.fifo)
		EXPECT(!strncmp(res.sched, "SCHED_FIFO", 10));
	else
		EXPECT(strstr(res.notes, "SCHED_FIFO") != NULL);
	/* Memory: bound, or a reason why not. */
	if (res.mem_bound)
		EXPECT(!strncmp(res.membind, "bind", 4));
	else
		EXPECT(strstr(res.notes, "memory not bound") != NULL);
	printf("  core:0 -> cpuset %s, mem %s, %s, notes: %s\n", res.cpuset, res.membind,
	       res.sched, res.notes);
	restore_affinity();
	EXPECT_EQ_INT(sched_getscheduler(0), SCHED_OTHER);
}

static void test_unpinned_records_why(void)
{
	struct pin_result res;

	EXPECT_EQ_INT(pin_apply(&topo, NULL, 0, &res, err, sizeof(err)), 0);
	EXPECT(!res.cpu_bound && !res.requested[0]);
	EXPECT(strstr(res.notes, "not pinned") != NULL);
	EXPECT(res.cpuset[0] != '\0');
}

static void expect_error(const char *location, const char *fragment)
{
	struct pin_result res;

	err[0] = '\0';
	EXPECT_EQ_INT(pin_apply(&topo, location, 0, &res, err, sizeof(err)), -1);
	EXPECT(!strncmp(err, "--cpu '", 7));
	EXPECT(strstr(err, location) != NULL);
	EXPECT(strchr(err, '\n') == NULL);
	if (!strstr(err, fragment)) {
		fprintf(stderr, "  error for '%s' was: %s\n", location, err);
		EXPECT(strstr(err, fragment) != NULL);
	}
}

static void test_bad_locations(void)
{
	expect_error("core:999", "no Core with logical index 999");
	expect_error("bogus:1", "'bogus' is not an hwloc object type");
	expect_error("core", "expected TYPE:INDEX");
	expect_error("core:", "expected TYPE:INDEX");
	expect_error("core:x", "expected TYPE:INDEX");
	expect_error("core:0.", "expected TYPE:INDEX");
	expect_error("core:0..pu:0", "expected TYPE:INDEX");
	expect_error("pci:0", "no CPUs to bind to");
	expect_error("package:0.core:999", "inside Package L#0");
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "summary", test_summary },
		{ "parse pu:0 and core:0", test_parse_pu0_and_core0 },
		{ "index is relative to parent", test_index_is_relative_to_parent },
		{ "bind pu:0 reads back", test_bind_pu0_reads_back },
		{ "bind core:0 with fifo", test_bind_core0_with_fifo },
		{ "unpinned records why", test_unpinned_records_why },
		{ "bad locations", test_bad_locations },
	};

	if (pin_topology_load(&topo, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	int rc = RUN_TESTS(tests);

	pin_topology_free(&topo);
	return rc;
}
