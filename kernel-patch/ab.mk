# The flag-table verdict, included by kernel-patch/kernel.mk.
#
#   make ab-flagtable [AB_FLAGTABLE_MODES="icount tcg"] [AB_FLAGTABLE_ARGS=...]
#        builds both kernels if needed, boots baseline (built-6.12) and
#        patched (built-6.12-flagtable) kernels with kernel-patch/flagtable.matrix
#        in each QEMU mode, and writes results/flagtable/<mode>/: the results
#        pair, compare of the stock formats, table:<t> vs convert:<t> ratios
#        (hmmbench formats) and plots. A mode already measured is only
#        re-reported; AB_FLAGTABLE_ARGS=--remeasure measures again.
#        See kernel-patch/ab-flagtable.sh.

AB_FLAGTABLE_MODES ?= icount tcg
AB_FLAGTABLE_ARGS ?=

.PHONY: ab-flagtable
ab-flagtable: kernel
	$(MAKE) runner tests $(BUILD)/module/built-6.12/hmm_bench.ko \
		$(BUILD)/module/built-6.12-flagtable/hmm_bench.ko
	bash kernel-patch/ab-flagtable.sh --modes "$(AB_FLAGTABLE_MODES)" $(AB_FLAGTABLE_ARGS)
