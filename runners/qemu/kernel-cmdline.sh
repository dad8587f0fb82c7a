# shellcheck shell=bash
# Sourced by guest-run.sh and lava/lava.sh: the kernel command line every
# hmmbench guest boots with, whoever boots it, so QEMU under guest-run.sh
# and under LAVA run the same kernel the same way.

# guest_kernel_args KDIR MODE: the arguments for the kernel in KDIR
# (.cache/kernels/NAME) booted in MODE, without the console (each booter
# names its own) and without panic handling (LAVA watches for the panic;
# guest-run.sh adds panic=-1).
guest_kernel_args() {
	local kdir=$1 mode=$2 kconfig args
	# tsc=reliable: QEMU derives every vCPU's TSC from one host clock, but
	# 6.1 with 2 vCPUs under TCG sees them "unsynchronized" and falls back to
	# HPET (an emulated MMIO read per timestamp), and a loaded host can trip
	# the clocksource watchdog mid-run. Both kernels, all modes time with
	# the TSC.
	args="printk.time=1 tsc=reliable hmmbench.mode=$mode"
	# A KASAN/lockdep kernel interprets ACPI's AML so slowly under TCG that
	# the PCI interrupt routing method (_PRT) hits ACPICA's 30 s loop
	# timeout; the virtio device is then left without an IRQ and the 9p
	# mount hangs. The MP table QEMU's BIOS provides routes the same
	# interrupts without AML. Told by the kernel's config, not its name: a
	# user's or a bisection's kernel built with the debug config needs it
	# as much (16 s of AML per boot otherwise, seen on the
	# planted-regression bisect's kernels).
	kconfig=$kdir/config
	[ -f "$kconfig" ] || kconfig=$kdir/kdir/.config
	if [ -f "$kconfig" ] && grep -qE '^CONFIG_(KASAN|PROVE_LOCKING)=y$' "$kconfig"; then
		args+=" acpi=noirq"
	fi
	echo "$args"
}
