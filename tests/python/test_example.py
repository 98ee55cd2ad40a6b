"""The heat diffusion example's run reads back through Polyaxon's readers: every event file with
both engines, every row rebuilt, every asset present, the metadata loaded by the client, and the
field images showing the field (hot in the middle, cold at the edges)."""

import os
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from polyaxon._client.run import RunClient
from traceml.events import V1Events

REPO = Path(__file__).resolve().parents[2]
BIN_DIR = REPO / os.environ.get("PLX_C_TEST_DIR", "build/tests/c")
HEAT = BIN_DIR.parent.parent / "examples" / "heat"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    if not HEAT.exists():
        pytest.fail(f"{HEAT} is missing: build the examples first (cmake --build build)")
    root = tmp_path_factory.mktemp("heat")
    done = subprocess.run(
        [str(HEAT), str(REPO / "examples" / "heat.cfg"), str(root)],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(l for l in done.stdout.splitlines() if l.startswith("run written to "))
    return Path(line.removeprefix("run written to "))


def test_every_event_file_reads_back(run_dir):
    files = sorted((run_dir / "events").glob("*/*.plx"))
    assert {f.parent.name for f in files} == {"metric", "image", "histogram", "model"}
    for path in files:
        kind = path.parent.name
        default = V1Events.read(kind, path.stem, str(path))
        arrow = V1Events.read(
            kind, path.stem, path.read_text(), parse_dates=False, engine="pyarrow"
        )
        assert len(default.df) == len(arrow.df) > 0
        for i in range(len(default.df)):
            event = default.get_event_at(i)
            payload = getattr(event, kind)
            if hasattr(payload, "path"):
                assert (run_dir / payload.path).exists(), payload.path
    total = run_dir / "events/metric/heat__total.plx"
    assert len(V1Events.read("metric", "heat__total", str(total)).df) == 401


def test_metadata_loads(run_dir):
    client = RunClient(owner="examples", project="heat", run_uuid=run_dir.name, is_offline=True)
    run = RunClient.load_offline_run(path=str(run_dir), run_client=client, raise_if_not_found=True)
    data = run.run_data
    assert data.status == "succeeded" and data.name == "heat-diffusion"
    assert data.inputs["alpha"] == 0.24 and data.inputs["steps"] == 400
    assert 0 < data.outputs["final_peak"] < 100
    assert "config" in run._artifacts_lineage


def test_images_show_the_field(run_dir):
    with Image.open(run_dir / "assets/image/field_0.png") as first:
        assert first.size == (96, 96) and first.mode == "RGB"
        assert first.getpixel((48, 48)) == (255, 255, 255)
        assert first.getpixel((2, 2)) == (0, 0, 0)
    with Image.open(run_dir / "assets/image/field_400.png") as last:
        center, corner = last.getpixel((48, 48)), last.getpixel((2, 2))
        assert 0 < sum(center) < 3 * 255, "the hot square cooled down"
        assert sum(center) > sum(corner)
