# Measured sensitivity of the regression verdict, included by the top-level
# Makefile ('include runners/sensitivity.mk').
#
#   make sensitivity [SENSITIVITY_MODES="icount tcg"] [SENSITIVITY_KERNEL=debian-6.12]
#        [SENSITIVITY_ARGS="--sizes '1 2 5' --base-runs 4 ..."]
#        one guest boot per mode: baselines and injected-cost runs of a small
#        matrix, then 'hmmbench sensitivity'; the report goes to
#        results/sensitivity/README.md (see runners/sensitivity.sh --help).

SENSITIVITY_MODES ?= icount tcg
SENSITIVITY_KERNEL ?= debian-6.12
SENSITIVITY_ARGS ?=

.PHONY: sensitivity
sensitivity:
	$(MAKE) runner tests $(BUILD)/module/$(SENSITIVITY_KERNEL)/hmm_bench.ko
	bash runners/sensitivity.sh --modes "$(SENSITIVITY_MODES)" \
		--kernel $(SENSITIVITY_KERNEL) $(SENSITIVITY_ARGS)
