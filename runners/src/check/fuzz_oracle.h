/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzzer's oracle: from the documented rules of hmm_bench_uapi.h and a
 * model of the caller's memory, the set of results an ioctl may return and
 * the documented error paths that make it fail. It never asks the module:
 * a result outside the set, or a success where a rule says the call must
 * fail, is a module bug (or a documentation bug).
 */
#ifndef HMMBENCH_FUZZ_ORACLE_H
#define HMMBENCH_FUZZ_ORACLE_H

#include <stddef.h>
#include <stdint.h>

#include "hmm_bench_uapi.h"

/* Results as bits, so a set of allowed results is one word. */
enum fuzz_outcome {
	FUZZ_OK,
	FUZZ_EINVAL,
	FUZZ_E2BIG,
	FUZZ_EFAULT,
	FUZZ_EPERM,
	FUZZ_EOPNOTSUPP,
	FUZZ_EBUSY,
	FUZZ_ENOMEM,
	FUZZ_ENOTTY,
	FUZZ_EINTR,
	FUZZ_OTHER,		/* anything the UAPI does not document */
	FUZZ_NR_OUTCOMES
};

#define FUZZ_BIT(o)	(1U << (o))

/* 0 or -errno of an ioctl as an outcome. */
enum fuzz_outcome fuzz_oracle_outcome_of(int ret);
const char *fuzz_oracle_outcome_name(enum fuzz_outcome o);

/*
 * The documented error paths (and the success kinds), one per rule of the
 * UAPI. A call "hits" a path when that path is its only cause and the
 * module returned the path's errno.
 */
enum fuzz_path {
	/* HMM_BENCH_IOC_RUN, checked before any work */
	FUZZ_RUN_ARG_FAULT,		/* the struct cannot be read */
	FUZZ_RUN_FLAGS,
	FUZZ_RUN_OP,
	FUZZ_RUN_FORMAT,
	FUZZ_RUN_TABLE_UNSUPPORTED,	/* FORMAT_TABLE without the kernel patch */
	FUZZ_RUN_ALIGN,
	FUZZ_RUN_LEN_ZERO,
	FUZZ_RUN_LEN_BIG,
	FUZZ_RUN_OVERFLOW,
	FUZZ_RUN_BEYOND_USER,		/* addr + len above TASK_SIZE */
	FUZZ_RUN_SAMPLES_ZERO,
	FUZZ_RUN_SAMPLES_BIG,
	FUZZ_RUN_WARMUP_BIG,
	FUZZ_RUN_PATTERN_SNAPSHOT,	/* a write pattern on SNAPSHOT */
	FUZZ_RUN_PATTERN_UNKNOWN,
	FUZZ_RUN_EVERY_ZERO,
	FUZZ_RUN_BITMAP_BIG,
	FUZZ_RUN_BITMAP_SHORT,
	FUZZ_RUN_TABLE_INDEX,
	FUZZ_RUN_USER_TABLE,		/* HMM_BENCH_TABLE_USER with an invalid table */
	FUZZ_RUN_UNUSED,		/* an input field the run does not use is not zero */
	FUZZ_RUN_ENTRIES_PERM,		/* entries_ptr without CAP_SYS_ADMIN */
	FUZZ_RUN_ENTRIES_SHORT,
	/* HMM_BENCH_IOC_RUN, found while working */
	FUZZ_RUN_BITMAP_FAULT,
	FUZZ_RUN_FAULT_HOLE,		/* fault request on an unmapped page */
	FUZZ_RUN_FAULT_PROT_NONE,	/* fault request on a PROT_NONE page */
	FUZZ_RUN_WRITE_READONLY,	/* write request on a read-only mapping */
	FUZZ_RUN_SAMPLES_FAULT,
	FUZZ_RUN_ENTRIES_FAULT,
	FUZZ_RUN_ARG_READONLY,		/* results cannot be written back */
	FUZZ_RUN_BUSY,			/* invalidations outlasted the timeout */
	/* the other ioctls */
	FUZZ_INFO_FAULT,
	FUZZ_TABLE_FAULT,
	FUZZ_TABLE_INDEX,
	FUZZ_TABLE_RESERVED,
	FUZZ_UNKNOWN_CMD,
	/* successes */
	FUZZ_RUN_OK,
	FUZZ_RUN_OK_HOLES,		/* SNAPSHOT over holes or PROT_NONE: errors counted */
	FUZZ_INFO_OK,
	FUZZ_TABLE_OK,
	FUZZ_NR_PATHS
};

struct fuzz_path_info {
	const char *name;		/* "run.flags" */
	enum fuzz_outcome outcome;	/* what the path returns */
	const char *what;		/* the rule, in words */
};

extern const struct fuzz_path_info fuzz_oracle_paths[FUZZ_NR_PATHS];

/* What the fuzzer knows about a page of memory. */
enum fuzz_page {
	FUZZ_PAGE_UNKNOWN,	/* not the fuzzer's: anything may be there */
	FUZZ_PAGE_RW,		/* PROT_READ | PROT_WRITE, private anonymous */
	FUZZ_PAGE_RO,		/* PROT_READ */
	FUZZ_PAGE_NONE,		/* PROT_NONE */
	FUZZ_PAGE_HOLE,		/* nothing mapped (or no user address at all) */
	FUZZ_PAGE_CHURN,	/* another thread changes it at any time */
};

/* A run of pages of one kind: [start, end). */
struct fuzz_region {
	uint64_t start, end;
	enum fuzz_page page;
};

#define FUZZ_MAX_REGIONS	96

/* The caller's memory as the fuzzer laid it out. Regions do not overlap. */
struct fuzz_memory {
	struct fuzz_region regions[FUZZ_MAX_REGIONS];
	size_t nr_regions;
	uint64_t task_size;	/* TASK_SIZE: 2^47 - 4 KiB, or 2^56 - 4 KiB with 5-level paging */
	uint32_t nr_tables;	/* GET_INFO nr_tables */
	int flag_table;		/* the module has FEAT_FLAG_TABLE */
	int privileged;		/* the caller has CAP_SYS_ADMIN */
};

/* Add a region (sorted on insertion); -1 when full or overlapping. */
int fuzz_oracle_memory_add(struct fuzz_memory *m, uint64_t start, uint64_t end, enum fuzz_page page);

/* The kind of the page holding @addr (UNKNOWN outside every region). */
enum fuzz_page fuzz_oracle_memory_page(const struct fuzz_memory *m, uint64_t addr);

enum fuzz_access {
	FUZZ_ACCESS_OK,		/* copy_{from,to}_user() must succeed */
	FUZZ_ACCESS_FAULT,	/* it must fail */
	FUZZ_ACCESS_UNKNOWN,	/* it may do either */
};

/* Whether @len bytes at @ptr can be read (or written, @write). */
enum fuzz_access fuzz_oracle_memory_access(const struct fuzz_memory *m, uint64_t ptr, uint64_t len,
				    int write);

/* The rule of struct hmm_bench_flag_table, from its documentation. */
int fuzz_oracle_table_valid(const struct hmm_bench_flag_table *t);

/* Whether page @page of a FAULT run gets a write request (documented patterns). */
int fuzz_oracle_wants_write(const struct hmm_bench_run *run, const uint8_t *bitmap, uint64_t page);

#define FUZZ_MAX_CAUSES		24

struct fuzz_expect {
	unsigned int allowed;			/* FUZZ_BIT(outcome) set */
	enum fuzz_path causes[FUZZ_MAX_CAUSES];	/* every rule the call breaks */
	unsigned int nr_causes;
	enum fuzz_path success;			/* the path a success counts for */
	int walk_known;		/* every page of the range has a known kind */
	uint64_t expect_errors;	/* SNAPSHOT with walk_known: pages that must be errors */
	uint64_t expect_writes;	/* FAULT with walk_known: pages requested writable */
};

/*
 * A RUN call: @run as the module will read it (when @arg_access lets it),
 * @bitmap the bytes at run->bitmap_ptr when readable (may be NULL
 * otherwise), @arg_access the struct's own access: read (copy in) and
 * write (copy out).
 */
void fuzz_oracle_expect_run(const struct fuzz_memory *m, const struct hmm_bench_run *run,
		     const uint8_t *bitmap, enum fuzz_access arg_read, enum fuzz_access arg_write,
		     struct fuzz_expect *e);

/* GET_INFO and GET_TABLE with the argument's access; unknown commands. */
void fuzz_oracle_expect_info(enum fuzz_access arg_write, struct fuzz_expect *e);
void fuzz_oracle_expect_table(const struct fuzz_memory *m, const struct hmm_bench_table_query *q,
		       enum fuzz_access arg_read, enum fuzz_access arg_write,
		       struct fuzz_expect *e);
void fuzz_oracle_expect_unknown(struct fuzz_expect *e);

#endif
