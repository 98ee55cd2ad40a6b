#!/usr/bin/env bash
# Regenerates docs/dashboard.png, the heat example's dashboard in the Polyaxon UI: builds the
# example, installs the server environment when needed (tests/server/setup.sh), runs the
# example, starts a Polyaxon sandbox on 127.0.0.1, pushes the run, screenshots the dashboard
# with headless Chromium and stops the server.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bash tests/server/setup.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build --target heat
.venv-server/bin/python tests/server/screenshot.py docs/dashboard.png
