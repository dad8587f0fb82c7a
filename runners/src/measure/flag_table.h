/* SPDX-License-Identifier: GPL-2.0 */
/* Flag tables given by hand: "flags=..:values=..:shift=N" (indices as in the UAPI). */
#ifndef HMMBENCH_FLAG_TABLE_H
#define HMMBENCH_FLAG_TABLE_H

#include <stddef.h>

#include "hmm_bench_uapi.h"

/* "flags=F0,F1,F2:values=V0,V1,V2:shift=N", indices as in the UAPI. */
int flag_table_parse(const char *text, struct hmm_bench_flag_table *table, char *err, size_t err_len);
int flag_table_to_string(const struct hmm_bench_flag_table *table, char *buf, size_t len);

/*
 * Why hmm_bench_table_valid() rejects @table, in words, or NULL when it
 * accepts it. The UAPI helper stays the judge: this only explains.
 */
const char *flag_table_invalid_reason(const struct hmm_bench_flag_table *table);

#endif
