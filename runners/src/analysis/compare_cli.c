// SPDX-License-Identifier: GPL-2.0
/*
 * The command-line pieces every command that produces a compare report
 * shares (compare, history, sensitivity), kept below the commands so that
 * no command calls another.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis/compare_cli.h"
#include "analysis/compare_output.h"
#include "util/cli_flag.h"
#include "util/parse_number.h"

/*
 * The flags compare and history share. Returns 1 when argv[*i] was one
 * (consuming its value), 0 when not, -1 after printing an error.
 */
int compare_cli_parse_flag(const char *cmd, int argc, char **argv, int *i,
		       struct compare_options *o, enum compare_format *format, const char **out)
{
	static const char *const valued[] = {
		"--threshold", "--alpha", "--format", "--out", "--seed", "--resamples",
	};
	const char *flag = NULL, *value = NULL;
	unsigned long long u;
	double d;

	if (!strcmp(argv[*i], "--force")) {
		o->force = 1;
		return 1;
	}
	for (size_t k = 0; !flag && k < sizeof(valued) / sizeof(valued[0]); k++) {
		int taken = cli_flag_value(cmd, argc, argv, i, valued[k], &value);

		if (taken < 0)
			return -1;
		if (taken)
			flag = valued[k];
	}
	if (!flag)
		return 0;
	if (!strcmp(flag, "--threshold")) {
		if (parse_number_double(value, 0, 100, &d)) {
			fprintf(stderr, "hmmbench %s: --threshold '%s': want a percentage in [0, 100]\n",
				cmd, value);
			return -1;
		}
		o->threshold = d / 100;
	} else if (!strcmp(flag, "--alpha")) {
		if (parse_number_double(value, 0, 1, &d) || d <= 0 || d >= 1) {
			fprintf(stderr, "hmmbench %s: --alpha '%s': want a number in (0, 1)\n", cmd,
				value);
			return -1;
		}
		o->alpha = d;
	} else if (!strcmp(flag, "--format")) {
		if (compare_output_format_parse(value, format)) {
			fprintf(stderr, "hmmbench %s: --format '%s': want table, markdown, csv or json\n",
				cmd, value);
			return -1;
		}
	} else if (!strcmp(flag, "--out")) {
		*out = value;
	} else if (!strcmp(flag, "--seed")) {
		if (parse_number_u64(value, 10, 0, INT64_MAX, &u)) {
			fprintf(stderr, "hmmbench %s: --seed '%s': want an integer in [0, 2^63-1]\n",
				cmd, value);
			return -1;
		}
		o->seed = u;
	} else {
		if (parse_number_u64(value, 10, 100, 10000000, &u)) {
			fprintf(stderr, "hmmbench %s: --resamples '%s': want 100 .. 10000000\n", cmd,
				value);
			return -1;
		}
		o->resamples = (size_t)u;
	}
	return 1;
}

/* Print @r in @format to @path (NULL: stdout). 0, or -1 after an error message. */
int compare_cli_emit(const char *cmd, const struct compare_report *r, const struct compare_sides *s,
		 enum compare_format format, const char *path)
{
	FILE *out = stdout;
	int ret = 0;

	if (path) {
		out = fopen(path, "w");
		if (!out) {
			fprintf(stderr, "hmmbench %s: --out %s: %s\n", cmd, path, strerror(errno));
			return -1;
		}
	}
	if (format == COMPARE_FORMAT_JSON) {
		json_t *j = compare_output_json(r, s);

		if (!j || json_dumpf(j, out, JSON_INDENT(1) | JSON_REAL_PRECISION(10)) ||
		    fputc('\n', out) == EOF)
			ret = -1;
		json_decref(j);
	} else if (format == COMPARE_FORMAT_MARKDOWN) {
		compare_output_markdown(out, r, s);
	} else if (format == COMPARE_FORMAT_CSV) {
		compare_output_csv(out, r);
	} else {
		compare_output_table(out, r, s, !path && isatty(STDOUT_FILENO));
	}
	if ((path ? fclose(out) : fflush(out)) || ret) {
		fprintf(stderr, "hmmbench %s: writing the report failed\n", cmd);
		return -1;
	}
	/* The one-line verdict also reaches a human when the report went to a file. */
	if (path)
		fprintf(stderr, "hmmbench %s: %s: %zu same, %zu regression, %zu improvement, "
			"%zu unknown\n", cmd, compare_overall(r), r->counts[COMPARE_SAME],
			r->counts[COMPARE_REGRESSION], r->counts[COMPARE_IMPROVEMENT],
			r->counts[COMPARE_UNKNOWN]);
	return 0;
}
