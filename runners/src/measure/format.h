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
#ifndef HMMBENCH_FORMAT_H
#define HMMBENCH_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "hmm_bench_uapi.h"
#include "measure/flag_table.h"
#include "measure/write_pattern.h"

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

#endif
