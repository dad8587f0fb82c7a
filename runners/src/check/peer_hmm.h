/* SPDX-License-Identifier: GPL-2.0 */
/* test_hmm's dmirror device (CONFIG_TEST_HMM), a peer to cross-check against. */
#ifndef HMMBENCH_PEER_HMM_H
#define HMMBENCH_PEER_HMM_H

#include <stddef.h>
#include <stdint.h>

/* Open /dev/hmm_dmirror0: the fd, or -errno with the reason to skip in @reason. */
int peer_hmm_open(char *reason, size_t len);

/* SNAPSHOT of @nr_pages pages at @addr into @prot; its wall time (ns) in *wall_ns. 0 or -errno. */
int peer_hmm_snapshot(int fd, const void *addr, size_t nr_pages, uint8_t *prot,
			  uint64_t *wall_ns);

#endif
