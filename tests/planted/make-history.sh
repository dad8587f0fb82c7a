#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make-history.sh PRISTINE REPO: a git history of its own on top of the
# Linux source in PRISTINE (never modified), for the planted-regression
# bisect: a base commit, then eight commits of which exactly one (the
# fifth) makes the 4 KiB present-pte path of mm/hmm.c more expensive (it
# reads every pte a second time), and a ninth on a branch of its own that
# WARNs. Writes REPO/../commits (name sha per line). Fixed author and dates,
# so the same source gives the same commits.
set -euo pipefail

pristine=$1 repo=$2
die() { echo "make-history: $*" >&2; exit 2; }
[ -f "$pristine/mm/hmm.c" ] || die "$pristine is not a Linux source tree"
[ ! -e "$repo" ] || die "$repo exists"

export GIT_AUTHOR_NAME=hmmbench GIT_AUTHOR_EMAIL=hmmbench@localhost
export GIT_COMMITTER_NAME=hmmbench GIT_COMMITTER_EMAIL=hmmbench@localhost
export GIT_CEILING_DIRECTORIES
GIT_CEILING_DIRECTORIES=$(dirname "$repo")
day=0
commits=$(dirname "$repo")/commits

# commit NAME MESSAGE: commit what changed, one day after the last commit.
commit() {
	day=$((day + 1))
	GIT_AUTHOR_DATE="2025-11-$(printf %02d "$day")T12:00:00Z" GIT_COMMITTER_DATE="2025-11-$(printf %02d "$day")T12:00:00Z" \
		git -C "$repo" commit -q -a -m "$2"
	echo "$1 $(git -C "$repo" rev-parse HEAD)" >>"$commits"
}

# edit FILE OLD NEW: replace the one line OLD of FILE by the lines NEW; a
# source where OLD is not exactly once is an error (a new linux-source).
# The file is written anew and renamed over the old one: REPO starts as
# hard links to PRISTINE, which must not change.
edit() {
	python3 - "$repo/$1" "$2" "$3" <<'PY' || die "cannot edit $1 (is the source a different 6.12.y?)"
import sys
path, old, new = sys.argv[1:]
text = open(path).read()
if text.count(old + "\n") != 1:
    sys.exit(1)
import os
with open(path + ".new", "w") as f:
    f.write(text.replace(old + "\n", new + "\n"))
os.chmod(path + ".new", os.stat(path).st_mode)
os.replace(path + ".new", path)
PY
}

cp -al "$pristine" "$repo"
rm -f "$repo/.hmmbench-unpacked" "$commits"
git -C "$repo" init -q
git -C "$repo" config gc.auto 0
# Hashing the tree is the cost; compressing its objects would double it.
git -C "$repo" config core.looseCompression 0
# -f: the source package's .gitignore ignores everything at the top level.
git -C "$repo" add -f -A .
commit base "Linux $(make -s -C "$repo" kernelversion 2>/dev/null || echo 6.12) (Debian linux-source-6.12)"

edit mm/hmm.c ' * Copyright 2013 Red Hat Inc.' ' * Copyright 2013 Red Hat Inc.
 *
 * (hmmbench: a comment, no code change)'
commit neutral-hmm-comment "mm/hmm: a comment"

edit drivers/gpu/drm/nouveau/nouveau_svm.c '#include "nouveau_svm.h"' '#include "nouveau_svm.h"
/* hmmbench: a change in a driver the guest kernel does not build */'
commit neutral-driver "drm/nouveau: a comment in the SVM code"

edit mm/gup_test.c '	if (gup->size > ULONG_MAX)' '	if (unlikely(gup->size > ULONG_MAX))'
commit unrelated-improvement "mm/gup_test: an oversized request is unlikely"

edit Documentation/mm/hmm.rst 'Heterogeneous Memory Management (HMM)' 'Heterogeneous Memory Management (HMM)
.. hmmbench: a documentation change'
commit neutral-doc "Documentation/mm/hmm.rst: a note"

edit mm/hmm.c '	cpu_flags = pte_to_hmm_pfn_flags(range, pte);' '	/* Read the entry once more before reporting it. */
	pte = ptep_get(ptep);
	cpu_flags = pte_to_hmm_pfn_flags(range, pte);'
commit planted "mm/hmm: read a present pte twice (the planted regression)"

edit mm/hmm.c ' * Refer to include/linux/hmm.h for information about heterogeneous memory' ' * Refer to include/linux/hmm.h for information about heterogeneous memory
 * (hmmbench: another comment)'
commit neutral-after "mm/hmm: another comment"

edit drivers/gpu/drm/amd/amdkfd/kfd_svm.c '#include "kfd_svm.h"' '#include "kfd_svm.h"
/* hmmbench: another driver the guest kernel does not build */'
commit neutral-driver-2 "drm/amdkfd: a comment in the SVM code"

edit tools/testing/selftests/mm/hmm-tests.c '#include "../kselftest_harness.h"' '#include "../kselftest_harness.h"
/* hmmbench: a selftest comment */'
commit neutral-selftest "selftests/mm/hmm: a comment"

git -C "$repo" checkout -q -b warns
edit mm/hmm.c '	mmap_assert_locked(mm);' '	mmap_assert_locked(mm);
	WARN_ONCE(1, "hmmbench: a planted warning\n");'
commit warns "mm/hmm: warn on every walk (a kernel that WARNs)"
git -C "$repo" checkout -q -

# The hard-linked source must be as it was: every edit made new files.
for f in mm/hmm.c mm/gup_test.c Documentation/mm/hmm.rst; do
	if grep -q hmmbench "$pristine/$f"; then
		die "$pristine/$f was modified through a hard link: the source cache is damaged (rm -rf it)"
	fi
done
