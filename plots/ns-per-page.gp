# ns per page against range size, log-log, one line per page kind.
# Input: files (space separated .dat paths, one per page kind) and titles
# (the kinds). Columns: range bytes, median ns/page, CI low, CI high.
load plotdir."/common.gp"
set title sprintf("hmm\\_range\\_fault %s, format %s: %s\n{/*0.8 %s}", op, format, unit, subtitle)
set logscale xy
set xlabel "range size"
set ylabel unit." (median, 95% bootstrap CI)"
set xtics ("4K" 4096, "16K" 16384, "64K" 65536, "256K" 262144, "1M" 1048576, \
	"4M" 4194304, "16M" 16777216, "64M" 67108864, "256M" 268435456, "1G" 1073741824, "4G" 4294967296)
set mxtics 2
PLOT = "plot for [i=1:words(files)] word(files, i) using 1:2:3:4 with yerrorlines title word(titles, i)"
load plotdir."/render.gp"
