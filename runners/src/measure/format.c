// SPDX-License-Identifier: GPL-2.0
/* Parsing and printing device formats ("fixed", "convert:<table>", "table:<table>"). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "measure/format.h"

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
		why = flag_table_invalid_reason(user);
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

