#!/usr/bin/env bash
# Installs what the Polyaxon server test (tests/server) needs, once:
#   - .venv-server/: haupt (Polyaxon's server, sandbox mode), the polyaxon CLI and pytest, pinned
#     in tests/server/requirements.txt (about 700 MB, kept apart from .venv). It is reused while
#     it was made from the same requirements file with the same Python;
#   - Debian's chromium, to render the Polyaxon UI headless (apt-get, as root).
# Exits non-zero, saying why, when something cannot be installed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

venv=.venv-server
requirements=tests/server/requirements.txt
stamp="$venv/.plx-requirements"
python="${PYTHON:-python3}"

fail() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    fail "$python is missing or older than 3.11; the server test needs Python 3.11 or newer"
fi
# What the environment is made from: the requirements and the Python that runs them.
wanted="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python" -V 2>&1)"

if [ -x "$venv/bin/haupt" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    echo "$venv: reused (made from $requirements with $("$python" -V 2>&1))"
else
    echo "$venv: installing $requirements (about 700 MB, a minute or two)"
    rm -f "$stamp"
    if [ ! -x "$venv/bin/python" ]; then
        "$python" -m venv "$venv" || fail "cannot create $venv with $python -m venv"
    fi
    "$venv/bin/python" -m pip install --quiet --no-input --disable-pip-version-check \
        -r "$requirements" \
        || fail "pip could not install $requirements into $venv (is PyPI reachable?)"
    "$venv/bin/haupt" --help >/dev/null || fail "haupt does not start from $venv"
    echo "$wanted" >"$stamp"
fi

if command -v chromium >/dev/null; then
    echo "chromium: $(command -v chromium)"
else
    echo "chromium: installing Debian's package with apt-get"
    command -v apt-get >/dev/null \
        || fail "chromium is not installed and there is no apt-get to install it with"
    [ "$(id -u)" -eq 0 ] \
        || fail "chromium is not installed; install it as root: apt-get install -y chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || fail "apt-get update failed (are Debian's package servers reachable?)"
    apt-get install -y -qq chromium >/dev/null || fail "apt-get install -y chromium failed"
    command -v chromium >/dev/null || fail "apt-get installed chromium, but it is not on PATH"
    echo "chromium: $(command -v chromium)"
fi
