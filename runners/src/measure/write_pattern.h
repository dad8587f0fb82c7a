/* SPDX-License-Identifier: GPL-2.0 */
/* Write-request patterns: "none", "all", "alternate", "every:N", "bitmap:FILE". */
#ifndef HMMBENCH_WRITE_PATTERN_H
#define HMMBENCH_WRITE_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#include "hmm_bench_uapi.h"

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
