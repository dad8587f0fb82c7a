// SPDX-License-Identifier: GPL-2.0
/* Nightly history: series naming, run listing, window and confirmation (history.h). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "history.h"

void history_sanitize(const char *in, char *out, size_t len)
{
	size_t i = 0;

	if (!len)
		return;
	for (; in && *in && i + 1 < len; in++, i++) {
		unsigned char c = (unsigned char)*in;

		out[i] = isalnum(c) || c == '.' || c == '_' || c == '+' || c == '-' ? (char)c : '-';
	}
	out[i] = '\0';
}

static const char *ctx_str(const json_t *doc, const char *key)
{
	return json_string_value(json_object_get(json_object_get(doc, "context"), key));
}

int history_series_name(const json_t *doc, char *buf, size_t len)
{
	const char *mode = ctx_str(doc, "mode"), *cpu = ctx_str(doc, "cpu_model");
	const char *release = json_string_value(json_object_get(
		json_object_get(json_object_get(doc, "context"), "kernel"), "release"));
	char raw[512];

	if (!mode || !release)
		return -1;
	snprintf(raw, sizeof(raw), "%s_%s_%s", mode, release, cpu ? cpu : "unknown-cpu");
	history_sanitize(raw, buf, len);
	return 0;
}

int history_series_accepts(const json_t *last, const json_t *doc, char *why, size_t len)
{
	static const char *const keys[] = { "mode", "cpu_model" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *had = ctx_str(last, keys[i]), *has = ctx_str(doc, keys[i]);

		if (!had || !has || strcmp(had, has)) {
			snprintf(why, len, "the series holds %s '%s', this run has '%s'", keys[i],
				 had ? had : "(none)", has ? has : "(none)");
			return -1;
		}
	}
	return 0;
}

int history_run_name(const json_t *doc, const char *rev, char *buf, size_t len)
{
	const char *date = ctx_str(doc, "date");
	char compact[32], clean_rev[64];
	size_t j = 0;

	if (!date)
		return -1;
	/* 2025-01-31T12:00:00Z -> 20250131T120000Z */
	for (const char *p = date; *p && j + 1 < sizeof(compact); p++)
		if (*p != '-' && *p != ':')
			compact[j++] = *p;
	compact[j] = '\0';
	if (!rev)
		rev = ctx_str(doc, "hmmbench_git_rev");
	history_sanitize(rev ? rev : "norev", clean_rev, sizeof(clean_rev));
	if (snprintf(buf, len, "%s-%s.json", compact, clean_rev) >= (int)len)
		return -1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Entries of @dir that are regular files ending in .json (want_dirs = 0) or directories. */
static int list(const char *dir, int want_dirs, char ***names, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;
		size_t l = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st))
			continue;
		if (want_dirs ? !S_ISDIR(st.st_mode) :
		    !S_ISREG(st.st_mode) || l < 6 || strcmp(e->d_name + l - 5, ".json"))
			continue;
		if (*n == cap) {
			char **grown = realloc(*names, (cap = cap ? 2 * cap : 16) * sizeof(**names));

			if (!grown)
				goto nomem;
			*names = grown;
		}
		if (!((*names)[*n] = strdup(e->d_name)))
			goto nomem;
		(*n)++;
	}
	closedir(d);
	qsort(*names, *n, sizeof(**names), cmp_str);
	return 0;
nomem:
	closedir(d);
	history_names_free(*names, *n);
	*names = NULL;
	*n = 0;
	return -ENOMEM;
}

int history_list_runs(const char *series_dir, char ***names, size_t *n)
{
	return list(series_dir, 0, names, n);
}

int history_list_series(const char *dir, char ***names, size_t *n)
{
	return list(dir, 1, names, n);
}

void history_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int history_window(size_t nr_runs, size_t window, struct history_window *w)
{
	if (nr_runs < 2 || !window)
		return -1;
	w->newest = nr_runs - 1;
	w->previous = nr_runs - 2;
	w->count = window < w->newest ? window : w->newest;
	w->first = w->newest - w->count;
	return 0;
}

size_t history_confirm(const struct compare_report *vs_window,
		       const struct compare_report *vs_previous, int *confirmed)
{
	size_t n = 0;

	for (size_t i = 0; i < vs_window->nr_rows; i++) {
		const struct compare_row *row = &vs_window->rows[i];

		confirmed[i] = 0;
		if (row->time.verdict != COMPARE_REGRESSION)
			continue;
		for (size_t j = 0; j < vs_previous->nr_rows; j++) {
			if (strcmp(vs_previous->rows[j].key, row->key))
				continue;
			confirmed[i] = vs_previous->rows[j].time.verdict == COMPARE_REGRESSION;
			break;
		}
		n += (size_t)confirmed[i];
	}
	return n;
}

int history_exit_code(const struct compare_report *vs_window, size_t nr_confirmed)
{
	if (nr_confirmed)
		return EXIT_FAIL;
	if (vs_window->counts[COMPARE_REGRESSION] || vs_window->counts[COMPARE_UNKNOWN])
		return COMPARE_EXIT_UNKNOWN;
	return EXIT_OK;
}
