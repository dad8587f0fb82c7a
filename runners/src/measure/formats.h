/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command-line spellings of what the module runs: device formats
 * ("fixed", "convert:<table>", "table:<table>"), flag tables given by hand
 * ("flags=..:values=..:shift=N") and write-request patterns ("none", "all",
 * "alternate", "every:N", "bitmap:FILE"). Each parser has a printer that
 * gives back a string the parser accepts, so results can name a
 * configuration in the words the user typed.
 *
 * Parsers return 0, or -EINVAL (-ENOMEM, -errno of a file) with a one-line
 * message in @err that names the bad part; the caller adds its own prefix.
 */
#ifndef HMMBENCH_FORMATS_H
#define HMMBENCH_FORMATS_H

#include <stddef.h>
#include <stdint.h>

#include "hmm_bench_uapi.h"

/* The table name that stands for the --table given on the command line. */
#define FORMAT_USER_TABLE_NAME	"user"

struct device_format {
	uint32_t format;			/* HMM_BENCH_FORMAT_* */
	char table_name[HMM_BENCH_TABLE_NAME_LEN];	/* CONVERT, TABLE: as typed */
	/* Filled by format_resolve(): */
	uint32_t table;				/* built-in index or HMM_BENCH_TABLE_USER */
	struct hmm_bench_flag_table table_def;	/* the table's contents */
};

int format_parse(const char *text, struct device_format *fmt, char *err, size_t err_len);

/*
 * Look the table name up among the module's built-in tables (GET_TABLE
 * results) or take @user (NULL when no --table was given) for "user".
 * A "fixed" format resolves to nothing and always succeeds.
 */
int format_resolve(struct device_format *fmt, const struct hmm_bench_table_query *builtins,
		   unsigned int nr_builtins, const struct hmm_bench_flag_table *user,
		   char *err, size_t err_len);

/* "fixed", "convert:nouveau", ...; returns what snprintf() returns. */
int format_to_string(const struct device_format *fmt, char *buf, size_t len);

/* Set run->format, run->table and run->user_table from a resolved format. */
void format_apply(const struct device_format *fmt, struct hmm_bench_run *run);

/* "flags=F0,F1,F2:values=V0,V1,V2:shift=N", indices as in the UAPI. */
int table_parse(const char *text, struct hmm_bench_flag_table *table, char *err, size_t err_len);
int table_to_string(const struct hmm_bench_flag_table *table, char *buf, size_t len);

/*
 * Why hmm_bench_table_valid() rejects @table, in words, or NULL when it
 * accepts it. The UAPI helper stays the judge: this only explains.
 */
const char *table_invalid_reason(const struct hmm_bench_flag_table *table);

struct write_pattern {
	uint32_t kind;			/* HMM_BENCH_WRITE_* */
	uint32_t every;			/* HMM_BENCH_WRITE_EVERY_NTH: n */
	char path[256];			/* HMM_BENCH_WRITE_BITMAP: the file */
	unsigned char *bitmap;		/* its bytes, bit i = page i (LSB first) */
	size_t bitmap_bytes;
};

int write_pattern_parse(const char *text, struct write_pattern *pattern, char *err, size_t err_len);
int write_pattern_to_string(const struct write_pattern *pattern, char *buf, size_t len);
void write_pattern_free(struct write_pattern *pattern);

/* Whether page @page of the range gets a write request. */
int write_pattern_wants_write(const struct write_pattern *pattern, uint64_t page);

/* Whether any of the first @nr_pages pages gets a write request. */
int write_pattern_any_write(const struct write_pattern *pattern, uint64_t nr_pages);

/*
 * Set run->write_pattern, write_every, bitmap_ptr and bitmap_bytes for a
 * range of @nr_pages pages; fails when a bitmap is too short for it.
 */
int write_pattern_apply(const struct write_pattern *pattern, uint64_t nr_pages,
			struct hmm_bench_run *run, char *err, size_t err_len);

#endif
