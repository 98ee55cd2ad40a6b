"""Writes a screenshot of the heat example's dashboard in the Polyaxon UI.

Usage: .venv-server/bin/python tests/server/screenshot.py OUT.png
(scripts/screenshot.sh runs it after the build and tests/server/setup.sh.)

Runs the example into a scratch folder, starts a Polyaxon sandbox, pushes the run, renders
the dashboard of HEAT_DASHBOARD with headless Chromium, and stops the server.
"""

import struct
import sys
import tempfile
from pathlib import Path

from polyaxon_sandbox import HEAT_DASHBOARD, Sandbox, dashboard_query, write_heat_run


def png_size(path):
    data = Path(path).read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise SystemExit(f"{path} is not a PNG")
    return struct.unpack(">II", data[16:24])


def main(out):
    out = Path(out).resolve()
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="plx-screenshot-") as scratch:
        run = write_heat_run(Path(scratch) / "offline")
        with Sandbox(Path(scratch) / "server") as server:
            server.push(run)
            url = server.ui_url(run, query=dashboard_query(HEAT_DASHBOARD))
            server.render(url, screenshot=out)
    width, height = png_size(out)
    print(f"wrote {out} ({width}x{height}) of run {run.uuid}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
