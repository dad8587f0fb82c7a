# QEMU guest pipeline, included by the top-level Makefile.
#
#   make kernels [KERNELS="debian-6.1 debian-6.12"]
#        lay out the kernels in .cache/kernels/<name>/: fetch Debian's
#        (debian-X.Y), build hmmbench's (built-6.12*), check that any other
#        name was registered ('hmmbench kernel add/build')
#   make initramfs [KERNELS=...]
#        build/initramfs/<name>.cpio.gz (guest-run.sh also rebuilds it when stale)
#   make guest-run KERNEL=debian-6.12 CMD='hmmbench verify' [GUEST_MODE=icount] [OUT=dir]
#        build what the guest needs, boot it, run CMD in OUT; GUEST_MODE
#        (tcg|icount|kvm|auto|sim, default tcg) is guest-run.sh's --mode, and not make
#        bench's MODE (default icount)
#
# For other rules: $(GUEST_RUN) --kernel K --out DIR [--mode M] -- CMD boots
# one guest (see runners/qemu/guest-run.sh for options and exit codes), and
# $(GUEST_DEPS) is what must be built before it.

KERNELS ?= debian-6.1 debian-6.12
KERNEL_CACHE := .cache/kernels
GUEST_RUN := bash runners/qemu/guest-run.sh
GUEST_DEPS = runner tests $(KERNELS:%=$(BUILD)/module/%/hmm_bench.ko)

KERNEL ?= $(lastword $(KERNELS))
GUEST_MODE ?= tcg
OUT ?= $(BUILD)/guest/$(KERNEL)
CMD ?= hmmbench info

.PHONY: kernels initramfs guest-run
kernels:
	bash runners/kernel/ensure-kernels.sh $(KERNELS)

# A kernel asked for by path (e.g. by the module rule) is laid out on demand;
# it is no intermediate file for make to delete afterwards.
.PRECIOUS: $(KERNEL_CACHE)/%/release
$(KERNEL_CACHE)/%/release:
	bash runners/kernel/ensure-kernels.sh $*

initramfs: $(GUEST_DEPS)
	@for k in $(KERNELS); do \
		echo "initramfs: $(BUILD)/initramfs/$$k.cpio.gz"; \
		bash runners/qemu/mkinitramfs.sh --kernel $$k --out $(BUILD)/initramfs/$$k.cpio.gz || exit $$?; \
	done

guest-run: runner tests $(BUILD)/module/$(KERNEL)/hmm_bench.ko
	$(GUEST_RUN) --kernel $(KERNEL) --out $(OUT) --mode $(GUEST_MODE) -- '$(CMD)'
