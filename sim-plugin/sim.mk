# The CPU-simulation plugin for QEMU (sim-plugin/, MODE=sim):
#   make sim-plugin      build/sim/hmm_sim_plugin.so
# Its API header (qemu-plugin.h) is in no Debian binary package: it comes
# from Debian's qemu source package of the installed QEMU, fetched into
# .cache/qemu-plugin by sim-plugin/fetch-plugin-header.sh.
.PHONY: sim-plugin
SIM_PLUGIN := $(BUILD)/sim/hmm_sim_plugin.so
QEMU_PLUGIN_H := .cache/qemu-plugin/include/qemu-plugin.h
SIM_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isim-plugin -Ibench-module

sim-plugin: $(SIM_PLUGIN)

$(QEMU_PLUGIN_H): sim-plugin/fetch-plugin-header.sh
	bash sim-plugin/fetch-plugin-header.sh

$(SIM_PLUGIN): sim-plugin/hmm_sim_plugin.c sim-plugin/cache_model.c sim-plugin/cache_model.h \
		bench-module/hmm_bench_uapi.h $(QEMU_PLUGIN_H)
	@mkdir -p $(@D)
	$(CC) $(SIM_CFLAGS) -I$(dir $(QEMU_PLUGIN_H)) -fPIC -shared -o $@ \
		sim-plugin/hmm_sim_plugin.c sim-plugin/cache_model.c -lpthread

# The cache model alone, on synthetic address streams.
$(BUILD)/tests/test_cache_model: tests/unit/test_cache_model.c sim-plugin/cache_model.c \
		sim-plugin/cache_model.h tests/unit/check.h
	@mkdir -p $(@D)
	$(CC) $(SIM_CFLAGS) -Itests/unit -o $@ tests/unit/test_cache_model.c sim-plugin/cache_model.c
