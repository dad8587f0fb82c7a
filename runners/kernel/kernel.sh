#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# hmmbench kernel: put a kernel of your own under hmmbench.
#
#   hmmbench kernel add NAME --tree DIR [--build DIR]
#       register a tree you have built (in place, or with O=DIR: --build)
#   hmmbench kernel build NAME --tree DIR [--rev REV] [--config FILE]
#       build DIR (or commit REV of the git tree DIR) in a build directory
#       of hmmbench's own, then register it; incremental, with ccache
#   hmmbench kernel list
#   hmmbench kernel check-config CONFIG
#       what CONFIG lacks for hmmbench's guest and module, one line each
#   hmmbench kernel remove NAME
#
# A registered kernel NAME is laid out in .cache/kernels/NAME/ as every
# front end expects it (make bench KERNELS=NAME, hmmbench ab --a/--b NAME,
# runners/nightly, hmmbench bisect): vmlinuz (the bzImage), modroot/
# (modules_install), kdir -> the build directory (for hmm_bench.ko), config,
# release, origin (where it came from, when, the config check). hmm_bench.ko
# is built against it before the kernel counts as registered.
#
# The config must have what kernel-patch/guest-required.config lists
# (CONFIG_HMM_MIRROR through a selecting driver, modules, 9p over
# virtio-pci, devtmpfs, the gzip initramfs, the 8250 console, pagemap, THP,
# hugetlbfs, ...). A missing option is named with what it is for, and the
# one command that adds them all is printed.
#
# Exit: 0 done; 2 bad usage or input (missing, unbuilt or non-x86-64 tree,
# config lacking options, name taken by hmmbench); 3 the kernel or
# hmm_bench.ko failed to build. Nothing is left half-registered.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=runners/home.sh
. "$top/runners/home.sh"
# shellcheck source=runners/kernel/kbuild-lib.sh
. "$top/runners/kernel/kbuild-lib.sh"
# The trees named on the command line are the repositories to use, even
# when run from a git hook or 'git bisect run', which export GIT_DIR.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX
kernels=$home/.cache/kernels
kbuild=$home/.cache/kbuild

die() { echo "hmmbench kernel: $*" >&2; exit 2; }
build_failed() { echo "hmmbench kernel: $*" >&2; exit 3; }

usage() {
	sed -n '4,15p' "$0" | sed 's/^# \{0,1\}//'
}

valid_name() {
	[[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] ||
		die "'$1' is not a kernel name (letters, digits, '.', '_', '-')"
	case $1 in
	debian-* | built-6.12*) die "'$1' is a name hmmbench gives its own kernels (debian-*, built-6.12*): choose another" ;;
	esac
}

# fix_hint BUILD TREE: the one command that adds every guest requirement.
fix_hint() {
	echo "fix: (cd $2 && scripts/kconfig/merge_config.sh -m -O $1 $1/.config $GUEST_FRAGMENT) && make -C $2 O=$1 olddefconfig, then rebuild"
}

# check_config CONFIG BUILD TREE: the guest requirements, or exit 2.
check_config() {
	local out rc=0
	out=$(bash "$top/runners/kernel/kconfig-check.sh" "$1" "$GUEST_FRAGMENT") || rc=$?
	[ -z "$out" ] || printf '%s\n' "$out" >&2
	[ "$rc" -le 1 ] || exit 2
	if [ "$rc" -eq 1 ]; then
		fix_hint "$2" "$3" >&2
		die "$1 lacks $(grep -c '^missing:' <<<"$out") option(s) the guest or hmm_bench.ko needs (listed above)"
	fi
	local notes
	notes=$(grep -c '^note:' <<<"$out" || true)
	config_check=ok
	[ "$notes" -eq 0 ] || config_check+=", $notes optional missing"
}

# install_modules BUILD ROOT RELEASE: what 'make modules_install' lays out
# (the modules of modules.order, the builtin lists, depmod's indexes), done
# without running make in BUILD: make there would resync the config (and
# rebuild everything) whenever its CC differs from the build's, and a
# user's build directory is theirs.
install_modules() {
	local build=$1 moddir=$2/lib/modules/$3 m ko f
	mkdir -p "$moddir/kernel"
	while IFS= read -r m; do
		ko=${m%.o}
		ko=${ko%.ko}.ko
		[ -f "$build/$ko" ] || { echo "hmmbench kernel: $build/$ko (modules.order) is not built" >&2; return 1; }
		install -D -m 0644 "$build/$ko" "$moddir/kernel/$ko" || return 1
	done <"$build/modules.order"
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		[ -f "$build/$f" ] && cp "$build/$f" "$moddir/"
	done
	sed -i -E 's|^(.*)\.o$|kernel/\1.ko|; s|^([^k].*\.ko)$|kernel/\1|' "$moddir/modules.order"
	depmod -b "$2" ${build:+-F "$build/System.map"} "$3" 2>/dev/null || depmod -b "$2" "$3"
}

# register NAME TREE BUILD [ORIGIN_LINES]: lay out the built kernel in BUILD
# as NAME and build hmm_bench.ko against it.
register() {
	local name=$1 tree=$2 build=$3 extra=${4-} rel dest tmp
	need_checkout "building hmm_bench.ko for $name"
	[ -f "$build/.config" ] ||
		die "$build has no .config: configure and build the kernel first, or let 'hmmbench kernel build' do it"
	grep -qx 'CONFIG_X86_64=y' "$build/.config" ||
		die "$build is not an x86-64 kernel (CONFIG_X86_64 is not set): hmmbench boots qemu-system-x86_64 guests"
	[[ -f $build/arch/x86/boot/bzImage && -f $build/include/config/kernel.release ]] ||
		die "$build is not built (no arch/x86/boot/bzImage): run make -C $tree${build:+ O=$build} bzImage modules first"
	check_config "$build/.config" "$build" "$tree"
	[[ -f $build/Module.symvers && -f $build/modules.order ]] ||
		die "$build has no Module.symvers/modules.order: build its modules too (make modules)"
	rel=$(kbuild_release "$build")
	dest=$kernels/$name
	tmp=$kernels/.$name.tmp
	mkdir -p "$kernels"
	rm -rf "$tmp"
	mkdir -p "$tmp/modroot"
	install_modules "$build" "$tmp/modroot" "$rel" || { rm -rf "$tmp"; build_failed "installing the modules of $build failed"; }
	cp "$build/arch/x86/boot/bzImage" "$tmp/vmlinuz"
	cp "$build/.config" "$tmp/config"
	ln -s "$build" "$tmp/kdir"
	echo "$rel" >"$tmp/release"
	{
		echo "source=user"
		echo "tree=$tree"
		echo "build=$build"
		[ -n "$extra" ] && printf '%s\n' "$extra"
		echo "registered=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "config_check=$config_check"
	} >"$tmp/origin"
	rm -rf "$dest" "$home/build/module/$name"
	mv "$tmp" "$dest"
	if ! make -s -C "$home" "build/module/$name/hmm_bench.ko" >"$kernels/.$name.module.log" 2>&1; then
		tail -20 "$kernels/.$name.module.log" >&2
		rm -rf "$dest" "$home/build/module/$name"
		build_failed "hmm_bench.ko does not build against $build (above); $name is not registered"
	fi
	rm -f "$kernels/.$name.module.log"
	echo "registered $name: Linux $rel from $tree (build $build); config check: $config_check"
	echo "use it: make bench KERNELS=$name | hmmbench ab --a OTHER --b $name"
}

# absdir DIR WHAT: DIR's absolute path, or exit 2.
absdir() {
	[ -d "$1" ] || die "$2 '$1' does not exist"
	(cd "$1" && pwd -P)
}

kernel_tree() {
	[[ -f $1/Makefile && -f $1/Kconfig && -f $1/mm/hmm.c ]] ||
		die "'$1' is not a Linux source tree with HMM (no Makefile, Kconfig or mm/hmm.c)"
}

cmd_add() {
	local name='' tree='' build=''
	name=${1-}
	[[ -n $name && ${name#-} = "$name" ]] || die "usage: hmmbench kernel add NAME --tree DIR [--build DIR]"
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--tree) tree=${2-}; shift 2 || die "--tree needs a directory" ;;
		--tree=*) tree=${1#*=}; shift ;;
		--build) build=${2-}; shift 2 || die "--build needs a directory" ;;
		--build=*) build=${1#*=}; shift ;;
		*) die "kernel add: unknown argument '$1'" ;;
		esac
	done
	valid_name "$name"
	[ -n "$tree" ] || die "kernel add $name: --tree DIR is required"
	tree=$(absdir "$tree" "kernel tree")
	kernel_tree "$tree"
	build=$(absdir "${build:-$tree}" "build directory")
	exec 9>"$kernels.register.lock"
	flock 9
	register "$name" "$tree" "$build"
}

cmd_build() {
	local name='' tree='' rev='' config='' src obj commit stamp t0 extra
	name=${1-}
	[[ -n $name && ${name#-} = "$name" ]] ||
		die "usage: hmmbench kernel build NAME --tree DIR [--rev REV] [--config FILE]"
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--tree) tree=${2-}; shift 2 || die "--tree needs a directory" ;;
		--tree=*) tree=${1#*=}; shift ;;
		--rev) rev=${2-}; shift 2 || die "--rev needs a revision" ;;
		--rev=*) rev=${1#*=}; shift ;;
		--config) config=${2-}; shift 2 || die "--config needs a file" ;;
		--config=*) config=${1#*=}; shift ;;
		*) die "kernel build: unknown argument '$1'" ;;
		esac
	done
	valid_name "$name"
	[ -n "$tree" ] || die "kernel build $name: --tree DIR is required"
	tree=$(absdir "$tree" "kernel tree")
	if [ -n "$config" ]; then
		[ -r "$config" ] || die "--config '$config' cannot be read"
		config=$(cd "$(dirname "$config")" && pwd -P)/$(basename "$config")
	fi
	mkdir -p "$kbuild" "$kernels"
	if [ -n "$rev" ]; then
		git -C "$tree" rev-parse --git-dir >/dev/null 2>&1 || die "--rev needs a git tree, and '$tree' is not one"
		commit=$(git -C "$tree" rev-parse --verify -q "$rev^{commit}") ||
			die "'$rev' is not a commit of $tree"
		# A work tree of hmmbench's own: the user's work tree is never touched,
		# and checking out the next commit changes only the files it changes,
		# so make rebuilds only what they affect.
		src=$kbuild/user-$name/src
		obj=$src/obj
		# A work tree of another repository under the same name starts afresh.
		if [ -d "$src" ] && [ "$(git -C "$src" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)" != \
			"$(git -C "$tree" rev-parse --path-format=absolute --git-common-dir)" ]; then
			rm -rf "$kbuild/user-$name"
		fi
		if [ ! -d "$src" ]; then
			git -C "$tree" worktree prune
			mkdir -p "$kbuild/user-$name"
			git -C "$tree" worktree add -q --detach "$src" "$commit" ||
				die "git worktree add $src failed"
		else
			git -C "$src" checkout -q -f --detach "$commit" || die "git checkout $commit in $src failed"
		fi
		kernel_tree "$src"
		extra="rev=$rev"$'\n'"commit=$commit"$'\n'"subject=$(git -C "$tree" log -1 --format=%s "$commit")"
		# uname -v, which every results context records, names the commit.
		export HMMBENCH_BUILD_VERSION="1-git-${commit:0:12}"
	else
		kernel_tree "$tree"
		[[ ! -f $tree/.config && ! -d $tree/include/config ]] ||
			die "$tree is configured or built in place, so Kbuild cannot build it elsewhere: register it as it is (hmmbench kernel add $name --tree $tree), or build one of its commits with --rev"
		src=$tree
		obj=$kbuild/user-$name/obj
		extra=""
	fi
	mkdir -p "$obj"
	exec 9>"$kernels.register.lock"
	flock 9
	# Configure only when the config inputs changed: a rebuild stays incremental.
	stamp=$(cat "${config:-$MINIMAL_FRAGMENT}" "$GUEST_FRAGMENT" | sha256sum | cut -d' ' -f1)
	if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.hmmbench-config" 2>/dev/null)" != "$stamp" ]; then
		if [ -n "$config" ]; then
			cp "$config" "$obj/.config"
			kbuild_merge "$src" "$obj" "$GUEST_FRAGMENT" || die "merging the guest fragment into $config failed"
		else
			kbuild_make "$src" "$obj" tinyconfig >/dev/null || die "make tinyconfig failed in $src"
			kbuild_merge "$src" "$obj" "$GUEST_FRAGMENT" "$MINIMAL_FRAGMENT" || die "merging the guest fragments failed"
		fi
		echo "$stamp" >"$obj/.hmmbench-config"
	fi
	check_config "$obj/.config" "$obj" "$src"
	t0=$SECONDS
	echo "hmmbench kernel: building $name in $obj (-j$KBUILD_JOBS${KCC:+, CC=$KCC})"
	kbuild_make "$src" "$obj" -s bzImage modules ||
		build_failed "building $name failed (above); nothing was registered"
	echo "hmmbench kernel: $name built in $((SECONDS - t0)) s"
	# The tree a user knows: theirs, not hmmbench's work tree of it.
	local origin_tree=$src
	[ -n "$rev" ] && origin_tree=$tree
	register "$name" "$origin_tree" "$obj" "${extra:+$extra$'\n'}build_seconds=$((SECONDS - t0))"
}

cmd_list() {
	local d name rel origin source check
	printf '%-28s %-32s %-9s %s\n' NAME RELEASE CONFIG SOURCE
	for d in "$kernels"/*/; do
		[ -f "$d/release" ] || continue
		name=$(basename "$d")
		rel=$(cat "$d/release")
		origin=$d/origin
		case $name in
		debian-*) source="Debian package (runners/qemu/fetch-debian-kernel.sh)" ;;
		built-6.12*) source="hmmbench build of linux-source-6.12 (kernel-patch/)" ;;
		*)
			source=$(sed -n 's/^tree=//p' "$origin" 2>/dev/null)
			commit=$(sed -n 's/^commit=//p' "$origin" 2>/dev/null)
			[ -n "$commit" ] && source+=" @ ${commit:0:12} $(sed -n 's/^subject=//p' "$origin")"
			[ -f "$d/hmm_bench.ko" ] && [ ! -e "$d/kdir" ] && source+=" (frozen)"
			;;
		esac
		if [ -f "$d/kdir/.config" ]; then
			check=$(bash "$top/runners/kernel/kconfig-check.sh" "$d/kdir/.config" "$GUEST_FRAGMENT" 2>/dev/null |
				grep -c '^missing:' || true)
			[ "$check" = 0 ] && check=ok || check="$check-missing"
		elif [ -f "$d/config" ]; then
			check=$(sed -n 's/^config_check=//p' "$origin" 2>/dev/null | cut -d, -f1)
		else
			check=-
		fi
		printf '%-28s %-32s %-9s %s\n' "$name" "$rel" "${check:--}" "$source"
	done
}

cmd_remove() {
	local name=${1-}
	[ -n "$name" ] || die "usage: hmmbench kernel remove NAME"
	valid_name "$name"
	[ -f "$kernels/$name/release" ] || die "no registered kernel '$name' (hmmbench kernel list)"
	rm -rf "${kernels:?}/$name" "$home/build/module/$name" "$home/build/initramfs/$name.cpio.gz"
	echo "removed $name (its build directory, if hmmbench made one, stays in .cache/kbuild/ for incremental rebuilds)"
}

sub=${1-}
[ $# -gt 0 ] && shift
case $sub in
add) cmd_add "$@" ;;
build) cmd_build "$@" ;;
list) cmd_list ;;
remove) cmd_remove "$@" ;;
check-config)
	[ $# -eq 1 ] || die "usage: hmmbench kernel check-config CONFIG"
	[ -r "$1" ] || die "cannot read '$1'"
	rc=0
	bash "$top/runners/kernel/kconfig-check.sh" "$1" "$GUEST_FRAGMENT" || rc=$?
	[ "$rc" -eq 0 ] && echo "kernel config $1: has everything hmmbench's guest and module need"
	[ "$rc" -eq 1 ] && fix_hint BUILD TREE
	exit "$rc"
	;;
-h | --help | help) usage ;;
'') usage >&2; exit 2 ;;
*) die "unknown subcommand '$sub' (add, build, list, check-config, remove)" ;;
esac
