# hmmbench: benchmark and regression harness for Linux HMM.
#
#   make                 runner + module for the running kernel (native)
#   make bench           the main job: Debian 6.1 and 6.12 under QEMU
#   make check           every test (what .ci/run calls)
#   make install         hmmbench, its scripts and plots under PREFIX (below)
#
# Build outputs go to build/ and runners/hmmbench; downloads and kernel
# trees to .cache/. Neither is committed.

# The one version string, defined in bench-module/Kbuild (the module reports it too).
HMMBENCH_VERSION := $(shell sed -n 's/^HMM_BENCH_VERSION := //p' bench-module/Kbuild)
GIT_REV := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror
RUNNER_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Ibench-module -Irunners/src \
	$(shell pkg-config --cflags hwloc jansson 2>/dev/null)
RUNNER_LIBS := $(shell pkg-config --libs hwloc jansson 2>/dev/null) -lpfm -lz -lm -lpthread

BUILD := build
# The runner's layers, one folder each (runners/README.md gives their order).
RUNNER_LAYERS := util stats measure results analysis plot check cmd
RUNNER_SRCS := $(filter-out runners/src/cmd/main.c,$(foreach l,$(RUNNER_LAYERS),$(wildcard runners/src/$(l)/*.c)))
RUNNER_OBJS := $(RUNNER_SRCS:runners/src/%.c=$(BUILD)/obj/%.o)
RUNNER_HDRS := $(wildcard runners/src/*.h runners/src/*/*.h) bench-module/hmm_bench_uapi.h
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
GUEST_TESTS := $(patsubst tests/guest/%.c,$(BUILD)/tests/%,$(wildcard tests/guest/*.c))

# The kernel to build the module against natively.
KDIR ?= /lib/modules/$(shell uname -r)/build

.PHONY: all runner module tests check clean deps bench plots install
all: runner module

runner: runners/hmmbench

runners/hmmbench: $(BUILD)/obj/cmd/main.o $(RUNNER_OBJS)
	$(CC) -o $@ $^ $(RUNNER_LIBS)

$(BUILD)/obj/%.o: runners/src/%.c $(RUNNER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(RUNNER_CFLAGS) -c -o $@ $<

# The version and revision go into util/build_info.o alone, rebuilt when
# they change: the stamp is rewritten only then.
$(BUILD)/build-info: FORCE
	@mkdir -p $(@D)
	@echo '$(HMMBENCH_VERSION) $(GIT_REV)' | cmp -s - $@ || echo '$(HMMBENCH_VERSION) $(GIT_REV)' >$@
$(BUILD)/obj/util/build_info.o: $(BUILD)/build-info
$(BUILD)/obj/util/build_info.o: RUNNER_CFLAGS += \
	-DHMMBENCH_VERSION='"$(HMMBENCH_VERSION)"' -DHMMBENCH_GIT_REV='"$(GIT_REV)"'

$(BUILD)/tests/%: tests/unit/%.c $(RUNNER_OBJS) tests/unit/check.h
	@mkdir -p $(dir $@)
	$(CC) $(RUNNER_CFLAGS) -Itests/unit -o $@ $< $(RUNNER_OBJS) $(RUNNER_LIBS)

$(BUILD)/tests/%: tests/guest/%.c $(RUNNER_OBJS) tests/unit/check.h
	@mkdir -p $(dir $@)
	$(CC) $(RUNNER_CFLAGS) -Itests/unit -o $@ $< $(RUNNER_OBJS) $(RUNNER_LIBS)

tests: runner $(UNIT_TESTS) $(GUEST_TESTS) sim-plugin

module:
	@test -d "$(KDIR)" || { echo "make module: no kernel build tree at KDIR=$(KDIR); install the headers of the running kernel or pass KDIR=..." >&2; exit 2; }
	$(MAKE) -C "$(KDIR)" M=$(CURDIR)/bench-module modules

# The kernels built from source are tested in their debug build (KASAN,
# lockdep, DEBUG_VM): one cold build serves the patch's verify run and the
# fuzzing alike. The non-debug pair (make kernel) is for measuring.
# The parts that need no built kernel run while it builds (tests/check.sh).
check: deps
	$(MAKE) tests
	HMMBENCH_REQUIRE_KERNELS=1 HMMBENCH_KERNEL_SUFFIX=-debug bash tests/check.sh --meanwhile '$(MAKE) -s kernel-debug'

deps:
	bash tools/install-deps.sh

# The main job; KERNELS, MODE (icount|tcg|kvm|auto|sim), MATRIX (tiny|default|full|FILE).
# MODE defaults to auto where /dev/kvm exists: KVM when a probe boot works,
# else icount (runners/qemu/kvm-probe.sh).
# MODE is the bench's alone: make guest-run takes GUEST_MODE (qemu.mk).
bench: deps
	$(MAKE) kernels runner tests $(KERNELS:%=$(BUILD)/module/%/hmm_bench.ko)
	KERNELS="$(KERNELS)" MODE="$(MODE)" MATRIX="$(MATRIX)" bash runners/bench.sh

MODE ?= $(if $(wildcard /dev/kvm),auto,icount)
MATRIX ?= default

# Plots of one results document: make plots RESULTS=path/results.json
plots: runner
	@test -n "$(RESULTS)" || { echo "make plots: give RESULTS=path/to/results.json" >&2; exit 2; }
	runners/hmmbench plot $(RESULTS)

# make install [PREFIX=/usr/local] [DESTDIR=...]: the binary in PREFIX/bin,
# its data directory (util/datadir.h: driver scripts, plots, matrix files
# and guest config fragments, laid out as in this tree) in
# PREFIX/share/hmmbench, and the module's source with its dkms.conf in
# DKMS_SRCDIR/hmm_bench-VERSION (default /usr/src, where DKMS looks).
# Relocatable: the binary finds PREFIX/share/hmmbench from its own path.
PREFIX ?= /usr/local
DKMS_SRCDIR ?= /usr/src
DATADIR := $(DESTDIR)$(PREFIX)/share/hmmbench
INSTALL_SCRIPTS := runners/home.sh runners/ab.sh \
	runners/kernel/kernel.sh runners/kernel/bisect.sh runners/kernel/bisect-table.py \
	runners/kernel/ensure-kernels.sh runners/kernel/kbuild-lib.sh runners/kernel/kconfig-check.sh \
	runners/qemu/fetch-debian-kernel.sh runners/qemu/guest-run.sh runners/qemu/mkinitramfs.sh \
	runners/qemu/guest-init runners/qemu/scan-kernel-log.sh runners/qemu/kvm-probe.sh \
	runners/lava/lava.sh runners/lava/guest-test.sh runners/lava/lava-device.py \
	runners/lava/lava-collect.py
INSTALL_DATA := $(wildcard plots/*.gp) runners/qemu/kernel-report.pattern \
	runners/qemu/known-kernel-reports.awk kernel-patch/flagtable.matrix \
	kernel-patch/guest-required.config kernel-patch/minimal-guest.config \
	runners/qemu/guest-batch.sh runners/qemu/kernel-cmdline.sh \
	runners/lava/hmmbench-test.yaml tests/lib.sh $(wildcard tests/guest/*.sh)
install: runner
	install -D -m 0755 runners/hmmbench $(DESTDIR)$(PREFIX)/bin/hmmbench
	for f in $(INSTALL_SCRIPTS); do install -D -m 0755 $$f $(DATADIR)/$$f || exit 1; done
	for f in $(INSTALL_DATA); do install -D -m 0644 $$f $(DATADIR)/$$f || exit 1; done
	for f in $(MODULE_SOURCES) bench-module/Makefile bench-module/dkms.conf; do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMS_SRCDIR)/hmm_bench-$(HMMBENCH_VERSION)/$$(basename $$f) || exit 1; \
	done

clean:
	rm -rf $(BUILD) runners/hmmbench
	-$(MAKE) -C bench-module clean 2>/dev/null

# Per-kernel module builds (build/module/<kernel>/hmm_bench.ko).
include bench-module/module.mk

# QEMU guest pipeline: Debian kernels, initramfs, boots.
include runners/qemu/qemu.mk

# Kernels built from source: baseline, flag-table patched, debug (kernel-patch/).
include kernel-patch/kernel.mk

# Your own kernel (runners/kernel/kernel.sh):
#   make kernel-add KERNEL=NAME TREE=DIR [O=BUILD_DIR]     a tree you built
#   make kernel-build KERNEL=NAME TREE=DIR [REV=REV] [CONFIG=FILE]
.PHONY: kernel-add kernel-build
kernel-add: runner
	@test -n "$(TREE)" || { echo "make kernel-add: give KERNEL=NAME TREE=DIR [O=BUILD_DIR]" >&2; exit 2; }
	runners/hmmbench kernel add $(KERNEL) --tree $(TREE) $(if $(O),--build $(O))
kernel-build: runner
	@test -n "$(TREE)" || { echo "make kernel-build: give KERNEL=NAME TREE=DIR [REV=REV] [CONFIG=FILE]" >&2; exit 2; }
	runners/hmmbench kernel build $(KERNEL) --tree $(TREE) $(if $(REV),--rev $(REV)) $(if $(CONFIG),--config $(CONFIG))

# The CPU-simulation plugin and its cache model (make sim-plugin, MODE=sim).
include sim-plugin/sim.mk

# Long robustness runs for nightly CI (make fuzz-nightly).
include tests/robustness.mk

# Measured sensitivity of the verdict (make sensitivity).
include runners/sensitivity.mk
