// SPDX-License-Identifier: GPL-2.0
/* Parsing, printing and checking flag tables given by hand. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "measure/flag_table.h"
#include "util/parse_number.h"

static const char *const flag_names[HMM_BENCH_FLAG_MAX] = { "VALID", "WRITE", "DEVICE_PRIVATE" };
static const char *const value_names[HMM_BENCH_VALUE_MAX] = { "ERROR", "NONE", "SPECIAL" };

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
		unsigned long long value;

		if (parse_number_u64(item, 0, 0, UINT64_MAX, &value)) {
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

int flag_table_parse(const char *text, struct hmm_bench_flag_table *table, char *err, size_t err_len)
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
			unsigned long long shift;

			if (parse_number_u64(field + 6, 0, 0, HMM_BENCH_MAX_PFN_SHIFT, &shift)) {
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
	why = flag_table_invalid_reason(table);
	if (why) {
		snprintf(err, err_len, "invalid table: %s", why);
		return -EINVAL;
	}
	return 0;
}

int flag_table_to_string(const struct hmm_bench_flag_table *t, char *buf, size_t len)
{
	return snprintf(buf, len,
			"flags=0x%llx,0x%llx,0x%llx:values=0x%llx,0x%llx,0x%llx:shift=%u",
			(unsigned long long)t->flags[0], (unsigned long long)t->flags[1],
			(unsigned long long)t->flags[2], (unsigned long long)t->values[0],
			(unsigned long long)t->values[1], (unsigned long long)t->values[2],
			t->pfn_shift);
}

const char *flag_table_invalid_reason(const struct hmm_bench_flag_table *t)
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

