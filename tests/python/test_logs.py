"""Run logs and system resources: what a native program prints, captured into
plxlogs/logs.jsonl, and resources sampled into resources/metric/, read back with Polyaxon's own
readers (V1Logs.read_jsonl, V1Events.read)."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from traceml.events import V1Events
from traceml.logging import V1Logs

REPO = Path(__file__).resolve().parents[2]
BIN_DIR = REPO / os.environ.get("PLX_C_TEST_DIR", "build/tests/c")
MAX_LINE = 32 * 1024
LONG = "long " + "x" * 100000 + " end"
STDOUT_LINES = [
    "c printf line 1", "c++ cout line 3", "raw write line 5", "partial line 6", LONG,
    "binary \ufffd\ufffd line 8", *[f"burst {i}" for i in range(5000)], "unfinished last line",
]
STDERR_LINES = ["c stderr line 2", "c++ cerr line 4"]
IN_ORDER = [
    "c printf line 1", "c stderr line 2", "c++ cout line 3", "c++ cerr line 4",
    *STDOUT_LINES[2:],
]


def pieces(line):
    """A logged line longer than the limit is split into pieces of the limit."""
    data = line.encode()
    return [data[i : i + MAX_LINE].decode() for i in range(0, len(data), MAX_LINE)]


def expected(lines):
    return [piece for line in lines for piece in pieces(line)]


def run_program(name, tmp_path, *extra, **streams):
    binary = BIN_DIR / name
    if not binary.exists():
        pytest.fail(f"{binary} is missing: build the C tests first (cmake --build build)")
    dir_file = tmp_path / "run_dir"
    done = subprocess.run(
        [str(binary), str(tmp_path / "root"), str(dir_file), *extra],
        stdin=subprocess.DEVNULL, timeout=120, **streams,
    )
    assert done.returncode == 0
    return Path(dir_file.read_text().strip())


def logged_values(run_dir):
    rows = V1Logs.read_jsonl(str(run_dir / "plxlogs" / "logs.jsonl"))
    structured = V1Logs.read_jsonl(str(run_dir / "plxlogs" / "logs.jsonl"), to_structured=True)
    assert len(structured.logs) == len(rows)
    for row in rows:
        assert row["node"] == "local" and row["pod"] and row["container"]
    return [str(row["value"]) for row in rows]


def test_one_destination_keeps_every_line_once_in_order(tmp_path):
    with open(tmp_path / "terminal", "wb") as terminal:
        run_dir = run_program("test_capture", tmp_path, stdout=terminal, stderr=subprocess.STDOUT)
    values = logged_values(run_dir)
    assert values.count("explicit log line") == 1
    values.remove("explicit log line")
    assert values == expected(IN_ORDER)
    printed = (tmp_path / "terminal").read_bytes().decode("utf-8", "replace").splitlines()
    assert printed[0] == "before capture: not in the log"
    assert printed[1:-1] == IN_ORDER
    assert printed[-1] == "after close: not in the log"
    assert "before capture: not in the log" not in values


def test_two_destinations_keep_each_streams_order(tmp_path):
    with open(tmp_path / "out", "wb") as out, open(tmp_path / "err", "wb") as err:
        run_dir = run_program("test_capture", tmp_path, stdout=out, stderr=err)
    values = logged_values(run_dir)
    assert sorted(values) == sorted(expected(IN_ORDER) + ["explicit log line"])
    out_pieces, err_pieces = expected(STDOUT_LINES), expected(STDERR_LINES)
    assert [v for v in values if v in set(out_pieces)] == out_pieces
    assert [v for v in values if v in set(err_pieces)] == err_pieces
    printed_out = (tmp_path / "out").read_bytes().decode("utf-8", "replace").splitlines()
    printed_err = (tmp_path / "err").read_bytes().decode("utf-8", "replace").splitlines()
    assert printed_out[1:-1] == STDOUT_LINES
    assert printed_err == STDERR_LINES


def test_capture_and_sampling_stop_cleanly_at_exit(tmp_path):
    with open(tmp_path / "terminal", "wb") as terminal:
        run_dir = run_program(
            "test_capture", tmp_path, "exit", stdout=terminal, stderr=subprocess.STDOUT
        )
    values = logged_values(run_dir)
    values.remove("explicit log line")
    assert values == expected(IN_ORDER)
    printed = (tmp_path / "terminal").read_bytes().decode("utf-8", "replace").splitlines()
    assert printed[1:] == IN_ORDER
    meta = json.loads((run_dir / "run.plx.json").read_text())
    assert meta["status"] == "succeeded"
    assert (run_dir / "resources" / "metric" / "memory.plx").exists()


def test_resources_read_back_with_plausible_values(tmp_path):
    run_dir = run_program("test_resources", tmp_path, capture_output=True)
    folder = run_dir / "resources" / "metric"
    names = {p.stem for p in folder.glob("*.plx")}
    assert names >= {"cpu", "memory", "load", "process_cpu", "process_memory"}
    values = {}
    for name in names:
        path = folder / f"{name}.plx"
        default = V1Events.read("metric", name, str(path))
        arrow = V1Events.read("metric", name, path.read_text(), parse_dates=False, engine="pyarrow")
        assert len(default.df) == len(arrow.df) >= 5, name
        assert default.df["step"].isna().all(), "resource rows have no step"
        values[name] = list(default.df["metric"])
    assert all(0 <= v <= 100 for v in values["memory"]) and max(values["memory"]) > 0
    assert all(0 <= v <= 100 for v in values["cpu"])
    assert all(v >= 0 for v in values["load"])
    assert max(values["process_cpu"]) > 0, "the busy loop used some CPU"
    assert min(values["process_memory"]) > 1_000_000, "resident memory in bytes"
    lineage = json.loads((run_dir / "lineages.plx.json").read_text())
    system = {e["name"] for e in lineage if e["kind"] == "system"}
    assert system == names
    meta = json.loads((run_dir / "run.plx.json").read_text())
    assert "cpu" not in meta.get("outputs", {}), "resources are not outputs"


def test_capture_and_sampling_are_off_unless_asked_for(tmp_path):
    run_program("test_resources", tmp_path, capture_output=True)
    runs = list((tmp_path / "root" / "runs").iterdir())
    quiet = [r for r in runs if json.loads((r / "run.plx.json").read_text())["project"] == "quiet"]
    assert len(quiet) == 1
    assert not (quiet[0] / "plxlogs" / "logs.jsonl").exists()
    assert list((quiet[0] / "resources").rglob("*.plx")) == []
