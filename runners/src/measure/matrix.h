/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parameter matrix of 'hmmbench run': which configurations to measure
 * and in what order.
 *
 * Dimensions: operation, page kind, range size, device format (format.h
 * spellings, parsed but not resolved against the module's tables) and
 * write-request pattern (fault operations only; snapshot always runs with
 * "none"). A matrix comes from a preset ("default", "tiny", "full") or a
 * matrix file, with command-line flags overriding single keys:
 *
 *   # comments run to the end of the line
 *   ops      = snapshot, fault-unpopulated, fault-present
 *   kinds    = 4k, thp, hugetlb2m
 *   sizes    = 4K, 2M, 64M, 1G
 *   formats  = fixed, convert:nouveau, table:nouveau
 *   patterns = none, all, alternate, every:8
 *   samples  = 30       # timed calls per configuration, over all rounds
 *   warmup   = 3        # untimed calls before each visit's samples
 *   rounds   = 5        # visits per configuration (interleaving)
 *   seed     = 42       # run order; random (and recorded) when absent
 *
 * Run order: the samples of each configuration are split over @rounds
 * visits; every round visits every configuration once, in an order
 * shuffled per round from the seed, so slow drift (thermal, host load,
 * THP fragmentation) spreads over all configurations alike.
 */
#ifndef HMMBENCH_MATRIX_H
#define HMMBENCH_MATRIX_H

#include <stddef.h>
#include <stdint.h>

#include "measure/buffer.h"
#include "measure/format.h"

#define MATRIX_NAME_LEN		128
#define MATRIX_NOTE_LEN		128
#define MATRIX_MAX_VALUES	32	/* values per dimension */
#define MATRIX_MAX_OVERRIDES	16
#define MATRIX_MIN_SIZE		4096ULL

enum matrix_op {
	MATRIX_OP_SNAPSHOT,		/* present pages, no fault requests */
	MATRIX_OP_FAULT_UNPOPULATED,	/* fault requests on pages reset before each sample */
	MATRIX_OP_FAULT_PRESENT,	/* fault requests on pages already present */
	MATRIX_NR_OPS
};

struct matrix_config {
	char name[MATRIX_NAME_LEN];	/* "snapshot/4k/2M/fixed/none": stable across runs */
	enum matrix_op op;
	enum page_kind kind;
	uint64_t size;			/* bytes, a multiple of 4 KiB */
	struct device_format format;	/* parsed; the runner calls format_resolve() */
	struct write_pattern pattern;	/* never a bitmap: usable by write_pattern_apply() */
	char note[MATRIX_NOTE_LEN];	/* caveat for the results, "" when none */
};

/* A combination that will not run, and why (recorded in the results). */
struct matrix_dropped {
	char name[MATRIX_NAME_LEN];
	char reason[MATRIX_NOTE_LEN];
};

/* One step of the run order: take @samples samples of config @config. */
struct matrix_visit {
	size_t config;			/* index into matrix.configs */
	unsigned int round;		/* 0 .. rounds - 1 */
	unsigned int samples;		/* this visit's share of matrix.samples */
};

/* The dimension values, in the order given (for matrix_describe()). */
struct matrix_values {
	enum matrix_op ops[MATRIX_NR_OPS];
	size_t nr_ops;
	enum page_kind kinds[PAGE_KIND_COUNT];
	size_t nr_kinds;
	uint64_t sizes[MATRIX_MAX_VALUES];
	size_t nr_sizes;
	struct device_format formats[MATRIX_MAX_VALUES];
	size_t nr_formats;
	struct write_pattern patterns[MATRIX_MAX_VALUES];
	size_t nr_patterns;
	unsigned int samples;
	unsigned int warmup;
	unsigned int rounds;
	uint64_t seed;
	int seed_set;
};

/* Where a matrix comes from: a preset or file, then flag overrides. */
struct matrix_spec {
	char base[4096];		/* "default", "tiny", "full", or a file path */
	struct {
		char key[16];
		char value[1024];
	} overrides[MATRIX_MAX_OVERRIDES];
	size_t nr_overrides;
};

struct matrix {
	char source[4200];		/* "preset default", "file m.txt, --sizes 4K" */
	struct matrix_values values;
	struct matrix_config *configs;
	size_t nr_configs;
	struct matrix_dropped *dropped;
	size_t nr_dropped;
	unsigned int rounds;		/* values.rounds, at most values.samples */
	uint64_t seed;			/* the seed used, given or drawn */
	int seed_given;			/* 0 when drawn from getrandom() */
	struct matrix_visit *order;	/* after matrix_schedule(): rounds * nr_configs */
	size_t nr_visits;
};

/* The flags matrix_spec_flag() takes: "--matrix", "--ops", ... */
extern const char *const matrix_flags[];

void matrix_spec_init(struct matrix_spec *spec);

/*
 * Take one 'hmmbench run' flag and its value. Returns 1 when it is a matrix
 * flag (checked now: a bad value fails here, naming the flag), 0 when the
 * flag is not a matrix flag, -1 with a one-line message in err.
 */
int matrix_spec_flag(struct matrix_spec *spec, const char *flag, const char *value,
		     char *err, size_t errlen);

/*
 * Build the matrix: base preset or file, then the overrides, then the
 * expansion (invalid combinations go to m->dropped), then the seed. The run
 * order is made by matrix_schedule(), after any matrix_drop_if().
 * Returns 0, or -1 with "FILE:LINE: ..." or "--flag 'value': ..." in err.
 */
int matrix_build(const struct matrix_spec *spec, struct matrix *m, char *err, size_t errlen);

/*
 * Parse matrix-file text (what matrix_build() does with a file's contents);
 * @origin names it in errors ("m.txt" gives "m.txt:3: ...").
 */
int matrix_parse_text(const char *text, const char *origin, struct matrix_values *v,
		      char *err, size_t errlen);

/* Expand values into m->configs and m->dropped (no order yet). */
int matrix_expand(const struct matrix_values *v, struct matrix *m, char *err, size_t errlen);

/*
 * Drop every configuration for which @why returns 1 (having written a reason
 * into its buffer), e.g. table: formats on a kernel without the flag-table
 * patch. Must come before matrix_schedule(). Returns the number dropped.
 */
size_t matrix_drop_if(struct matrix *m,
		      int (*why)(const struct matrix_config *c, void *ctx, char *reason,
				 size_t len),
		      void *ctx);

/* Make m->order from m->seed. Returns 0 or -ENOMEM. */
int matrix_schedule(struct matrix *m);

/* A rough cost of one visit, proportional to the pages it touches (progress ETA). */
double matrix_visit_cost(const struct matrix *m, const struct matrix_visit *visit);

/* One paragraph for the results context. Returns what snprintf() returns. */
int matrix_describe(const struct matrix *m, char *buf, size_t len);

void matrix_free(struct matrix *m);

/* Names and values. */
const char *matrix_op_name(enum matrix_op op);
/* HMM_BENCH_OP_* for the ioctl. */
uint32_t matrix_op_uapi(enum matrix_op op);
/* Whether the range must be populated before the samples (snapshot, fault-present). */
int matrix_op_prefaults(enum matrix_op op);

/* "4K", "2M", "1G", "6M", "1536K": largest exact binary unit. */
int matrix_size_to_string(uint64_t size, char *buf, size_t len);
/* "4K", "4k", "4KiB", "2M", "1G", "4096": bytes, a multiple of 4 KiB, at most HMM_BENCH_MAX_LEN. */
int matrix_size_parse(const char *text, uint64_t *size, char *err, size_t errlen);

#endif
