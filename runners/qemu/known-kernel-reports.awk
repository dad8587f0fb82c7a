# known-kernel-reports.awk: drop from a guest log the kernel reports that are
# known bugs of the kernels under test, not of hmmbench, and name each one on
# stderr. What is left is scanned as before (scan-kernel-log.sh).
#
# A report block runs from its "WARNING:"/"BUG:" line to the "</TASK>" that
# ends its stack trace. Known:
#
# hugetlb-hole-fault: stock hmm_range_fault() on a hugetlb vma whose range
#   has no page table yet. walk_hugetlb_range() calls the pte_hole callback
#   with the hugetlb vma lock (resv_map->rw_sema for a private mapping) held
#   for read; hmm_vma_walk_hole() faults, and hugetlb_fault() takes the same
#   lock for read again. Lockdep: "possible recursive locking detected"; a
#   writer queued in between would deadlock. Seen on 6.12 (baseline and
#   patched, the code is stock) when mmap() places a hugetlb buffer where no
#   page table exists, so it comes and goes with the address layout.
function flush(   known) {
	if (n == 0)
		return
	known = ""
	if (block ~ /possible recursive locking detected/ && block ~ /resv_map->rw_sema/ &&
	    block ~ /hugetlb_fault/ && block ~ /hmm_vma_fault/)
		known = "hugetlb-hole-fault"
	if (known != "") {
		printf "known kernel report (%s), not counted: %s\n", known, first > "/dev/stderr"
	} else {
		for (i = 1; i <= n; i++)
			print lines[i]
	}
	n = 0
	block = ""
}
/^\[ *[0-9]+\.[0-9]+\] (WARNING|BUG): / {
	flush()
	inblock = 1
	first = $0
}
{
	if (inblock) {
		lines[++n] = $0
		block = block "\n" $0
		if ($0 ~ /<\/TASK>/ || n > 200) {
			flush()
			inblock = 0
		}
		next
	}
	print
}
END { flush() }
