// SPDX-License-Identifier: GPL-2.0
/*
 * Nightly history: series and run naming (kernel tracks), listing a series
 * in date order, the baseline of accepted runs and acknowledgements, and
 * pooling runs with merge_runs().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cmd/commands.h"
#include "results/history.h"
#include "results/history_baseline.h"
#include "results/merge.h"
#include "synthetic.h"
#include "results/results_config.h"

static void test_series_and_run_names(void)
{
	struct synth s;
	json_t *doc;
	char buf[256];

	synth_default(&s);
	s.rev = "abc123/dirty";
	doc = synth_doc(&s);
	EXPECT_EQ_INT(history_series_name(doc, buf, sizeof(buf)), 0);
	EXPECT(!strcmp(buf, "qemu-tcg_6.12+deb12-amd64_QEMU-TCG-CPU-version-2.5+"));
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

static void test_kernel_track(void)
{
	char buf[128];

	EXPECT_EQ_INT(history_kernel_track("6.1.0-56-amd64", buf, sizeof(buf)), 1);
	EXPECT(!strcmp(buf, "6.1-amd64"));
	history_kernel_track("6.1.0-57-cloud-amd64", buf, sizeof(buf));
	EXPECT(!strcmp(buf, "6.1-cloud-amd64"));
	EXPECT_EQ_INT(history_kernel_track("6.12.117+deb12-amd64", buf, sizeof(buf)), 1);
	EXPECT(!strcmp(buf, "6.12+deb12-amd64"));
	history_kernel_track("6.12.38+deb13u1-amd64", buf, sizeof(buf));
	EXPECT(!strcmp(buf, "6.12+deb13-amd64"));
	/* Not Debian's forms: the release is its own track. */
	EXPECT_EQ_INT(history_kernel_track("6.13.0-rc3", buf, sizeof(buf)), 0);
	EXPECT(!strcmp(buf, "6.13.0-rc3"));
	EXPECT_EQ_INT(history_kernel_track("6.12.117-hmmbench", buf, sizeof(buf)), 0);
	EXPECT_EQ_INT(history_kernel_track("6.1", buf, sizeof(buf)), 0);
}

/* A ledger giving @config @verdict. */
static json_t *ledger(const char *config, const char *verdict)
{
	return json_pack("{s:[{s:s, s:s}]}", "configurations", "name", config, "verdict", verdict);
}

static void test_baseline_and_acks(void)
{
	char *runs[8] = { "1a.json", "2b.json", "3c.json", "4d.json", "5e.json", "6f.json",
			  "7g.json", "8h.json" };
	json_t *ledgers[8] = { NULL };
	json_t *acks = json_pack("{s:[]}", "acks");
	const char *from, *on;
	size_t out[8], n;

	ledgers[1] = ledger("x", "same");
	ledgers[2] = ledger("x", "unknown");
	ledgers[3] = ledger("x", "regression");
	ledgers[4] = ledger("x", "regression");
	ledgers[5] = ledger("x", "same");
	ledgers[6] = ledger("x", "improvement");
	/* Changed runs stay out; never-judged run 0 is in; the window counts accepted runs. */
	n = history_baseline(runs, 7, ledgers, acks, "x", 3, out);
	EXPECT_EQ_INT(n, 3);
	EXPECT(n == 3 && out[0] == 1 && out[1] == 2 && out[2] == 5);
	n = history_baseline(runs, 7, ledgers, acks, "x", 8, out);
	EXPECT_EQ_INT(n, 4);
	EXPECT_EQ_INT(history_baseline_ack_in_force(acks, "x", &from, &on), -1);
	/* Acknowledging run 4: the streak of regressions 3..4 becomes the baseline. */
	EXPECT_EQ_INT(history_baseline_ack_start(runs, 4, ledgers, acks, "x"), 3);
	EXPECT_EQ_INT(history_baseline_ack_start(runs, 5, ledgers, acks, "x"), 5);
	json_array_append_new(json_object_get(acks, "acks"), json_pack("{s:s, s:[{s:s, s:s}]}",
		"on", "5e.json", "configurations", "name", "x", "from", "4d.json"));
	EXPECT_EQ_INT(history_baseline_ack_in_force(acks, "x", &from, &on), 0);
	EXPECT(!strcmp(from, "4d.json") && !strcmp(on, "5e.json"));
	EXPECT_EQ_INT(history_baseline_ack_in_force(acks, "y", &from, &on), -1);
	n = history_baseline(runs, 7, ledgers, acks, "x", 8, out);
	EXPECT_EQ_INT(n, 3);	/* from 4d on: 4d and 5e acknowledged, 6f same; 7g improved: out */
	EXPECT(n == 3 && out[0] == 3 && out[1] == 4 && out[2] == 5);
	/* Another configuration is untouched by x's acknowledgement. */
	EXPECT_EQ_INT(history_baseline(runs, 7, ledgers, acks, "y", 8, out), 7);
	/* A streak stops at the runs an earlier acknowledgement accepted. */
	json_decref(ledgers[5]);
	ledgers[5] = ledger("x", "regression");
	EXPECT_EQ_INT(history_baseline_ack_start(runs, 5, ledgers, acks, "x"), 5);
	for (size_t i = 0; i < 8; i++)
		json_decref(ledgers[i]);
	json_decref(acks);
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
	m = merge_runs(docs, 3, err, sizeof(err));
	EXPECT(m != NULL);
	EXPECT_EQ_INT(results_config_count(m), SYNTH_NR_CONFIGS);
	EXPECT_EQ_INT(results_config_samples(results_config_at(m, 0), "samples_ns", &x, &n), 0);
	EXPECT_EQ_INT(n, 30);
	free(x);
	/* The dropped configuration pools only the two runs that have it. */
	EXPECT_EQ_INT(results_config_samples(results_config_at(m, 2), "samples_ns", &x, &n), 0);
	EXPECT_EQ_INT(n, 20);
	free(x);
	/* A per-page counter value per run becomes a distribution over runs. */
	EXPECT_EQ_INT(json_array_size(json_object_get(json_object_get(json_object_get(
		results_config_at(m, 0), "counters"), "cycles"), "samples_per_page")), 3);
	EXPECT_EQ_INT(json_array_size(json_object_get(json_object_get(m, "context"),
						      "merged_from")), 3);
	json_decref(m);
	/* Modes must agree. */
	json_object_set_new(json_object_get(docs[1], "context"), "mode", json_string("native"));
	EXPECT(merge_runs(docs, 3, err, sizeof(err)) == NULL);
	EXPECT(strstr(err, "mode") != NULL);
	for (int i = 0; i < 3; i++)
		json_decref(docs[i]);
}

static const struct test_case tests[] = {
	{ "series and run names", test_series_and_run_names },
	{ "kernel track: Debian ABI and stable versions dropped", test_kernel_track },
	{ "baseline: accepted runs, acknowledgements", test_baseline_and_acks },
	{ "series directory listing, in date order", test_list_runs },
	{ "pooling runs", test_merge },
};

int main(void)
{
	return RUN_TESTS(tests);
}
