#!/usr/bin/env bash
# The performance benchmark, in one command: plx_log_metric through the C ABI against a plain
# buffered writer of the same rows (the floor), and against Polyaxon's traceml, tensorboardX and
# Pillow on the same workloads, with the ratios printed side by side. See docs/PERFORMANCE.md.
#
# Usage: bash scripts/bench.sh [--quick]
#   --quick   small sizes, for a smoke run (the numbers are not the ones to quote)
#
# Needs cargo and python3 >= 3.11 with venv. Installs tests/python/requirements.txt and
# bench/requirements.txt into .venv. On 2 cores: about 1.5 to 2 minutes, plus about 2 minutes
# for the first build and the time of the first install of the Python packages.
# It is not a test: it prints PASS or MISS against each target and exits 0 either way.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

rust_args=()
peer_args=()
for arg in "$@"; do
    case "$arg" in
        --quick)
            rust_args+=(--quick)
            peer_args+=(--quick)
            ;;
        *)
            echo "usage: bash scripts/bench.sh [--quick]" >&2
            exit 2
            ;;
    esac
done

stage() {
    printf '\n==> %s\n' "$*"
}

cpu="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)"
printf 'plx benchmark, %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
printf 'machine: %s cores (nproc), CPU %s, kernel %s, %s\n' \
    "$(nproc)" "${cpu:-unknown}" "$(uname -r)" "$(uname -m)"
printf 'memory: %s MiB; load average before the run: %s\n' \
    "$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'toolchain: %s; commit %s\n' "$(rustc --version)" \
    "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

stage "Build: cargo bench --no-run --bench hot_path"
cargo bench --no-run --bench hot_path

stage "Python environment: .venv with tests/python/requirements.txt and bench/requirements.txt"
if [ ! -x .venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --no-input --disable-pip-version-check \
    -r tests/python/requirements.txt -r bench/requirements.txt

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

stage "Python peers: bench/peers.py (traceml, tensorboardX, Pillow)"
.venv/bin/python bench/peers.py "${peer_args[@]}" --out "$scratch/peers.json"

stage "plx and the floor: cargo bench --bench hot_path (the memory case runs in a child process)"
cargo bench --bench hot_path -- "${rust_args[@]}" --peers "$scratch/peers.json"
