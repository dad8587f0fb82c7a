// SPDX-License-Identifier: GPL-2.0
/*
 * Pinning with hwloc. hwloc has no public parser for hwloc-calc's location
 * strings, so the "type:index[.type:index...]" walk is done here, but every
 * piece of topology knowledge comes from hwloc: type names from
 * hwloc_type_sscanf_as_depth(), objects from
 * hwloc_get_obj_inside_cpuset_by_depth() (logical index inside the parent,
 * as hwloc-calc and hwloc-bind interpret "package:0.core:1").
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/pin.h"

static void note(struct pin_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct pin_result *res, const char *fmt, ...)
{
	size_t used = strlen(res->notes);
	va_list ap;

	if (used && used + 2 < sizeof(res->notes)) {
		strcpy(res->notes + used, "; ");
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(res->notes + used, sizeof(res->notes) - used, fmt, ap);
	va_end(ap);
}

int pin_topology_load(struct pin_topology *t, char *err, size_t errlen)
{
	if (hwloc_topology_init(&t->topo) < 0) {
		snprintf(err, errlen, "hwloc: cannot initialise a topology: %s", strerror(errno));
		return -1;
	}
	if (hwloc_topology_load(t->topo) < 0) {
		snprintf(err, errlen, "hwloc: cannot load this machine's topology: %s",
			 strerror(errno));
		hwloc_topology_destroy(t->topo);
		t->topo = NULL;
		return -1;
	}
	return 0;
}

void pin_topology_free(struct pin_topology *t)
{
	if (t->topo)
		hwloc_topology_destroy(t->topo);
	t->topo = NULL;
}

static size_t count_part(char *buf, size_t len, size_t used, int n,
			 const char *one, const char *many)
{
	if (used >= len)
		return used;
	return used + snprintf(buf + used, len - used, "%s%d %s", used ? ", " : "", n,
			       n == 1 ? one : many);
}

void pin_topology_summary(const struct pin_topology *t, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	used = count_part(buf, len, used, hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PACKAGE),
			  "package", "packages");
	used = count_part(buf, len, used, hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_CORE),
			  "core", "cores");
	used = count_part(buf, len, used, hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_PU),
			  "PU", "PUs");
	count_part(buf, len, used, hwloc_get_nbobjs_by_type(t->topo, HWLOC_OBJ_NUMANODE),
		   "NUMA node", "NUMA nodes");
}

/* "Core L#1 (P#1)": how hwloc's own tools name an object. */
static void describe_obj(hwloc_obj_t obj, char *buf, size_t len)
{
	char type[64];

	hwloc_obj_type_snprintf(type, sizeof(type), obj, 0);
	if (obj->os_index != HWLOC_UNKNOWN_INDEX)
		snprintf(buf, len, "%s L#%u (P#%u)", type, obj->logical_index, obj->os_index);
	else
		snprintf(buf, len, "%s L#%u", type, obj->logical_index);
}

static int parse_index(const char *s, size_t n, unsigned *out)
{
	unsigned long v = 0;

	if (n == 0 || n > 9)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*out = (unsigned)v;
	return 0;
}

#define LOCATION_SYNTAX "expected TYPE:INDEX[.TYPE:INDEX...] with logical indexes, " \
			"e.g. core:1, pu:3, package:0.core:1"

hwloc_obj_t pin_parse_location(const struct pin_topology *t, const char *location,
			       char *err, size_t errlen)
{
	hwloc_obj_t parent = hwloc_get_root_obj(t->topo);
	const char *p = location;

	if (!*location) {
		snprintf(err, errlen, "--cpu '': %s", LOCATION_SYNTAX);
		return NULL;
	}
	while (*p) {
		const char *end = strchr(p, '.');
		const char *colon;
		char type_str[64], where[PIN_STR_LEN];
		hwloc_obj_type_t type;
		hwloc_obj_t obj;
		unsigned idx;
		int depth;
		size_t n;

		if (!end)
			end = p + strlen(p);
		colon = memchr(p, ':', (size_t)(end - p));
		if (!colon || colon == p || (size_t)(colon - p) >= sizeof(type_str) ||
		    parse_index(colon + 1, (size_t)(end - colon - 1), &idx)) {
			snprintf(err, errlen, "--cpu '%s': %s", location, LOCATION_SYNTAX);
			return NULL;
		}
		n = (size_t)(colon - p);
		memcpy(type_str, p, n);
		type_str[n] = '\0';
		/* hwloc accepts prefixes ("co" = Core); a bare "c" or "p" is ambiguous to it. */
		if (hwloc_type_sscanf_as_depth(type_str, &type, t->topo, &depth) < 0) {
			snprintf(err, errlen,
				 "--cpu '%s': '%s' is not an hwloc object type "
				 "(e.g. core, pu, package, numanode, l3cache)", location, type_str);
			return NULL;
		}
		if (hwloc_obj_type_is_io(type) || type == HWLOC_OBJ_MISC) {
			snprintf(err, errlen, "--cpu '%s': %s objects have no CPUs to bind to",
				 location, hwloc_obj_type_string(type));
			return NULL;
		}
		if (depth == HWLOC_TYPE_DEPTH_UNKNOWN) {
			snprintf(err, errlen, "--cpu '%s': this machine has no %s objects",
				 location, hwloc_obj_type_string(type));
			return NULL;
		}
		if (depth == HWLOC_TYPE_DEPTH_MULTIPLE) {
			snprintf(err, errlen,
				 "--cpu '%s': '%s' matches several levels here; name one "
				 "(e.g. group0)", location, type_str);
			return NULL;
		}
		obj = hwloc_get_obj_inside_cpuset_by_depth(t->topo, parent->cpuset, depth, idx);
		if (!obj) {
			int have = hwloc_get_nbobjs_inside_cpuset_by_depth(t->topo, parent->cpuset,
									   depth);

			if (parent->parent) {
				describe_obj(parent, where, sizeof(where));
				snprintf(err, errlen,
					 "--cpu '%s': no %s with logical index %u inside %s "
					 "(it has %d, indexes 0-%d)", location,
					 hwloc_obj_type_string(type), idx, where, have, have - 1);
			} else {
				snprintf(err, errlen,
					 "--cpu '%s': no %s with logical index %u on this machine "
					 "(it has %d, indexes 0-%d)", location,
					 hwloc_obj_type_string(type), idx, have, have - 1);
			}
			return NULL;
		}
		parent = obj;
		p = *end ? end + 1 : end;
		if (*end && !*p) {
			snprintf(err, errlen, "--cpu '%s': %s", location, LOCATION_SYNTAX);
			return NULL;
		}
	}
	return parent;
}

static const char *membind_policy_name(hwloc_membind_policy_t policy)
{
	switch (policy) {
	case HWLOC_MEMBIND_DEFAULT:	return "default";
	case HWLOC_MEMBIND_FIRSTTOUCH:	return "first-touch";
	case HWLOC_MEMBIND_BIND:	return "bind";
	case HWLOC_MEMBIND_INTERLEAVE:	return "interleave";
	case HWLOC_MEMBIND_NEXTTOUCH:	return "next-touch";
	case HWLOC_MEMBIND_MIXED:	return "mixed";
	}
	return "unknown";
}

static void bitmap_list(hwloc_const_bitmap_t set, char *buf, size_t len)
{
	if (hwloc_bitmap_list_snprintf(buf, len, set) < 0)
		snprintf(buf, len, "?");
}

void pin_read_back(const struct pin_topology *t, struct pin_result *res)
{
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	hwloc_membind_policy_t policy;
	struct sched_param param;
	char nodes[64];
	int sched;

	if (hwloc_get_cpubind(t->topo, set, HWLOC_CPUBIND_THREAD) == 0)
		bitmap_list(set, res->cpuset, sizeof(res->cpuset));
	else
		snprintf(res->cpuset, sizeof(res->cpuset), "unknown (%s)", strerror(errno));

	res->last_cpu = -1;
	if (hwloc_get_last_cpu_location(t->topo, set, HWLOC_CPUBIND_THREAD) == 0)
		res->last_cpu = hwloc_bitmap_first(set);

	if (hwloc_get_membind(t->topo, set, &policy,
			      HWLOC_MEMBIND_THREAD | HWLOC_MEMBIND_BYNODESET) == 0) {
		bitmap_list(set, nodes, sizeof(nodes));
		if (policy == HWLOC_MEMBIND_DEFAULT || policy == HWLOC_MEMBIND_FIRSTTOUCH)
			snprintf(res->membind, sizeof(res->membind), "%s (nodes %s)",
				 membind_policy_name(policy), nodes);
		else
			snprintf(res->membind, sizeof(res->membind), "%s to node%s %s",
				 membind_policy_name(policy),
				 hwloc_bitmap_weight(set) == 1 ? "" : "s", nodes);
	} else {
		snprintf(res->membind, sizeof(res->membind), "unknown (%s)", strerror(errno));
	}
	hwloc_bitmap_free(set);

	sched = sched_getscheduler(0);
	if (sched_getparam(0, &param) < 0)
		param.sched_priority = 0;
	switch (sched & ~SCHED_RESET_ON_FORK) {
	case SCHED_FIFO:
		snprintf(res->sched, sizeof(res->sched), "SCHED_FIFO priority %d",
			 param.sched_priority);
		break;
	case SCHED_RR:
		snprintf(res->sched, sizeof(res->sched), "SCHED_RR priority %d",
			 param.sched_priority);
		break;
	case SCHED_OTHER:
		snprintf(res->sched, sizeof(res->sched), "SCHED_OTHER");
		break;
	default:
		snprintf(res->sched, sizeof(res->sched), "policy %d", sched);
	}
	res->fifo = (sched & ~SCHED_RESET_ON_FORK) == SCHED_FIFO;
}

static void bind_cpu(const struct pin_topology *t, hwloc_obj_t obj, struct pin_result *res)
{
	hwloc_bitmap_t set = hwloc_bitmap_dup(obj->cpuset);
	char full[PIN_STR_LEN];

	/*
	 * One PU, as hwloc-bind --single: on an SMT core the thread would
	 * otherwise wander between siblings and the samples would mix both.
	 */
	if (hwloc_bitmap_weight(set) > 1) {
		bitmap_list(obj->cpuset, full, sizeof(full));
		hwloc_bitmap_singlify(set);
		bitmap_list(set, res->target_cpuset, sizeof(res->target_cpuset));
		note(res, "%s spans PUs %s; bound to PU %s only (as hwloc-bind --single)",
		     res->requested, full, res->target_cpuset);
	} else {
		bitmap_list(set, res->target_cpuset, sizeof(res->target_cpuset));
	}

	if (hwloc_set_cpubind(t->topo, set, HWLOC_CPUBIND_THREAD | HWLOC_CPUBIND_STRICT) == 0) {
		res->cpu_bound = 1;
	} else {
		int strict_errno = errno;

		if (hwloc_set_cpubind(t->topo, set, HWLOC_CPUBIND_THREAD) == 0) {
			res->cpu_bound = 1;
			note(res, "strict CPU binding refused (%s); bound without STRICT",
			     strerror(strict_errno));
		} else {
			note(res, "CPU binding to PU %s refused: %s", res->target_cpuset,
			     strerror(errno));
		}
	}
	hwloc_bitmap_free(set);
}

static void bind_memory(const struct pin_topology *t, hwloc_obj_t obj, struct pin_result *res)
{
	char nodes[PIN_STR_LEN];
	int flags = HWLOC_MEMBIND_THREAD | HWLOC_MEMBIND_BYNODESET;

	if (!obj->nodeset || hwloc_bitmap_iszero(obj->nodeset)) {
		note(res, "memory not bound: hwloc reports no NUMA node for %s", res->object);
		return;
	}
	bitmap_list(obj->nodeset, nodes, sizeof(nodes));
	if (hwloc_set_membind(t->topo, obj->nodeset, HWLOC_MEMBIND_BIND,
			      flags | HWLOC_MEMBIND_STRICT) == 0) {
		res->mem_bound = 1;
		res->mem_node = hwloc_bitmap_first(obj->nodeset);
		return;
	}
	if (hwloc_set_membind(t->topo, obj->nodeset, HWLOC_MEMBIND_BIND, flags) == 0) {
		res->mem_bound = 1;
		res->mem_node = hwloc_bitmap_first(obj->nodeset);
		note(res, "strict memory binding refused; bound to node(s) %s without STRICT",
		     nodes);
		return;
	}
	if (errno == ENOSYS)
		note(res, "memory not bound to node(s) %s: this system has no memory binding "
		     "(ENOSYS); pages come from wherever the kernel puts them", nodes);
	else
		note(res, "memory not bound to node(s) %s: %s", nodes, strerror(errno));
}

static void set_fifo(struct pin_result *res)
{
	struct sched_param param = { .sched_priority = sched_get_priority_min(SCHED_FIFO) };

	/*
	 * The lowest FIFO priority already preempts every normal task, which is
	 * all a measurement needs; higher would compete with kernel threads.
	 */
	if (sched_setscheduler(0, SCHED_FIFO, &param) == 0)
		return;
	if (errno == EPERM)
		note(res, "SCHED_FIFO not permitted (needs CAP_SYS_NICE or RLIMIT_RTPRIO); "
		     "running SCHED_OTHER");
	else
		note(res, "SCHED_FIFO refused: %s; running SCHED_OTHER", strerror(errno));
}

int pin_apply(const struct pin_topology *t, const char *location, int want_fifo,
	      struct pin_result *res, char *err, size_t errlen)
{
	memset(res, 0, sizeof(*res));
	res->last_cpu = -1;
	res->mem_node = -1;
	if (location) {
		hwloc_obj_t obj = pin_parse_location(t, location, err, errlen);

		if (!obj)
			return -1;
		snprintf(res->requested, sizeof(res->requested), "%s", location);
		describe_obj(obj, res->object, sizeof(res->object));
		bind_cpu(t, obj, res);
		bind_memory(t, obj, res);
	} else {
		note(res, "not pinned (no --cpu): the scheduler may move the thread");
	}
	if (want_fifo)
		set_fifo(res);
	pin_read_back(t, res);
	return 0;
}

int pin_drop_fifo(void)
{
	struct sched_param param = { .sched_priority = 0 };

	return sched_setscheduler(0, SCHED_OTHER, &param) == 0 ? 0 : -errno;
}
