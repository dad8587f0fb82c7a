# Long robustness runs, for nightly CI (issue 6). Include from the top-level
# Makefile ('include tests/robustness.mk') or run with
# 'make -f Makefile -f tests/robustness.mk fuzz-nightly'.
#
#   make fuzz-nightly [NIGHTLY_CALLS=1000000] [NIGHTLY_SEED=...] [NIGHTLY_KERNEL=built-6.12-debug]
#        NIGHTLY_CALLS fuzzed ioctls from 4 threads with the churn thread, then
#        the invalidate scenario, on the debug kernel (KASAN, lockdep,
#        DEBUG_VM, DEBUG_ATOMIC_SLEEP; built when missing). Fails on any fuzz
#        failure and on any kernel report (guest-run.sh exit 4). The seed
#        defaults to the date, so each night fuzzes different calls; the
#        report names it for reproduction.
#        Output: build/fuzz-nightly/ (job.log, console.log, invalidate.json).

NIGHTLY_CALLS ?= 1000000
NIGHTLY_SEED ?= $(shell date +%Y%m%d)
NIGHTLY_KERNEL ?= built-6.12-debug
NIGHTLY_OUT ?= build/fuzz-nightly

.PHONY: fuzz-nightly
fuzz-nightly:
	$(MAKE) runner tests
	test -f .cache/kernels/$(NIGHTLY_KERNEL)/vmlinuz || bash kernel-patch/build-kernel.sh --baseline --debug
	$(MAKE) build/module/$(NIGHTLY_KERNEL)/hmm_bench.ko
	bash runners/qemu/guest-run.sh --kernel $(NIGHTLY_KERNEL) --out $(NIGHTLY_OUT) --timeout 36000 -- \
		'hmmbench fuzz --seed $(NIGHTLY_SEED) --calls $(NIGHTLY_CALLS) --threads 4 && hmmbench scenario invalidate --samples 1000 --seed $(NIGHTLY_SEED) --out invalidate.json'
