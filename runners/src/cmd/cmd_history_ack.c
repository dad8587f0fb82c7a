// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench history ack [DIR/]SERIES [--config GLOB] --reason TEXT [--by WHO]:
 * acknowledge the changes the newest judged run of a series showed, so its
 * level becomes the baseline (history_baseline.h); recorded with who, when
 * and why in DIR/SERIES/acks.json.
 */
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "results/history_baseline.h"
#include "results/results.h"
#include "results/results_write.h"
#include "results/results_journal.h"

#define DEFAULT_HISTORY_DIR	"results/history"

struct ack_options {
	char dir[PATH_MAX], series[PATH_MAX];
	const char *pattern, *reason, *by;
};

static void ack_usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench history ack [DIR/]SERIES [--config GLOB] --reason TEXT [--by WHO]\n"
		"\n"
		"Acknowledges the regressions, improvements and unknowns of the newest judged\n"
		"run of SERIES (configurations matching GLOB, default all): from the next\n"
		"judgement on, their baseline is the new level. DIR defaults to %s.\n"
		"Recorded in DIR/SERIES/%s with WHO (default: the user@host), the time\n"
		"and TEXT. exit: 0 recorded (or nothing to acknowledge), 2 errors.\n",
		DEFAULT_HISTORY_DIR, HISTORY_ACKS_FILE);
}

static int parse_ack(int argc, char **argv, struct ack_options *o)
{
	const char *target = NULL, *slash;

	memset(o, 0, sizeof(*o));
	o->pattern = "*";
	for (int i = 1; i < argc; i++) {
		const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(flag, "--help") || !strcmp(flag, "-h")) {
			ack_usage(stdout);
			exit(EXIT_OK);
		}
		if (flag[0] != '-') {
			if (target) {
				fprintf(stderr, "hmmbench history ack: unexpected argument '%s'\n", flag);
				return -1;
			}
			target = flag;
			continue;
		}
		if (!value) {
			fprintf(stderr, "hmmbench history ack: %s needs a value (see --help)\n", flag);
			return -1;
		}
		i++;
		if (!strcmp(flag, "--config"))
			o->pattern = value;
		else if (!strcmp(flag, "--reason"))
			o->reason = value;
		else if (!strcmp(flag, "--by"))
			o->by = value;
		else {
			fprintf(stderr, "hmmbench history ack: unknown option '%s' (see --help)\n", flag);
			return -1;
		}
	}
	if (!target) {
		ack_usage(stderr);
		return -1;
	}
	if (!o->reason || !o->reason[strspn(o->reason, " \t")]) {
		fprintf(stderr, "hmmbench history ack: --reason TEXT is required: say why the change "
			"is accepted\n");
		return -1;
	}
	slash = strrchr(target, '/');
	if (slash && !slash[1]) {
		fprintf(stderr, "hmmbench history ack: '%s': give DIR/SERIES without a trailing /\n",
			target);
		return -1;
	}
	if (slash)
		snprintf(o->dir, sizeof(o->dir), "%.*s", (int)(slash - target), target);
	else
		snprintf(o->dir, sizeof(o->dir), "%s", DEFAULT_HISTORY_DIR);
	snprintf(o->series, sizeof(o->series), "%s", slash ? slash + 1 : target);
	return 0;
}

static void default_by(char *buf, size_t len)
{
	const struct passwd *pw = getpwuid(getuid());
	char host[256] = "localhost";

	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	snprintf(buf, len, "%s@%s", pw && pw->pw_name ? pw->pw_name : "unknown", host);
}

int cmd_history_ack(int argc, char **argv)
{
	struct history_series hs;
	struct ack_options o;
	char err[1024], path[PATH_MAX * 2];
	json_t *ack = NULL;
	size_t matched, nr_acked;
	char by[512];
	int ret = EXIT_USAGE;

	if (parse_ack(argc, argv, &o))
		return EXIT_USAGE;
	if (history_baseline_series_open(o.dir, o.series, &hs, err, sizeof(err))) {
		fprintf(stderr, "hmmbench history ack: %s (is %s/%s a series?)\n", err, o.dir, o.series);
		return EXIT_USAGE;
	}
	if (!hs.nr_runs || !hs.ledgers[hs.nr_runs - 1]) {
		fprintf(stderr, "hmmbench history ack: the newest run of %s has not been judged: run "
			"hmmbench history %s --series %s first\n", hs.dir, o.dir, o.series);
		goto out;
	}
	if (o.by)
		snprintf(by, sizeof(by), "%s", o.by);
	else
		default_by(by, sizeof(by));
	if (!(ack = history_baseline_ack_make(&hs, o.pattern, by, o.reason, &matched))) {
		fprintf(stderr, "hmmbench history ack: out of memory\n");
		goto out;
	}
	if (!matched) {
		fprintf(stderr, "hmmbench history ack: no configuration of %s/%s matches --config "
			"'%s' (names as in the report, e.g. 'snapshot/4k/*')\n", o.series,
			hs.runs[hs.nr_runs - 1], o.pattern);
		goto out;
	}
	nr_acked = history_baseline_ack_count(ack);
	if (!nr_acked) {
		printf("history ack: %s: nothing to acknowledge: the %zu configuration%s matching '%s' "
		       "%s same in %s\n", o.series, matched, matched == 1 ? "" : "s", o.pattern,
		       matched == 1 ? "is" : "are", hs.runs[hs.nr_runs - 1]);
		ret = EXIT_OK;
		goto out;
	}
	history_baseline_ack_add(&hs, ack);
	snprintf(path, sizeof(path), "%s/%s", hs.dir, HISTORY_ACKS_FILE);
	if (results_write_atomic(hs.acks, path, err, sizeof(err))) {
		fprintf(stderr, "hmmbench history ack: %s\n", err);
		goto out;
	}
	for (size_t i = 0; i < nr_acked; i++) {
		struct history_ack_entry e = history_baseline_ack_entry(ack, i);

		printf("history ack: %s: %s %s acknowledged on %s: baseline from %s on\n", o.series,
		       e.verdict, e.name, hs.runs[hs.nr_runs - 1], e.from);
	}
	printf("history ack: recorded in %s (by %s: %s)\n", path, by, o.reason);
	ret = EXIT_OK;
out:
	json_decref(ack);
	history_baseline_series_close(&hs);
	return ret;
}
