#!/usr/bin/env bash
# Builds and runs the consumer program against an installed plx, the way a user would: copied
# to a folder of its own, with CMake's find_package (shared and static) and with pkg-config.
#
# Usage: consumers.sh <install-prefix> <work-dir>
set -euo pipefail
prefix="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

rm -rf "$work"
mkdir -p "$work"
cp -r "$here/consumer.c" "$here/cmake" "$work/"
libdir="$(find "$prefix" -name plx.pc -printf '%h\n' | head -n 1)/.."
libdir="$(cd "$libdir" && pwd)"

echo "== installed files"
(cd "$prefix" && find . \( -type f -o -type l \) | sort)
soname="$(readelf -d "$libdir"/libplx.so | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
test -n "$soname" && test -L "$libdir/$soname" && test -L "$libdir/libplx.so"
echo "SONAME $soname is a link in $libdir"

echo "== CMake: find_package(plx REQUIRED)"
cmake -S "$work/cmake" -B "$work/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
cmake --build "$work/cmake-build"
"$work/cmake-build/consumer" "$work/runs"
"$work/cmake-build/consumer_static" "$work/runs"
readelf -d "$work/cmake-build/consumer" | grep -q "NEEDED.*\[$soname\]"
if readelf -d "$work/cmake-build/consumer_static" | grep -q "NEEDED.*libplx"; then
    echo "consumer_static links libplx dynamically" >&2
    exit 1
fi

echo "== pkg-config --cflags --libs plx"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pkg-config --exists --print-errors "plx >= 0.1"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -pedantic -Werror $(pkg-config --cflags plx) "$work/consumer.c" \
    $(pkg-config --libs plx) -Wl,-rpath,"$(pkg-config --variable=libdir plx)" \
    -o "$work/consumer_pkgconfig"
"$work/consumer_pkgconfig" "$work/runs"

runs="$(find "$work/runs/runs" -name run.plx.json | wc -l)"
test "$runs" -eq 3
echo "3 runs written by the consumers"
