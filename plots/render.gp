# Draws PLOT twice: PNG (pngcairo, or png where cairo is missing) and SVG.
set terminal @png_terminal size 1100,650 font ",10"
set output outbase.".png"
@PLOT
set terminal svg size 1100,650 dynamic font ",10"
set output outbase.".svg"
@PLOT
set output
