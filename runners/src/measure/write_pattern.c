// SPDX-License-Identifier: GPL-2.0
/* Parsing, printing and applying write-request patterns. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/write_pattern.h"
#include "util/parse_number.h"

static int load_bitmap(struct write_pattern *p, char *err, size_t err_len)
{
	FILE *f = fopen(p->path, "rb");
	long size;
	int ret;

	if (!f) {
		ret = -errno;
		snprintf(err, err_len, "bitmap file %s: %s", p->path, strerror(errno));
		return ret;
	}
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		ret = -errno;
		snprintf(err, err_len, "bitmap file %s: %s", p->path, strerror(errno));
		fclose(f);
		return ret;
	}
	if (size == 0 || (unsigned long long)size > HMM_BENCH_MAX_BITMAP_BYTES) {
		snprintf(err, err_len, "bitmap file %s: %ld bytes, want 1 to %llu", p->path, size,
			 (unsigned long long)HMM_BENCH_MAX_BITMAP_BYTES);
		fclose(f);
		return -EINVAL;
	}
	p->bitmap = malloc(size);
	if (!p->bitmap) {
		fclose(f);
		snprintf(err, err_len, "bitmap file %s: out of memory", p->path);
		return -ENOMEM;
	}
	if (fread(p->bitmap, 1, size, f) != (size_t)size) {
		snprintf(err, err_len, "bitmap file %s: short read", p->path);
		fclose(f);
		write_pattern_free(p);
		return -EIO;
	}
	fclose(f);
	p->bitmap_bytes = size;
	return 0;
}

int write_pattern_parse(const char *text, struct write_pattern *p, char *err, size_t err_len)
{
	memset(p, 0, sizeof(*p));
	if (!strcmp(text, "none")) {
		p->kind = HMM_BENCH_WRITE_NONE;
	} else if (!strcmp(text, "all")) {
		p->kind = HMM_BENCH_WRITE_ALL;
	} else if (!strcmp(text, "alternate")) {
		p->kind = HMM_BENCH_WRITE_ALTERNATE;
	} else if (!strncmp(text, "every:", 6)) {
		unsigned long long n;

		if (parse_number_u64(text + 6, 0, 1, UINT32_MAX, &n)) {
			snprintf(err, err_len, "write pattern '%s': N in every:N must be 1 to %u",
				 text, UINT32_MAX);
			return -EINVAL;
		}
		p->kind = HMM_BENCH_WRITE_EVERY_NTH;
		p->every = n;
	} else if (!strncmp(text, "bitmap:", 7)) {
		if (!text[7] || strlen(text + 7) >= sizeof(p->path)) {
			snprintf(err, err_len, "write pattern '%s': want bitmap:FILE", text);
			return -EINVAL;
		}
		p->kind = HMM_BENCH_WRITE_BITMAP;
		strcpy(p->path, text + 7);
		return load_bitmap(p, err, err_len);
	} else {
		snprintf(err, err_len,
			 "unknown write pattern '%s' (want none, all, alternate, every:N or bitmap:FILE)", text);
		return -EINVAL;
	}
	return 0;
}

int write_pattern_to_string(const struct write_pattern *p, char *buf, size_t len)
{
	switch (p->kind) {
	case HMM_BENCH_WRITE_NONE:
		return snprintf(buf, len, "none");
	case HMM_BENCH_WRITE_ALL:
		return snprintf(buf, len, "all");
	case HMM_BENCH_WRITE_ALTERNATE:
		return snprintf(buf, len, "alternate");
	case HMM_BENCH_WRITE_EVERY_NTH:
		return snprintf(buf, len, "every:%u", p->every);
	case HMM_BENCH_WRITE_BITMAP:
		return snprintf(buf, len, "bitmap:%s", p->path);
	}
	return snprintf(buf, len, "pattern-%u", p->kind);
}

void write_pattern_free(struct write_pattern *p)
{
	free(p->bitmap);
	p->bitmap = NULL;
	p->bitmap_bytes = 0;
}

int write_pattern_wants_write(const struct write_pattern *p, uint64_t page)
{
	switch (p->kind) {
	case HMM_BENCH_WRITE_ALL:
		return 1;
	case HMM_BENCH_WRITE_ALTERNATE:
		return page % 2 == 0;
	case HMM_BENCH_WRITE_EVERY_NTH:
		return p->every && page % p->every == 0;
	case HMM_BENCH_WRITE_BITMAP:
		return page / 8 < p->bitmap_bytes && (p->bitmap[page / 8] >> (page % 8)) & 1;
	}
	return 0;
}

int write_pattern_any_write(const struct write_pattern *p, uint64_t nr_pages)
{
	if (p->kind != HMM_BENCH_WRITE_BITMAP)
		return nr_pages && p->kind != HMM_BENCH_WRITE_NONE;
	for (uint64_t i = 0; i < nr_pages; i++)
		if (write_pattern_wants_write(p, i))
			return 1;
	return 0;
}

int write_pattern_apply(const struct write_pattern *p, uint64_t nr_pages,
			struct hmm_bench_run *run, char *err, size_t err_len)
{
	run->write_pattern = p->kind;
	run->write_every = p->kind == HMM_BENCH_WRITE_EVERY_NTH ? p->every : 0;
	run->bitmap_ptr = 0;
	run->bitmap_bytes = 0;
	if (p->kind != HMM_BENCH_WRITE_BITMAP)
		return 0;
	if (p->bitmap_bytes * 8 < nr_pages) {
		snprintf(err, err_len, "bitmap file %s has %zu bits, the range has %llu pages",
			 p->path, p->bitmap_bytes * 8, (unsigned long long)nr_pages);
		return -EINVAL;
	}
	run->bitmap_ptr = (uintptr_t)p->bitmap;
	run->bitmap_bytes = p->bitmap_bytes;
	return 0;
}

