// SPDX-License-Identifier: GPL-2.0
/*
 * Nightly history: series and run naming, listing a series in date order,
 * the baseline window, what counts as a confirmed regression, and pooling
 * runs with results_merge().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "commands.h"
#include "history.h"
#include "merge.h"
#include "synthetic.h"

static void test_series_and_run_names(void)
{
	struct synth s;
	json_t *doc;
	char buf[256];

	synth_default(&s);
	s.rev = "abc123/dirty";
	doc = synth_doc(&s);
	EXPECT_EQ_INT(history_series_name(doc, buf, sizeof(buf)), 0);
	EXPECT(!strcmp(buf, "qemu-tcg_6.12.117+deb12-amd64_QEMU-TCG-CPU-version-2.5+"));
	EXPECT_EQ_INT(history_run_name(doc, NULL, buf, sizeof(buf)), 0);
	EXPECT(!strcmp(buf, "20231114T221320Z-abc123-dirty.json"));
	EXPECT_EQ_INT(history_run_name(doc, "v6.13-rc1", buf, sizeof(buf)), 0);
	EXPECT(!strcmp(buf, "20231114T221320Z-v6.13-rc1.json"));
	/* No kernel release: no series. */
	json_object_del(json_object_get(json_object_get(doc, "context"), "kernel"), "release");
	EXPECT_EQ_INT(history_series_name(doc, buf, sizeof(buf)), -1);
	json_decref(doc);
	history_sanitize("a b/c:d", buf, sizeof(buf));
	EXPECT(!strcmp(buf, "a-b-c-d"));
}

static void test_window(void)
{
	struct history_window w;

	EXPECT_EQ_INT(history_window(0, 5, &w), -1);
	EXPECT_EQ_INT(history_window(1, 5, &w), -1);
	EXPECT_EQ_INT(history_window(4, 0, &w), -1);
	EXPECT_EQ_INT(history_window(2, 5, &w), 0);
	EXPECT_EQ_INT(w.newest, 1);
	EXPECT_EQ_INT(w.previous, 0);
	EXPECT_EQ_INT(w.first, 0);
	EXPECT_EQ_INT(w.count, 1);
	EXPECT_EQ_INT(history_window(4, 5, &w), 0);
	EXPECT_EQ_INT(w.first, 0);
	EXPECT_EQ_INT(w.count, 3);
	EXPECT_EQ_INT(history_window(10, 5, &w), 0);
	EXPECT_EQ_INT(w.newest, 9);
	EXPECT_EQ_INT(w.first, 4);
	EXPECT_EQ_INT(w.count, 5);
	EXPECT_EQ_INT(w.previous, 8);
}

static void set_row(struct compare_row *row, const char *key, enum compare_verdict v)
{
	memset(row, 0, sizeof(*row));
	row->key = (char *)key;
	row->time.verdict = v;
}

static void test_confirm(void)
{
	struct compare_row wr[3], pr[3];
	struct compare_report w = { 0 }, p = { 0 };
	int confirmed[3];

	set_row(&wr[0], "a", COMPARE_REGRESSION);
	set_row(&wr[1], "b", COMPARE_REGRESSION);
	set_row(&wr[2], "c", COMPARE_SAME);
	/* The previous-run report lists the configurations in another order. */
	set_row(&pr[0], "b", COMPARE_SAME);
	set_row(&pr[1], "c", COMPARE_REGRESSION);
	set_row(&pr[2], "a", COMPARE_REGRESSION);
	w.rows = wr;
	w.nr_rows = 3;
	w.counts[COMPARE_REGRESSION] = 2;
	w.counts[COMPARE_SAME] = 1;
	p.rows = pr;
	p.nr_rows = 3;
	EXPECT_EQ_INT(history_confirm(&w, &p, confirmed), 1);
	EXPECT_EQ_INT(confirmed[0], 1);	/* both */
	EXPECT_EQ_INT(confirmed[1], 0);	/* window only: not confirmed */
	EXPECT_EQ_INT(confirmed[2], 0);	/* previous only: not confirmed */
	EXPECT_EQ_INT(history_exit_code(&w, 1), EXIT_FAIL);
	/* An unconfirmed regression is not green: bisect/CI treat it as unknown. */
	EXPECT_EQ_INT(history_exit_code(&w, 0), COMPARE_EXIT_UNKNOWN);
	w.counts[COMPARE_REGRESSION] = 0;
	w.counts[COMPARE_SAME] = 3;
	EXPECT_EQ_INT(history_exit_code(&w, 0), 0);
}

static void test_list_runs(void)
{
	char dir[] = "/tmp/hmmbench-test-history.XXXXXX", path[256];
	static const char *const files[] = { "20240102T000000Z-b.json", "20240101T000000Z-a.json",
					     "20240103T000000Z-c.json", "notes.txt" };
	char **names;
	size_t n;

	EXPECT(mkdtemp(dir) != NULL);
	for (size_t i = 0; i < 4; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		f = fopen(path, "w");
		fputs("{}", f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/verdicts", dir);
	mkdir(path, 0755);
	EXPECT_EQ_INT(history_list_runs(dir, &names, &n), 0);
	EXPECT_EQ_INT(n, 3);	/* .json files only, no directories */
	EXPECT(n == 3 && !strcmp(names[0], "20240101T000000Z-a.json"));
	EXPECT(n == 3 && !strcmp(names[2], "20240103T000000Z-c.json"));
	history_names_free(names, n);
	EXPECT_EQ_INT(history_list_series(dir, &names, &n), 0);
	EXPECT_EQ_INT(n, 1);
	history_names_free(names, n);
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/verdicts", dir);
	rmdir(path);
	rmdir(dir);
	EXPECT(history_list_runs("/nonexistent/hmmbench", &names, &n) < 0);
}

static void test_merge(void)
{
	struct synth s;
	json_t *docs[3], *m;
	char err[256] = "";
	double *x;
	size_t n;

	synth_default(&s);
	s.samples = 10;
	s.counter_samples = 0;
	docs[0] = synth_doc(&s);
	s.seed = 2;
	s.drop_last = 1;
	docs[1] = synth_doc(&s);
	s.seed = 3;
	s.drop_last = 0;
	docs[2] = synth_doc(&s);
	m = results_merge(docs, 3, err, sizeof(err));
	EXPECT(m != NULL);
	EXPECT_EQ_INT(results_nr_configurations(m), SYNTH_NR_CONFIGS);
	EXPECT_EQ_INT(results_config_samples(results_configuration(m, 0), "samples_ns", &x, &n), 0);
	EXPECT_EQ_INT(n, 30);
	free(x);
	/* The dropped configuration pools only the two runs that have it. */
	EXPECT_EQ_INT(results_config_samples(results_configuration(m, 2), "samples_ns", &x, &n), 0);
	EXPECT_EQ_INT(n, 20);
	free(x);
	/* A per-page counter value per run becomes a distribution over runs. */
	EXPECT_EQ_INT(json_array_size(json_object_get(json_object_get(json_object_get(
		results_configuration(m, 0), "counters"), "cycles"), "samples_per_page")), 3);
	EXPECT_EQ_INT(json_array_size(json_object_get(json_object_get(m, "context"),
						      "merged_from")), 3);
	json_decref(m);
	/* Modes must agree. */
	json_object_set_new(json_object_get(docs[1], "context"), "mode", json_string("native"));
	EXPECT(results_merge(docs, 3, err, sizeof(err)) == NULL);
	EXPECT(strstr(err, "mode") != NULL);
	for (int i = 0; i < 3; i++)
		json_decref(docs[i]);
}

static const struct test_case tests[] = {
	{ "series and run names", test_series_and_run_names },
	{ "baseline window selection", test_window },
	{ "confirmed = regression against window and previous run", test_confirm },
	{ "series directory listing, in date order", test_list_runs },
	{ "pooling runs", test_merge },
};

int main(void)
{
	return RUN_TESTS(tests);
}
