// SPDX-License-Identifier: GPL-2.0
/* The baseline of a history series and its acknowledgements (history_baseline.h). */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "results/history.h"
#include "results/history_baseline.h"

static int name_is(const json_t *obj, const char *name)
{
	const char *s = json_string_value(json_object_get(obj, "name"));

	return s && !strcmp(s, name);
}

int history_baseline_series_open(const char *dir, const char *series, struct history_series *s,
			char *err, size_t len)
{
	char path[PATH_MAX * 2];
	json_error_t jerr;

	memset(s, 0, sizeof(*s));
	if (snprintf(s->dir, sizeof(s->dir), "%s/%s", dir, series) >= (int)sizeof(s->dir)) {
		snprintf(err, len, "%s/%s: path too long", dir, series);
		return -1;
	}
	if (history_list_runs(s->dir, &s->runs, &s->nr_runs)) {
		snprintf(err, len, "cannot read %s: %s", s->dir, strerror(errno));
		return -1;
	}
	s->ledgers = calloc(s->nr_runs + 1, sizeof(*s->ledgers));
	if (!s->ledgers) {
		snprintf(err, len, "out of memory");
		history_baseline_series_close(s);
		return -1;
	}
	for (size_t i = 0; i < s->nr_runs; i++) {
		snprintf(path, sizeof(path), "%s/verdicts/%s", s->dir, s->runs[i]);
		s->ledgers[i] = json_load_file(path, 0, NULL);
	}
	snprintf(path, sizeof(path), "%s/%s", s->dir, HISTORY_ACKS_FILE);
	s->acks = json_load_file(path, 0, &jerr);
	if (!s->acks && access(path, F_OK) == 0) {
		snprintf(err, len, "%s: %s (line %d); fix or remove it", path, jerr.text, jerr.line);
		history_baseline_series_close(s);
		return -1;
	}
	if (!s->acks)
		s->acks = json_pack("{s:i, s:[]}", "hmmbench_history_acks", 1, "acks");
	if (!s->acks || !json_is_array(json_object_get(s->acks, "acks"))) {
		snprintf(err, len, "%s: no \"acks\" array; fix or remove it", path);
		history_baseline_series_close(s);
		return -1;
	}
	return 0;
}

void history_baseline_series_close(struct history_series *s)
{
	for (size_t i = 0; s->ledgers && i < s->nr_runs; i++)
		json_decref(s->ledgers[i]);
	free(s->ledgers);
	history_names_free(s->runs, s->nr_runs);
	json_decref(s->acks);
	memset(s, 0, sizeof(*s));
}

const char *history_baseline_ledger_verdict(const json_t *ledger, const char *config)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(ledger, "configurations"), i, c)
		if (name_is(c, config))
			return json_string_value(json_object_get(c, "verdict"));
	return NULL;
}

int history_baseline_ack_in_force(const json_t *acks, const char *config, const char **from,
			 const char **on)
{
	const json_t *list = json_object_get(acks, "acks");

	for (size_t i = json_array_size(list); i-- > 0;) {
		const json_t *ack = json_array_get(list, i), *c;
		size_t j;

		json_array_foreach(json_object_get(ack, "configurations"), j, c) {
			if (!name_is(c, config))
				continue;
			*from = json_string_value(json_object_get(c, "from"));
			*on = json_string_value(json_object_get(ack, "on"));
			if (*from && *on)
				return 0;
		}
	}
	return -1;
}

static int is_change(const char *verdict)
{
	return verdict && (!strcmp(verdict, "regression") || !strcmp(verdict, "improvement"));
}

size_t history_baseline(char *const *runs, size_t newest, json_t *const *ledgers,
			const json_t *acks, const char *config, size_t window, size_t *out)
{
	const char *from = NULL, *on = NULL;
	size_t n = 0;

	history_baseline_ack_in_force(acks, config, &from, &on);
	for (size_t i = newest; i-- > 0 && n < window;) {
		if (from && strcmp(runs[i], from) < 0)
			break;
		if ((from && strcmp(runs[i], on) <= 0) ||
		    !is_change(history_baseline_ledger_verdict(ledgers[i], config)))
			out[n++] = i;
	}
	/* Oldest first, as the runs were made. */
	for (size_t i = 0; i < n / 2; i++) {
		size_t t = out[i];

		out[i] = out[n - 1 - i];
		out[n - 1 - i] = t;
	}
	return n;
}

size_t history_baseline_ack_start(char *const *runs, size_t on, json_t *const *ledgers,
			 const json_t *acks, const char *config)
{
	const char *verdict = history_baseline_ledger_verdict(ledgers[on], config);
	const char *prev_from = NULL, *prev_on = NULL;
	size_t start = on;

	if (!is_change(verdict))
		return on;
	history_baseline_ack_in_force(acks, config, &prev_from, &prev_on);
	while (start > 0) {
		const char *v = history_baseline_ledger_verdict(ledgers[start - 1], config);

		if (!v || strcmp(v, verdict) || (prev_on && strcmp(runs[start - 1], prev_on) <= 0))
			break;
		start--;
	}
	return start;
}

json_t *history_baseline_ack_make(const struct history_series *hs, const char *pattern,
				  const char *by, const char *reason, size_t *matched)
{
	size_t on = hs->nr_runs - 1, i;
	json_t *configs = json_array(), *c, *ack;
	char when[32];
	time_t now = time(NULL);

	*matched = 0;
	json_array_foreach(json_object_get(hs->ledgers[on], "configurations"), i, c) {
		const char *name = json_string_value(json_object_get(c, "name"));
		const char *verdict = json_string_value(json_object_get(c, "verdict"));

		if (!name || !verdict || fnmatch(pattern, name, 0))
			continue;
		(*matched)++;
		if (!strcmp(verdict, "same"))
			continue;
		json_array_append_new(configs, json_pack("{s:s, s:s, s:s}", "name", name,
			"verdict", verdict, "from",
			hs->runs[history_baseline_ack_start(hs->runs, on, hs->ledgers, hs->acks, name)]));
	}
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	ack = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "on", hs->runs[on], "when", when,
			"by", by, "reason", reason, "config", pattern,
			"configurations", configs);
	return ack;
}

size_t history_baseline_ack_count(const json_t *ack)
{
	return json_array_size(json_object_get(ack, "configurations"));
}

struct history_ack_entry history_baseline_ack_entry(const json_t *ack, size_t index)
{
	const json_t *c = json_array_get(json_object_get(ack, "configurations"), index);

	return (struct history_ack_entry){
		.name = json_string_value(json_object_get(c, "name")),
		.verdict = json_string_value(json_object_get(c, "verdict")),
		.from = json_string_value(json_object_get(c, "from")),
	};
}

void history_baseline_ack_add(struct history_series *hs, json_t *ack)
{
	json_array_append(json_object_get(hs->acks, "acks"), ack);
}
