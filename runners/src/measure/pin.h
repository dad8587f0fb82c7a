/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pinning the measuring thread with hwloc: CPU binding to one location in
 * hwloc's own syntax ("core:1", "pu:3", "package:0.core:1"), memory bound
 * to that location's NUMA node(s), SCHED_FIFO when permitted, and a read-back
 * of what was actually obtained for the results context.
 */
#ifndef HMMBENCH_PIN_H
#define HMMBENCH_PIN_H

#include <stddef.h>

#include <hwloc.h>

#define PIN_STR_LEN	128
#define PIN_NOTES_LEN	768

/* The loaded hwloc topology of this machine, shared by every pin_* call. */
struct pin_topology {
	hwloc_topology_t topo;
};

/*
 * What pinning asked for and what the kernel granted. Every field is filled
 * by pin_read_back(), so it reflects the thread's state, not our intentions.
 */
struct pin_result {
	char requested[PIN_STR_LEN];	/* --cpu as given, "" when not pinned */
	char object[PIN_STR_LEN];	/* the hwloc object it named, e.g. "Core L#1 (P#1)" */
	char target_cpuset[PIN_STR_LEN];/* the PU list we bound to, "" when not pinned */
	char cpuset[PIN_STR_LEN];	/* read back: hwloc_get_cpubind(), a PU list "0-1" */
	int last_cpu;			/* read back: hwloc_get_last_cpu_location(), -1 unknown */
	char membind[PIN_STR_LEN];	/* read back: "bind to node 0", "default (nodes 0)" */
	char sched[PIN_STR_LEN];	/* read back: "SCHED_FIFO priority 1", "SCHED_OTHER" */
	int cpu_bound;			/* 1 when the CPU binding was applied */
	int mem_bound;			/* 1 when the memory binding was applied */
	int mem_node;			/* the first (OS) node bound to, -1 when not bound */
	int fifo;			/* 1 when SCHED_FIFO was obtained */
	char notes[PIN_NOTES_LEN];	/* "; "-separated reasons for anything not obtained */
};

/* Load this machine's topology. Returns 0, or -1 with a message in err. */
int pin_topology_load(struct pin_topology *t, char *err, size_t errlen);
void pin_topology_free(struct pin_topology *t);

/* "1 package, 2 cores, 2 PUs, 1 NUMA node" for the results context. */
void pin_topology_summary(const struct pin_topology *t, char *buf, size_t len);

/*
 * Resolve a location ("type:index[.type:index...]", logical indexes, each
 * relative to the previous object as in hwloc-calc). Returns the object, or
 * NULL with a one-line message naming the problem in err.
 */
hwloc_obj_t pin_parse_location(const struct pin_topology *t, const char *location,
			       char *err, size_t errlen);

/*
 * Pin the calling thread to @location (NULL: no CPU or memory binding) and,
 * when @want_fifo, switch it to SCHED_FIFO. A location that does not parse
 * is an error (-1, message in err); a binding or policy the system refuses
 * is not: it is recorded in res->notes and the thread runs as it can.
 * res is always filled by pin_read_back() on success.
 */
int pin_apply(const struct pin_topology *t, const char *location, int want_fifo,
	      struct pin_result *res, char *err, size_t errlen);

/* Fill the read-back fields of res from the calling thread's current state. */
void pin_read_back(const struct pin_topology *t, struct pin_result *res);

/* Back to SCHED_OTHER (after a run, or in tests). Returns 0 or -errno. */
int pin_drop_fifo(void);

#endif
