/* SPDX-License-Identifier: GPL-2.0 */
/* The hmmbench subcommands: one file each, all dispatched from main.c. */
#ifndef HMMBENCH_COMMANDS_H
#define HMMBENCH_COMMANDS_H

#include "util/exit_codes.h"

int cmd_info(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_fuzz(int argc, char **argv);
int cmd_scenario(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_history(int argc, char **argv);
/* hmmbench history ack: called by cmd_history with argv[0] = "ack". */
int cmd_history_ack(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_sim_merge(int argc, char **argv);
int cmd_ab(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_peers(int argc, char **argv);
int cmd_formats(int argc, char **argv);
int cmd_kernel(int argc, char **argv);
int cmd_bisect(int argc, char **argv);
int cmd_lava(int argc, char **argv);

#endif
