// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench compare BASE.json NEW.json: the regression verdict (compare.h)
 * as a table, Markdown or JSON, with an exit code for CI and git bisect.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "analysis/compare.h"
#include "results/results.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench compare BASE.json NEW.json [OPTIONS]\n"
		"\n"
		"Per configuration (paired by parameters): ns/page medians, the change with the\n"
		"95%% bootstrap CI of the median ratio, Mann-Whitney U and Kolmogorov-Smirnov\n"
		"p-values, and a verdict: same, regression, improvement or unknown.\n"
		"\n"
		"  --threshold PCT  noise threshold in percent (default per mode: qemu-icount 0.5,\n"
		"                   native 2, qemu-tcg 5, vm 5)\n"
		"  --alpha A        significance level of the U test (default 0.05)\n"
		"  --resamples N    bootstrap resamples (default 10000)\n"
		"  --seed N         bootstrap seed (default %d)\n"
		"  --format F       table (default: changes first, then geometric means per\n"
		"                   operation and page kind, then every configuration),\n"
		"                   markdown, csv or json\n"
		"  --out FILE       write the report to FILE instead of stdout\n"
		"  --list VERDICT   print only the names of the configurations with that verdict\n"
		"                   (same, regression, improvement, unknown), one per line\n"
		"  --only PATTERN[,PATTERN]  judge only the configurations whose name matches\n"
		"                   one of these fnmatch(3) globs ('snapshot/*', 'fault-*/thp/*',\n"
		"                   exact names); the verdict and exit code are theirs alone\n"
		"Every flag with a value also takes the form --flag=VALUE.\n"
		"  --force          compare different modes, CPUs, module ABIs or matrices\n"
		"                   anyway (warnings; only common configurations)\n"
		"\n"
		"exit: 0 no regression, 1 regression, 2 usage or input error,\n"
		"      125 no regression but some configuration unknown (git bisect run skips)\n"
		"Rules: results/VERDICT.md.\n", COMPARE_DEFAULT_SEED);
}

/* A finite double in [lo, hi] from text; 0 or -1. */
static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_u64(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * Whether argv[*i] is the flag @name with a value, written "--name VALUE"
 * (the value consumed) or "--name=VALUE". 1 with *value set, 0 when it is
 * another word, -1 after printing that the value is missing.
 */
static int flag_value(const char *cmd, int argc, char **argv, int *i, const char *name,
		      const char **value)
{
	const char *word = argv[*i];
	size_t len = strlen(name);

	if (strncmp(word, name, len) || (word[len] && word[len] != '='))
		return 0;
	if (word[len] == '=') {
		*value = word + len + 1;
	} else if (*i + 1 < argc) {
		*value = argv[++*i];
	} else {
		fprintf(stderr, "hmmbench %s: %s needs a value\n", cmd, name);
		return -1;
	}
	return 1;
}

/*
 * The flags compare and history share. Returns 1 when argv[*i] was one
 * (consuming its value), 0 when not, -1 after printing an error.
 */
int compare_parse_flag(const char *cmd, int argc, char **argv, int *i,
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
		int taken = flag_value(cmd, argc, argv, i, valued[k], &value);

		if (taken < 0)
			return -1;
		if (taken)
			flag = valued[k];
	}
	if (!flag)
		return 0;
	if (!strcmp(flag, "--threshold")) {
		if (parse_double(value, 0, 100, &d)) {
			fprintf(stderr, "hmmbench %s: --threshold '%s': want a percentage in [0, 100]\n",
				cmd, value);
			return -1;
		}
		o->threshold = d / 100;
	} else if (!strcmp(flag, "--alpha")) {
		if (parse_double(value, 0, 1, &d) || d <= 0 || d >= 1) {
			fprintf(stderr, "hmmbench %s: --alpha '%s': want a number in (0, 1)\n", cmd,
				value);
			return -1;
		}
		o->alpha = d;
	} else if (!strcmp(flag, "--format")) {
		if (compare_format_parse(value, format)) {
			fprintf(stderr, "hmmbench %s: --format '%s': want table, markdown, csv or json\n",
				cmd, value);
			return -1;
		}
	} else if (!strcmp(flag, "--out")) {
		*out = value;
	} else if (!strcmp(flag, "--seed")) {
		if (parse_u64(value, INT64_MAX, &u)) {
			fprintf(stderr, "hmmbench %s: --seed '%s': want an integer in [0, 2^63-1]\n",
				cmd, value);
			return -1;
		}
		o->seed = u;
	} else {
		if (parse_u64(value, 10000000, &u) || u < 100) {
			fprintf(stderr, "hmmbench %s: --resamples '%s': want 100 .. 10000000\n", cmd,
				value);
			return -1;
		}
		o->resamples = (size_t)u;
	}
	return 1;
}

/* Print @r in @format to @path (NULL: stdout). 0, or -1 after an error message. */
int compare_emit(const char *cmd, const struct compare_report *r, const struct compare_sides *s,
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
		json_t *j = compare_report_json(r, s);

		if (!j || json_dumpf(j, out, JSON_INDENT(1) | JSON_REAL_PRECISION(10)) ||
		    fputc('\n', out) == EOF)
			ret = -1;
		json_decref(j);
	} else if (format == COMPARE_FORMAT_MARKDOWN) {
		compare_print_markdown(out, r, s);
	} else if (format == COMPARE_FORMAT_CSV) {
		compare_print_csv(out, r);
	} else {
		compare_print_table(out, r, s, !path && isatty(STDOUT_FILENO));
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

int cmd_compare(int argc, char **argv)
{
	enum compare_format format = COMPARE_FORMAT_TABLE;
	struct compare_options o;
	struct compare_report r;
	struct compare_sides s = { 0 };
	const char *files[2] = { NULL, NULL }, *out = NULL, *list = NULL;
	json_t *docs[2] = { NULL, NULL };
	char err[1024];
	int nfiles = 0, ret;

	compare_options_default(&o);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		}
		ret = flag_value("compare", argc, argv, &i, "--list", &list);
		if (!ret)
			ret = flag_value("compare", argc, argv, &i, "--only", &o.only);
		if (ret < 0)
			return EXIT_USAGE;
		if (ret)
			continue;
		ret = compare_parse_flag("compare", argc, argv, &i, &o, &format, &out);
		if (ret < 0)
			return EXIT_USAGE;
		if (ret)
			continue;
		if ((argv[i][0] == '-' && argv[i][1]) || nfiles == 2) {
			fprintf(stderr, "hmmbench compare: unexpected argument '%s' (see --help)\n",
				argv[i]);
			return EXIT_USAGE;
		}
		files[nfiles++] = argv[i];
	}
	if (nfiles != 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (list && strcmp(list, "same") && strcmp(list, "regression") &&
	    strcmp(list, "improvement") && strcmp(list, "unknown")) {
		fprintf(stderr, "hmmbench compare: --list '%s': want same, regression, improvement "
			"or unknown\n", list);
		return EXIT_USAGE;
	}
	for (int i = 0; i < 2; i++) {
		docs[i] = results_load(files[i], err, sizeof(err));
		if (!docs[i]) {
			fprintf(stderr, "hmmbench compare: %s\n", err);
			json_decref(docs[0]);
			return EXIT_USAGE;
		}
	}
	ret = compare_documents(docs[0], docs[1], &o, &r, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "hmmbench compare: %s vs %s: %s\n", files[0], files[1], err);
		ret = EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < r.nr_warnings; i++)
		fprintf(stderr, "hmmbench compare: warning: %s\n", r.warnings[i]);
	s.base_file = files[0];
	s.new_file = files[1];
	s.base = docs[0];
	s.new_ = docs[1];
	if (list) {
		/* For scripts: 'hmmbench ab' re-runs exactly the unknown configurations. */
		for (size_t i = 0; i < r.nr_rows; i++)
			if (!strcmp(compare_verdict_name(r.rows[i].time.verdict), list))
				printf("%s\n", r.rows[i].name);
		ret = compare_exit_code(&r);
		goto out;
	}
	ret = compare_emit("compare", &r, &s, format, out) ? EXIT_USAGE : compare_exit_code(&r);
out:
	compare_report_free(&r);
	json_decref(docs[0]);
	json_decref(docs[1]);
	return ret;
}
