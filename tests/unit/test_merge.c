// SPDX-License-Identifier: GPL-2.0
/*
 * What 'hmmbench merge' may pool (merge_check()): one kernel,
 * mode, CPU, module ABI and matrix; the message names every difference in
 * one line; the merged context lists every input instead of claiming the
 * first one's kernel.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "results/merge.h"
#include "synthetic.h"

static void set_matrix(json_t *doc, const char *description)
{
	json_object_set_new(json_object_get(doc, "context"), "matrix",
			    json_pack("{s:s}", "description", description));
}

static void test_same_runs_pool(void)
{
	const char *files[] = { "a.json", "b.json" };
	struct synth s;
	json_t *docs[2];
	char err[512] = "";

	synth_default(&s);
	docs[0] = synth_doc(&s);
	s.seed = 2;
	s.drop_last = 1;	/* a re-run of some configurations only, as ab does */
	docs[1] = synth_doc(&s);
	EXPECT_EQ_INT(merge_check(docs, files, 2, err, sizeof(err)), 0);
	/* One matrix, two seeds, fewer configurations selected: still one matrix. */
	set_matrix(docs[0], "matrix from preset tiny: ops snapshot; 3 samples; seed 1 (given); "
		   "3 configurations, 0 dropped");
	set_matrix(docs[1], "matrix from preset tiny: ops snapshot; 3 samples; seed 2 (given); "
		   "2 configurations, 1 dropped");
	EXPECT_EQ_INT(merge_check(docs, files, 2, err, sizeof(err)), 0);
	/*
	 * As 'hmmbench run' describes them (matrix_describe()): an A/B's batches
	 * name their own --seed, and its re-runs an --only, in the source part.
	 */
	set_matrix(docs[0], "matrix from file matrix.txt, --seed 6320201: ops snapshot; kinds 4k,thp; "
		   "sizes 2M; formats fixed; patterns none (fault ops only; snapshot runs with none); "
		   "15 samples per configuration in 1 interleaved rounds, 2 warm-up calls before each "
		   "visit; seed 6320201 (given); 1 configurations, 1 dropped");
	set_matrix(docs[1], "matrix from file matrix.txt, --seed 6320202, --only snapshot/4k/2M/fixed/none: "
		   "ops snapshot; kinds 4k,thp; sizes 2M; formats fixed; patterns none (fault ops only; "
		   "snapshot runs with none); 15 samples per configuration in 1 interleaved rounds, 2 "
		   "warm-up calls before each visit; seed 6320202 (given); 1 configurations, 1 dropped");
	EXPECT_EQ_INT(merge_check(docs, files, 2, err, sizeof(err)), 0);
	/* The same source and seed, other sizes: another matrix. */
	set_matrix(docs[1], "matrix from file matrix.txt, --seed 6320201: ops snapshot; kinds 4k,thp; "
		   "sizes 2M,16M; formats fixed; patterns none (fault ops only; snapshot runs with none); "
		   "15 samples per configuration in 1 interleaved rounds, 2 warm-up calls before each "
		   "visit; seed 6320201 (given); 2 configurations, 2 dropped");
	EXPECT_EQ_INT(merge_check(docs, files, 2, err, sizeof(err)), -EINVAL);
	json_decref(docs[0]);
	json_decref(docs[1]);
}

static void test_differences_named(void)
{
	const char *files[] = { "a.json", "b.json", "c.json" };
	struct synth s;
	json_t *docs[3];
	char err[512] = "";

	synth_default(&s);
	docs[0] = synth_doc(&s);
	docs[1] = synth_doc(&s);
	s.kernel = "6.1.0-57-amd64";
	s.abi = 99;
	s.cpu_model = "Intel Xeon";
	docs[2] = synth_doc(&s);
	EXPECT_EQ_INT(merge_check(docs, files, 3, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "c.json differs from a.json") != NULL);
	EXPECT(strstr(err, "kernel") && strstr(err, "6.1.0-57-amd64"));
	EXPECT(strstr(err, "CPU") && strstr(err, "module ABI") && strstr(err, "99"));
	EXPECT(!strchr(err, '\n'));
	json_decref(docs[2]);

	/* Different matrix definitions: tiny against default. */
	set_matrix(docs[0], "matrix from preset tiny: sizes 2M; seed 1 (given)");
	set_matrix(docs[1], "matrix from preset default: sizes 4K,2M,64M,1G; seed 1 (given)");
	EXPECT_EQ_INT(merge_check(docs, NULL, 2, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "input 2 differs from input 1: matrix") != NULL);
	/* Modes. */
	json_object_del(json_object_get(docs[0], "context"), "matrix");
	json_object_del(json_object_get(docs[1], "context"), "matrix");
	json_object_set_new(json_object_get(docs[1], "context"), "mode", json_string("native"));
	EXPECT_EQ_INT(merge_check(docs, NULL, 2, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "mode qemu-tcg vs native") != NULL);
	json_object_set_new(json_object_get(docs[1], "context"), "mode", json_string("qemu-kvm"));
	EXPECT_EQ_INT(merge_check(docs, NULL, 2, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "mode qemu-tcg vs qemu-kvm") != NULL);
	json_decref(docs[0]);
	json_decref(docs[1]);
}

/* Forced across kernels: merged_from has every input; no one release is claimed. */
static void test_merged_context(void)
{
	const char *files[] = { "old.json", "new.json" };
	struct synth s;
	json_t *docs[2], *m, *from;
	char err[512] = "";

	synth_default(&s);
	docs[0] = synth_doc(&s);
	s.kernel = "6.1.0-57-amd64";
	s.seed = 5;
	docs[1] = synth_doc(&s);
	m = merge_named(docs, files, 2, 1, err, sizeof(err));
	EXPECT(m != NULL);
	if (!m)
		goto out;
	from = json_object_get(json_object_get(m, "context"), "merged_from");
	EXPECT_EQ_INT(json_array_size(from), 2);
	for (size_t i = 0; i < 2; i++) {
		const json_t *e = json_array_get(from, i);

		EXPECT(!strcmp(json_string_value(json_object_get(e, "file")), files[i]));
		EXPECT(json_is_string(json_object_get(e, "date")));
		EXPECT(json_is_integer(json_object_get(e, "seed")));
	}
	EXPECT(!strcmp(json_string_value(json_object_get(json_array_get(from, 1),
							 "kernel_release")), "6.1.0-57-amd64"));
	EXPECT(json_is_null(json_object_get(json_object_get(json_object_get(m, "context"),
							    "kernel"), "release")));
	json_decref(m);
	/* Without force the mode is still checked, as before. */
	json_object_set_new(json_object_get(docs[1], "context"), "mode", json_string("native"));
	EXPECT(merge_runs(docs, 2, err, sizeof(err)) == NULL);
out:
	json_decref(docs[0]);
	json_decref(docs[1]);
}

static const struct test_case tests[] = {
	{ "runs of one kernel, mode and matrix pool", test_same_runs_pool },
	{ "differences are refused, each named", test_differences_named },
	{ "the merged context lists every input", test_merged_context },
};

int main(void)
{
	return RUN_TESTS(tests);
}
