#!/usr/bin/env bash
# Runs the Rust unit tests that can run under Miri (the pointer handling of the C boundary, and
# the pure parts of the core) with the nightly toolchain's Miri, which checks for undefined
# behaviour. Tests that need threads at scale, sockets or C code are left to the other stages.
# Installs the miri and rust-src components of the nightly toolchain when they are missing; when
# that is impossible it says why and exits 0 without running (it is not a silent skip).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! cargo +nightly miri --version >/dev/null 2>&1; then
    if ! rustup component add --toolchain nightly miri rust-src >/dev/null 2>&1; then
        echo "SKIPPED Miri: no nightly toolchain with the miri component could be installed"
        exit 0
    fi
fi
MIRIFLAGS="-Zmiri-disable-isolation" cargo +nightly miri test --lib -- \
    ffi::strings core::names core::float_text core::events core::lineage core::summary \
    core::json core::metadata core::location core::paths::tests
