/* SPDX-License-Identifier: GPL-2.0 */
/* The journal of a results file being written. */
#ifndef HMMBENCH_RESULTS_JOURNAL_H
#define HMMBENCH_RESULTS_JOURNAL_H

#include <jansson.h>
#include <stddef.h>

/*
 * The journal. Rewriting the whole document after every configuration
 * makes a long run quadratic (the document grows with each), so the runner
 * rewrites it every few seconds and, in between, appends what changed to
 * PATH.journal: one compact JSON line {"benchmarks": [...], "skipped":
 * [...]} per sync, flushed to disk. A crash therefore loses no finished
 * configuration: results_load() folds a journal it finds back in.
 */
struct results_journal {
	size_t benchmarks;	/* entries of doc already in the file or the journal */
	size_t skipped;
};

/* Append what @doc gained since @mark to PATH.journal (fdatasync'd); advance @mark. */
int results_journal_sync(const json_t *doc, const char *path, struct results_journal *mark,
			 char *err, size_t errlen);

/* After a full rewrite: everything @doc holds is in the file. */
void results_journal_mark_written(const json_t *doc, struct results_journal *mark);

/* After a successful results_write_atomic(): the journal is no longer needed. */
void results_journal_remove(const char *path);


/*
 * Fold PATH.journal, if any, into @doc (entries it has not got yet; the
 * context then gets "recovered_from_journal": true). 0 or -ENOMEM.
 */
int results_journal_fold(json_t *doc, const char *path);

#endif
