#!/usr/bin/env bash
# Builds libplx with cargo and runs the Go checks of bindings/go against the build tree:
# gofmt, go vet, go test -race, go test with GOGC=1 (so the cleanup of forgotten runs runs),
# go test with the cgocheck2 experiment (cgo pointer rules), the heat example, a short
# BenchmarkLogMetric, and a build through pkg-config (the plx_pkgconfig tag) with a plx.pc that
# points at the build tree.
#
# Needs cargo, go >= 1.24, a C compiler and pkg-config. Exits non-zero on the first failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
lib="$repo/target/release"

stage() {
    printf '\n==> %s\n' "$*"
}

stage "cargo build --release"
(cd "$repo" && cargo build --release)
# Programs linked against libplx look for its SONAME (libplx.so.<abi>); name it in the build tree.
soname="$(objdump -p "$lib/libplx.so" | awk '$1 == "SONAME" { print $2 }')" || soname=""
if [ -n "$soname" ] && [ "$soname" != libplx.so ]; then
    ln -sf libplx.so "$lib/$soname"
fi

export CGO_ENABLED=1
export CGO_CFLAGS="-I$repo/include"
export CGO_LDFLAGS="-L$lib -Wl,-rpath,$lib"
cd "$here"

stage "gofmt -l"
unformatted="$(gofmt -l .)"
if [ -n "$unformatted" ]; then
    printf 'not gofmt-formatted:\n%s\n' "$unformatted" >&2
    exit 1
fi

stage "go vet ./..."
go vet ./...

stage "go test -race ./..."
go test -count=1 -race ./...

stage "GOGC=1 go test ./..."
GOGC=1 go test -count=1 ./...

stage "GOEXPERIMENT=cgocheck2 go test ./... (every cgo pointer rule checked at run time)"
GOEXPERIMENT=cgocheck2 go test -count=1 ./...

stage "go run ./examples/heat"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
go run ./examples/heat -config "$repo/examples/heat.cfg" -root "$scratch/offline"

stage "BenchmarkLogMetric (short)"
go test -count=1 -run '^$' -bench 'BenchmarkLogMetric$' -benchtime 100000x .

stage "go build -tags plx_pkgconfig (plx.pc pointing at the build tree)"
mkdir -p "$scratch/pkgconfig"
cat >"$scratch/pkgconfig/plx.pc" <<EOF
Name: plx
Description: Polyaxon run tracking for native code (build tree, for this test)
Version: 0.0.0
Cflags: -I$repo/include
Libs: -L$lib -lplx
EOF
env -u CGO_CFLAGS -u CGO_LDFLAGS PKG_CONFIG_PATH="$scratch/pkgconfig" \
    LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    go test -count=1 -tags plx_pkgconfig -run 'TestVersion|TestOpenCreatesTheRunFolder' .

printf '\nGo bindings: all checks passed.\n'
