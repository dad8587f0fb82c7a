// SPDX-License-Identifier: GPL-2.0
/* Nightly history: series naming and run listing (history.h). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "results/history.h"

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

static const char *skip_digits(const char *p)
{
	while (isdigit((unsigned char)*p))
		p++;
	return p;
}

int history_kernel_track(const char *release, char *buf, size_t len)
{
	unsigned int major, minor;
	const char *p, *q;
	int n = 0;

	/* MAJOR.MINOR.PATCH, then -ABI-FLAVOUR or +debN[uM]-FLAVOUR. */
	if (sscanf(release, "%u.%u%n", &major, &minor, &n) != 2 || release[n] != '.' ||
	    !isdigit((unsigned char)release[n + 1]))
		goto whole;
	p = skip_digits(release + n + 1);
	if (p[0] == '-' && isdigit((unsigned char)p[1])) {
		q = skip_digits(p + 1);
		if (q[0] == '-' && isalpha((unsigned char)q[1])) {
			snprintf(buf, len, "%u.%u-%s", major, minor, q + 1);
			return 1;
		}
	} else if (!strncmp(p, "+deb", 4) && isdigit((unsigned char)p[4])) {
		q = skip_digits(p + 4);
		if (q[0] == 'u' && isdigit((unsigned char)q[1]))
			q = skip_digits(q + 1);
		if (q[0] == '-' && isalpha((unsigned char)q[1])) {
			snprintf(buf, len, "%u.%u+deb%.*s-%s", major, minor,
				 (int)(skip_digits(p + 4) - (p + 4)), p + 4, q + 1);
			return 1;
		}
	}
whole:
	snprintf(buf, len, "%s", release);
	return 0;
}

int history_series_name(const json_t *doc, char *buf, size_t len)
{
	const char *mode = ctx_str(doc, "mode"), *cpu = ctx_str(doc, "cpu_model");
	const char *release = json_string_value(json_object_get(
		json_object_get(json_object_get(doc, "context"), "kernel"), "release"));
	char raw[512], track[256];

	if (!mode || !release)
		return -1;
	history_kernel_track(release, track, sizeof(track));
	snprintf(raw, sizeof(raw), "%s_%s_%s", mode, track, cpu ? cpu : "unknown-cpu");
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
		/* Run files are <date>-<rev>.json: acks.json and the like are not runs. */
		if (want_dirs ? !S_ISDIR(st.st_mode) :
		    !S_ISREG(st.st_mode) || l < 6 || strcmp(e->d_name + l - 5, ".json") ||
		    !isdigit((unsigned char)e->d_name[0]))
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
