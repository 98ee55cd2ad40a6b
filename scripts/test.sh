#!/usr/bin/env bash
# The whole test suite, from a fresh clone: the Rust tests, the C and C++ tests (CMake + ctest),
# the Python compatibility tests that read plx's runs with Polyaxon's own code, and the server
# test that pushes plx's runs into a real Polyaxon server and reads them back through its API,
# its streams service and its UI.
#
# Needs cargo, cmake >= 3.16, ninja, gcc/g++ (or cc/c++), and python3 >= 3.11 with venv.
# Installs the pinned Python packages of tests/python/requirements.txt into .venv (once), and for
# the Polyaxon server test tests/server/setup.sh fills .venv-server (once) and installs Debian's
# chromium with apt-get when it is missing (needs root).
# Every test stage runs even when an earlier one fails; the exit code is 1 if any failed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

stage() {
    printf '\n==> %s\n' "$*"
}

failed=()

stage "Python environment: .venv with tests/python/requirements.txt"
if [ ! -x .venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv .venv
fi
if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: .venv has Python $(.venv/bin/python -V 2>&1); 3.11 or newer is needed" >&2
    exit 1
fi
.venv/bin/python -m pip install --quiet --no-input --disable-pip-version-check \
    -r tests/python/requirements.txt

stage "Open MPI for the MPI test (Debian's openmpi-bin and libopenmpi-dev)"
if ! command -v mpicc >/dev/null || ! command -v mpirun >/dev/null; then
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq openmpi-bin libopenmpi-dev >/dev/null; }; then
        echo "error: Open MPI could not be installed; the MPI test will fail" >&2
    fi
fi

stage "Rust tests: cargo test"
cargo test || failed+=("cargo test")

stage "Miri: the boundary's pointer handling and the pure core (scripts/miri.sh)"
bash scripts/miri.sh || failed+=("miri")

stage "Build: cmake -S . -B build -G Ninja && cmake --build build"
cmake -S . -B build -G Ninja
cmake --build build

stage "C and C++ tests: ctest"
(cd build && ctest --output-on-failure) || failed+=("ctest")

stage "Python compatibility tests: pytest tests/python"
PLX_C_TEST_DIR="$repo/build/tests/c" .venv/bin/python -m pytest tests/python \
    || failed+=("pytest")

stage "Go bindings: bindings/go/test.sh (vet, race, GOGC=1, cgocheck2, example, benchmark)"
bash bindings/go/test.sh || failed+=("go bindings")

stage "Polyaxon server test: tests/server/setup.sh, then pytest tests/server"
if bash tests/server/setup.sh; then
    PLX_BUILD_DIR="$repo/build" .venv-server/bin/python -m pytest tests/server \
        || failed+=("server test")
else
    echo "error: the server test's prerequisites could not be installed (see above)" >&2
    failed+=("server test setup")
fi

if [ "${#failed[@]}" -gt 0 ]; then
    printf '\nFAILED: %s\n' "${failed[*]}" >&2
    exit 1
fi
printf '\nAll tests passed.\n'
