#!/bin/sh
# written by guest-run.sh for built-6.12-flagtable (tcg)
export HMMBENCH_QEMU_OPTIONS='QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3); -accel tcg -cpu max -m 4096 -smp 2 -append '\''console=ttyS0 printk.time=1 panic=-1 tsc=reliable hmmbench.mode=tcg'\'''
hmmbench run --matrix matrix.txt --seed 8554202 --out results.json --quiet 
