// SPDX-License-Identifier: GPL-2.0
/* The journal beside a results file between full rewrites. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results/results_journal.h"
#include "results/results_write.h"
#include "util/errmsg.h"

static char *journal_path(const char *path)
{
	char *j = NULL;

	return asprintf(&j, "%s.journal", path) < 0 ? NULL : j;
}

static json_t *array_tail(const json_t *array, size_t from)
{
	json_t *tail = json_array();

	for (size_t i = from; tail && i < json_array_size(array); i++)
		if (json_array_append(tail, json_array_get(array, i))) {
			json_decref(tail);
			return NULL;
		}
	return tail;
}

int results_journal_sync(const json_t *doc, const char *path, struct results_journal *mark,
			 char *err, size_t errlen)
{
	const json_t *benchmarks = json_object_get(doc, "benchmarks");
	const json_t *skipped = json_object_get(doc, "skipped");
	char *jpath = journal_path(path), *line = NULL;
	json_t *delta = NULL;
	int fd = -1, ret = -ENOMEM;

	if (json_array_size(benchmarks) == mark->benchmarks &&
	    json_array_size(skipped) == mark->skipped) {
		free(jpath);
		return 0;
	}
	if (!jpath)
		goto fail;
	delta = json_pack("{s:o,s:o}", "benchmarks", array_tail(benchmarks, mark->benchmarks),
			  "skipped", array_tail(skipped, mark->skipped));
	line = delta ? json_dumps(delta, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	if (!line)
		goto fail;
	fd = open(jpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || results_write_all(fd, line, strlen(line)) || results_write_all(fd, "\n", 1) || fdatasync(fd)) {
		ret = -errno;
		errmsg_set(err, errlen, "%s: %s", jpath, strerror(errno));
		goto out;
	}
	mark->benchmarks = json_array_size(benchmarks);
	mark->skipped = json_array_size(skipped);
	ret = 0;
	goto out;
fail:
	errmsg_set(err, errlen, "%s: out of memory writing the journal", path);
out:
	if (fd >= 0)
		close(fd);
	free(line);
	json_decref(delta);
	free(jpath);
	return ret;
}

void results_journal_remove(const char *path)
{
	char *jpath = journal_path(path);

	if (jpath)
		unlink(jpath);
	free(jpath);
}

static int has_named(const json_t *array, const json_t *entry)
{
	/* An entry is known by its name, run_type and aggregate_name together. */
	static const char *const keys[] = { "name", "run_type", "aggregate_name" };
	size_t i;
	json_t *e;

	json_array_foreach(array, i, e) {
		int same = 1;

		for (size_t k = 0; k < 3 && same; k++)
			same = json_equal(json_object_get(e, keys[k]), json_object_get(entry, keys[k])) ||
			       (!json_object_get(e, keys[k]) && !json_object_get(entry, keys[k]));
		if (same)
			return 1;
	}
	return 0;
}

/* Fold PATH.journal, if any, into doc: entries it has not got yet. */
int results_journal_fold(json_t *doc, const char *path)
{
	char *jpath = journal_path(path), *line = NULL;
	size_t cap = 0;
	int folded = 0;
	FILE *f;

	if (!jpath)
		return -ENOMEM;
	f = fopen(jpath, "r");
	if (!f) {
		free(jpath);
		return 0;
	}
	while (getline(&line, &cap, f) > 0) {
		json_error_t jerr;
		json_t *delta = json_loads(line, 0, &jerr);
		const char *keys[] = { "benchmarks", "skipped" };

		if (!delta) {
			/* A line cut short by the crash: what came before it stands. */
			break;
		}
		for (size_t k = 0; k < 2; k++) {
			json_t *into = json_object_get(doc, keys[k]);
			size_t i;
			json_t *e;

			json_array_foreach(json_object_get(delta, keys[k]), i, e)
				if (json_is_array(into) && !has_named(into, e)) {
					json_array_append(into, e);
					folded = 1;
				}
		}
		json_decref(delta);
	}
	free(line);
	fclose(f);
	free(jpath);
	if (folded)
		json_object_set_new(json_object_get(doc, "context"), "recovered_from_journal",
				    json_true());
	return 0;
}


void results_journal_mark_written(const json_t *doc, struct results_journal *mark)
{
	mark->benchmarks = json_array_size(json_object_get(doc, "benchmarks"));
	mark->skipped = json_array_size(json_object_get(doc, "skipped"));
}
