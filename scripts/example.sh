#!/usr/bin/env bash
# Builds plx (cargo through CMake) and its heat diffusion example, runs the example, and shows
# the run folder it wrote. Runs go to $POLYAXON_OFFLINE_ROOT, else build/offline in the repo.
#
# Needs cargo, cmake >= 3.16, ninja and a C compiler.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

root="${POLYAXON_OFFLINE_ROOT:-$repo/build/offline}"

cmake -S . -B build -G Ninja >/dev/null
cmake --build build --target heat
printf '\n'
output="$(build/examples/heat examples/heat.cfg "$root")"
printf '%s\n' "$output"

run_dir="$(printf '%s\n' "$output" | sed -n 's/^run written to //p')"
printf '\nFiles in the run folder:\n'
(cd "$run_dir" && find . -type f | sort | sed 's|^\./|  |')
printf '\nEvent rows per file:\n'
(cd "$run_dir" && for f in events/*/*.plx; do
    printf '  %-40s %6d rows\n' "$f" "$(grep -c '|' "$f" | awk '{print $1 - 1}')"
done)
printf '\nRead it with Polyaxon: polyaxon ops ls --offline --path %s\n' "$root"
