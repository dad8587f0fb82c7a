// SPDX-License-Identifier: GPL-2.0
/* Parsing and printing device formats, flag tables and write patterns. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/formats.h"
#include "util/parse_number.h"

static const char *const flag_names[HMM_BENCH_FLAG_MAX] = { "VALID", "WRITE", "DEVICE_PRIVATE" };
static const char *const value_names[HMM_BENCH_VALUE_MAX] = { "ERROR", "NONE", "SPECIAL" };

/* A whole-string unsigned number in C notation (0x.., 0.., decimal). */
static int parse_u64(const char *text, uint64_t *out)
{
	unsigned long long v;

	if (parse_number_u64(text, 0, 0, UINT64_MAX, &v))
		return -EINVAL;
	*out = v;
	return 0;
}

/* A table name: 1..15 characters of [a-z0-9_-]. */
static int copy_table_name(const char *name, char *out, char *err, size_t err_len)
{
	size_t len = strlen(name);

	if (!len) {
		snprintf(err, err_len, "missing table name after ':'");
		return -EINVAL;
	}
	if (len >= HMM_BENCH_TABLE_NAME_LEN) {
		snprintf(err, err_len, "table name '%s' longer than %d characters", name,
			 HMM_BENCH_TABLE_NAME_LEN - 1);
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
			snprintf(err, err_len, "table name '%s': only a-z, 0-9, '_' and '-' allowed", name);
			return -EINVAL;
		}
	}
	memcpy(out, name, len + 1);
	return 0;
}

int format_parse(const char *text, struct device_format *fmt, char *err, size_t err_len)
{
	memset(fmt, 0, sizeof(*fmt));
	if (!strcmp(text, "fixed")) {
		fmt->format = HMM_BENCH_FORMAT_FIXED;
		return 0;
	}
	if (!strncmp(text, "convert:", 8)) {
		fmt->format = HMM_BENCH_FORMAT_CONVERT;
		return copy_table_name(text + 8, fmt->table_name, err, err_len);
	}
	if (!strncmp(text, "table:", 6)) {
		fmt->format = HMM_BENCH_FORMAT_TABLE;
		return copy_table_name(text + 6, fmt->table_name, err, err_len);
	}
	snprintf(err, err_len,
		 "unknown device format '%s' (want fixed, convert:<table> or table:<table>)", text);
	return -EINVAL;
}

int format_resolve(struct device_format *fmt, const struct hmm_bench_table_query *builtins,
		   unsigned int nr_builtins, const struct hmm_bench_flag_table *user,
		   char *err, size_t err_len)
{
	const char *why;

	if (fmt->format == HMM_BENCH_FORMAT_FIXED)
		return 0;
	if (!strcmp(fmt->table_name, FORMAT_USER_TABLE_NAME)) {
		if (!user) {
			snprintf(err, err_len, "table 'user' needs --table flags=..:values=..:shift=N");
			return -EINVAL;
		}
		why = table_invalid_reason(user);
		if (why) {
			snprintf(err, err_len, "the --table is not valid: %s", why);
			return -EINVAL;
		}
		fmt->table = HMM_BENCH_TABLE_USER;
		fmt->table_def = *user;
		return 0;
	}
	for (unsigned int i = 0; i < nr_builtins; i++) {
		if (!strncmp(fmt->table_name, builtins[i].name, HMM_BENCH_TABLE_NAME_LEN)) {
			fmt->table = i;
			fmt->table_def = builtins[i].table;
			return 0;
		}
	}
	{
		char names[128] = "";
		size_t used = 0;

		for (unsigned int i = 0; i < nr_builtins && used < sizeof(names); i++)
			used += snprintf(names + used, sizeof(names) - used, "%s%.*s", i ? ", " : "",
					 HMM_BENCH_TABLE_NAME_LEN, builtins[i].name);
		snprintf(err, err_len, "unknown table '%s' (the module has: %s; or 'user' with --table)",
			 fmt->table_name, nr_builtins ? names : "none");
	}
	return -EINVAL;
}

int format_to_string(const struct device_format *fmt, char *buf, size_t len)
{
	switch (fmt->format) {
	case HMM_BENCH_FORMAT_FIXED:
		return snprintf(buf, len, "fixed");
	case HMM_BENCH_FORMAT_CONVERT:
		return snprintf(buf, len, "convert:%s", fmt->table_name);
	case HMM_BENCH_FORMAT_TABLE:
		return snprintf(buf, len, "table:%s", fmt->table_name);
	}
	return snprintf(buf, len, "format-%u", fmt->format);
}

void format_apply(const struct device_format *fmt, struct hmm_bench_run *run)
{
	run->format = fmt->format;
	run->table = 0;
	memset(&run->user_table, 0, sizeof(run->user_table));
	if (fmt->format == HMM_BENCH_FORMAT_FIXED)
		return;
	run->table = fmt->table;
	if (fmt->table == HMM_BENCH_TABLE_USER)
		run->user_table = fmt->table_def;
}

/* "a,b,c" into exactly @count numbers. */
static int parse_u64_list(const char *field, const char *text, __u64 *out, int count,
			  char *err, size_t err_len)
{
	char buf[256], *save = NULL, *item;
	int n = 0;

	if (strlen(text) >= sizeof(buf)) {
		snprintf(err, err_len, "%s: list too long", field);
		return -EINVAL;
	}
	strcpy(buf, text);
	/* strtok_r would skip empty items; count commas to catch "1,,2". */
	for (const char *c = text; *c; c++)
		n += *c == ',';
	if (n != count - 1) {
		snprintf(err, err_len, "%s: expected %d comma-separated numbers, got '%s'", field, count, text);
		return -EINVAL;
	}
	n = 0;
	for (item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		uint64_t value;

		if (parse_u64(item, &value)) {
			snprintf(err, err_len, "%s: '%s' is not an unsigned 64-bit number", field, item);
			return -EINVAL;
		}
		out[n++] = value;
	}
	if (n != count) {
		snprintf(err, err_len, "%s: expected %d comma-separated numbers, got '%s'", field, count, text);
		return -EINVAL;
	}
	return 0;
}

int table_parse(const char *text, struct hmm_bench_flag_table *table, char *err, size_t err_len)
{
	char buf[512], *save = NULL, *field;
	int have_flags = 0, have_values = 0, have_shift = 0, ret;
	const char *why;

	memset(table, 0, sizeof(*table));
	if (strlen(text) >= sizeof(buf)) {
		snprintf(err, err_len, "table description too long");
		return -EINVAL;
	}
	strcpy(buf, text);
	for (field = strtok_r(buf, ":", &save); field; field = strtok_r(NULL, ":", &save)) {
		if (!strncmp(field, "flags=", 6)) {
			ret = parse_u64_list("flags", field + 6, table->flags, HMM_BENCH_FLAG_MAX,
					     err, err_len);
			if (ret)
				return ret;
			have_flags++;
		} else if (!strncmp(field, "values=", 7)) {
			ret = parse_u64_list("values", field + 7, table->values, HMM_BENCH_VALUE_MAX,
					     err, err_len);
			if (ret)
				return ret;
			have_values++;
		} else if (!strncmp(field, "shift=", 6)) {
			uint64_t shift;

			if (parse_u64(field + 6, &shift) || shift > HMM_BENCH_MAX_PFN_SHIFT) {
				snprintf(err, err_len, "shift: '%s' is not a number from 0 to %u",
					 field + 6, HMM_BENCH_MAX_PFN_SHIFT);
				return -EINVAL;
			}
			table->pfn_shift = shift;
			have_shift++;
		} else {
			snprintf(err, err_len, "unknown table field '%s' (want flags=, values=, shift=)", field);
			return -EINVAL;
		}
	}
	if (have_flags != 1 || have_values != 1 || have_shift != 1) {
		snprintf(err, err_len,
			 "a table needs each of flags=VALID,WRITE,DEVICE_PRIVATE, values=ERROR,NONE,SPECIAL and shift=N exactly once");
		return -EINVAL;
	}
	why = table_invalid_reason(table);
	if (why) {
		snprintf(err, err_len, "invalid table: %s", why);
		return -EINVAL;
	}
	return 0;
}

int table_to_string(const struct hmm_bench_flag_table *t, char *buf, size_t len)
{
	return snprintf(buf, len,
			"flags=0x%llx,0x%llx,0x%llx:values=0x%llx,0x%llx,0x%llx:shift=%u",
			(unsigned long long)t->flags[0], (unsigned long long)t->flags[1],
			(unsigned long long)t->flags[2], (unsigned long long)t->values[0],
			(unsigned long long)t->values[1], (unsigned long long)t->values[2],
			t->pfn_shift);
}

const char *table_invalid_reason(const struct hmm_bench_flag_table *t)
{
	static char why[160];
	uint64_t valid = t->flags[HMM_BENCH_FLAG_VALID];

	if (hmm_bench_table_valid(t))
		return NULL;
	if (!valid)
		return "flags[VALID] is zero";
	if (t->reserved)
		return "reserved is not zero";
	if (t->pfn_shift > HMM_BENCH_MAX_PFN_SHIFT) {
		snprintf(why, sizeof(why), "pfn shift %u is above %u", t->pfn_shift,
			 HMM_BENCH_MAX_PFN_SHIFT);
		return why;
	}
	for (int i = 0; i < HMM_BENCH_FLAG_MAX; i++) {
		if (t->flags[i] >> t->pfn_shift) {
			snprintf(why, sizeof(why), "flags[%s] 0x%llx has bits at or above the pfn shift %u",
				 flag_names[i], (unsigned long long)t->flags[i], t->pfn_shift);
			return why;
		}
	}
	for (int i = 0; i < HMM_BENCH_VALUE_MAX; i++) {
		if ((t->values[i] & valid) == valid) {
			snprintf(why, sizeof(why),
				 "values[%s] 0x%llx contains flags[VALID] 0x%llx, so it would decode as a page",
				 value_names[i], (unsigned long long)t->values[i], (unsigned long long)valid);
			return why;
		}
	}
	return "rejected by hmm_bench_table_valid()";
}

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
		uint64_t n;

		if (parse_u64(text + 6, &n) || n < 1 || n > UINT32_MAX) {
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
