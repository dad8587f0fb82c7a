# Per-kernel builds of hmm_bench.ko, included by the top-level Makefile.
#
#   make build/module/<name>/hmm_bench.ko   for kernel .cache/kernels/<name>
#   make modules-all                        for every kernel there
#
# Each kernel gets its own directory of symlinked sources, so builds for
# several kernels never share object files. Kbuild tracks the kernel's
# headers and the flags (KCFLAGS, W=) itself, so the rule always hands over
# to it.

MODULE_SOURCES := $(wildcard bench-module/*.c bench-module/*.h) bench-module/Kbuild
MODULE_KERNELS := $(notdir $(patsubst %/kdir,%,$(wildcard .cache/kernels/*/kdir)))

.PHONY: modules-all FORCE
modules-all:
	@test -n "$(MODULE_KERNELS)" || { echo "make modules-all: no kernel in .cache/kernels/*/kdir; run 'make kernels' first" >&2; exit 2; }
	$(MAKE) $(MODULE_KERNELS:%=$(BUILD)/module/%/hmm_bench.ko)

# The order-only prerequisite lets qemu.mk lay out a kernel on demand. A
# kernel frozen by 'hmmbench bisect' (each step's kernel, kept for A/Bs) has
# no build tree any more, only the hmm_bench.ko built against it then.
$(BUILD)/module/%/hmm_bench.ko: FORCE | .cache/kernels/%/release
	@mkdir -p $(@D)
	@if [ ! -d .cache/kernels/$*/kdir/ ] && [ -f .cache/kernels/$*/hmm_bench.ko ]; then \
		cmp -s .cache/kernels/$*/hmm_bench.ko $@ || cp .cache/kernels/$*/hmm_bench.ko $@; \
	else \
		test -d .cache/kernels/$*/kdir/ || { echo "$@: no kernel tree at .cache/kernels/$*/kdir; run 'make kernels' first" >&2; exit 2; }; \
		ln -sfn $(abspath $(MODULE_SOURCES)) $(@D)/ && \
		$(MAKE) -C .cache/kernels/$*/kdir/ M=$(abspath $(@D)) modules; \
	fi
