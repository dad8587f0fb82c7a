/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Performance counters for 'hmmbench run --events ...': libpfm4 encodes any
 * event string it knows into a perf_event_attr, perf_event_open() counts it.
 *
 * Counting model: kernel-inclusive counting on the calling thread (pid 0,
 * cpu -1, user and kernel mode, hypervisor excluded) while the caller has
 * the counters started, i.e. around its batch of HMM_BENCH_IOC_RUN calls.
 * The measured work runs in the kernel on this thread, inside the ioctl, so
 * the counts are attributable to it; the only other code counted is the
 * ioctl entry/exit and whatever the caller does between counters_start()
 * and counters_stop() (keep page resets such as MADV_DONTNEED outside).
 * Counts include the ioctl's own warm-up calls: divide by
 * (warmup + samples) calls and by pages per call for per-page figures.
 *
 * One trap: the faults hmm_range_fault() takes itself are not perf
 * page-fault events. mm_account_fault() (mm/memory.c) skips the perf
 * events when regs is NULL, as for GUP, and only bumps the thread's
 * min_flt/maj_flt, so "page-faults" around a RUN batch counts CPU faults
 * only, while getrusage(RUSAGE_THREAD) ru_minflt also sees the HMM ones.
 *
 * Every event is probed alone first; those that open are then grouped
 * (one leader, scheduled together, so ratios between them are exact). When
 * the kernel refuses the group they are counted separately and the note
 * says so. Each reading is scaled by time_enabled / time_running, and the
 * ratio running/enabled (1.0 = never multiplexed) is kept with it.
 *
 * Friendly names need no table of ours: libpfm4's "perf" PMU matches
 * cycles, instructions, task-clock, page-faults, context-switches (cs),
 * cpu-migrations, minor-faults, ... case-insensitively, and any full
 * libpfm4 string ("perf::PERF_COUNT_SW_PAGE_FAULTS",
 * "amd64_fam19h_zen3::RETIRED_INSTRUCTIONS") passes through unchanged. An
 * explicit ":u" or ":k" modifier in the string is respected; the encoding
 * actually used is recorded.
 */
#ifndef HMMBENCH_COUNTERS_H
#define HMMBENCH_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

#define COUNTERS_MAX		16
#define COUNTERS_NAME_LEN	128
#define COUNTERS_TEXT_LEN	320

enum counter_status {
	COUNTER_COUNTED,	/* opened; readings below are meaningful */
	COUNTER_UNAVAILABLE,	/* see reason */
};

struct counter {
	char name[COUNTERS_NAME_LEN];		/* as requested */
	char encoding[COUNTERS_TEXT_LEN];	/* libpfm4's fully qualified event, "" if none */
	enum counter_status status;
	char reason[COUNTERS_TEXT_LEN];		/* why unavailable */
	int pfm_error;				/* libpfm4 error code, 0 when encoded */
	int open_errno;				/* perf_event_open() errno, 0 when opened */
	int kernel;				/* 1 when kernel mode is counted */
	uint32_t type;				/* perf_event_attr type and config */
	uint64_t config;

	/* The last counters_read(), deltas since counters_reset(). */
	uint64_t raw;				/* unscaled count */
	uint64_t enabled_ns;			/* time enabled */
	uint64_t running_ns;			/* time actually on the PMU */
	double value;				/* raw * enabled / running */
	double running_ratio;			/* running / enabled; 1.0 = not multiplexed */
	int valid;				/* 0 when enabled but never running */

	/* Private. */
	int fd;
	uint64_t id;
	uint64_t base_raw, base_enabled, base_running;
	uint64_t cur_raw, cur_enabled, cur_running;
	int probed_ok;
};

struct counters {
	struct counter ev[COUNTERS_MAX];
	size_t nr;
	int grouped;				/* 1 when the counted events form one group */
	char note[COUNTERS_TEXT_LEN];		/* e.g. why they are not grouped */
	int leader;				/* index of the group leader, -1 if none */
};

/*
 * Parse "cycles,instructions,..." and set every event up. Returns 0 even
 * when events are unavailable (each carries its reason); -1 with a message
 * naming --events in err only for a malformed list (empty item, too many,
 * too long). Call counters_close() afterwards in both cases.
 */
int counters_open(struct counters *c, const char *events, char *err, size_t errlen);

/* Take the baseline that counters_read() subtracts. Returns 0 or -errno. */
int counters_reset(struct counters *c);
/* Let the counted events run on this thread / stop them. Return 0 or -errno. */
int counters_start(struct counters *c);
int counters_stop(struct counters *c);
/*
 * Read every counted event: fills raw/enabled/running/value/running_ratio/
 * valid with the deltas since counters_reset(); counts accumulate over any
 * number of start/stop pairs. Returns 0 or -errno.
 */
int counters_read(struct counters *c);

void counters_close(struct counters *c);

/* Number of events whose status is COUNTER_COUNTED. */
size_t counters_nr_counted(const struct counters *c);

/*
 * Why perf_event_open() failed with @error, in words with the errno name,
 * e.g. "not permitted (perf_event_paranoid=2, need CAP_PERFMON): EACCES".
 */
void counters_errno_reason(int error, char *buf, size_t len);

#endif
