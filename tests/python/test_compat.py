"""Reads runs written through plx's C ABI with Polyaxon's own code (traceml 1.5.0, polyaxon 2.18.0).

The C program tests/c/test_two_runs writes two runs into a fresh offline root; the values it logs
are described at the top of tests/c/test_two_runs.c and repeated below, so both files must agree.
The program is found in $PLX_C_TEST_DIR (default: build/tests/c in the repo).
"""

import hashlib
from datetime import datetime
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# Polyaxon reads its settings when it is imported: offline mode must be set first.
os.environ["POLYAXON_IS_OFFLINE"] = "true"

from polyaxon._client.run import RunClient  # noqa: E402
from traceml.events import V1Events  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
OWNER, PROJECT = "acme", "demo"

# What test_two_runs.c logs.
THREADS, ROWS, RESUMED_ROWS = 4, 500, 50
SPECIAL = [
    0.1, 1e-05, 1e16, math.nan, math.inf, -math.inf, -0.0, 5e-324, 0.1 + 0.2,
    1.7976931348623157e308, 123456789.125,
]
# Python's repr of each, which is what Polyaxon itself writes.
SPECIAL_TEXT = [
    "0.1", "1e-05", "1e+16", "nan", "inf", "-inf", "-0.0", "5e-324", "0.30000000000000004",
    "1.7976931348623157e+308", "123456789.125",
]
REF_NAMES = {
    "report", "external", "dataset", "remote-data", "final-net", "3f2a1b0c9d8e", "tensorboard",
}
EXTERNAL_TEXT = "external data\n"
INPUTS = {
    "learning_rate": 0.01, "batch_size": 32, "optimizer": "adam", "layers": [64, 32],
    "train__split": 0.8, "momentum": 0.9, "dataset": "mnist",
}
USER_OUTPUTS = {"final_accuracy": 0.93, "best_loss": 0.1, "note": "done"}

ROW = re.compile(
    r"(-?\d+)?\|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\+00:00\|[^|]+"
)


def expected_rows(run_index):
    """(step, value) rows per metric file stem, for run 0 (resumed) or run 1."""
    rows = {
        "loss": [(i, float(t * 1000 + i)) for t in range(THREADS) for i in range(ROWS)],
        "batch__a": [(7, 0.5)],
        "batch-b": [(7, 2.0)],
        "no_step": [(None, 1.5)],
        "special": list(enumerate(SPECIAL)),
    }
    for t in range(THREADS):
        rows[f"thread_{t}__acc"] = [(i, (t * 1000 + i) / 7.0) for i in range(ROWS)]
    if run_index == 0:
        rows["loss"] += [(ROWS + k, 100000.0 + k) for k in range(RESUMED_ROWS)]
    return rows


def same_float(a, b):
    """Exact equality that also matches NaN with NaN and tells 0.0 from -0.0."""
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def float_key(value):
    value = float(value)
    return (1, 0.0, 0.0) if math.isnan(value) else (0, value, math.copysign(1.0, value))


def row_key(row):
    """Orders (step, value) rows: no step first, then by step and value."""
    step, value = row
    return (-1 if step is None else step, float_key(value))


def step_of(value):
    """A step cell as pandas gives it (int, or float NaN for an empty cell) as int or None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def md5_12(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()[:12]


@dataclass
class Written:
    base: Path
    root: Path
    uuids: list

    def folder(self, index):
        return self.root / "runs" / self.uuids[index]


def two_runs_binary():
    folder = Path(os.environ.get("PLX_C_TEST_DIR", "build/tests/c"))
    return (folder if folder.is_absolute() else REPO / folder) / "test_two_runs"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    binary = two_runs_binary()
    assert binary.is_file(), f"{binary} is missing: build the C tests first (see scripts/test.sh)"
    base = tmp_path_factory.mktemp("two_runs")
    root = base / "offline"
    uuid_file = base / "uuids.txt"
    done = subprocess.run(
        [str(binary), str(root), str(uuid_file)],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, f"{binary} failed:\n{done.stdout}\n{done.stderr}"
    uuids = uuid_file.read_text().split()
    assert len(uuids) == 2 and uuids[0] != uuids[1]
    for uuid in uuids:
        assert re.fullmatch(r"[0-9a-f]{32}", uuid), uuid
    return Written(base=base, root=root, uuids=uuids)


RUNS = [0, 1]


def rows_of(text):
    """The rows of a CSV event file after its header, without the empty lines plx pads with."""
    return [line for line in text.split("\n")[1:] if line]


def metric_files(folder):
    return sorted((folder / "events" / "metric").glob("*.plx"))


@pytest.mark.parametrize("run", RUNS)
def test_each_metric_file_holds_what_was_logged(written, run):
    folder = written.folder(run)
    expected = expected_rows(run)
    files = metric_files(folder)
    assert sorted(p.stem for p in files) == sorted(expected)
    assert sorted(p.name for p in (folder / "events").iterdir()) == ["metric"]

    for path in files:
        want = expected[path.stem]
        text = path.read_text()
        reads = {
            "default engine, by path": V1Events.read("metric", path.stem, str(path)),
            "pyarrow, contents": V1Events.read("metric", path.stem, text, engine="pyarrow"),
        }
        for how, events in reads.items():
            where = f"{path.name} ({how})"
            assert len(events.df) == len(want), where
            got = []
            for i in range(len(events.df)):
                event = events.get_event_at(i)
                assert event.timestamp.utcoffset().total_seconds() == 0, where
                got.append((event.step, event.metric))
            assert [s for s, _ in got] == [step_of(s) for s in events.df.step], where
            # Rows of different threads interleave; compare as sorted multisets.
            for (got_step, got_value), (want_step, want_value) in zip(
                sorted(got, key=row_key), sorted(want, key=row_key)
            ):
                assert got_step == want_step, where
                assert same_float(got_value, want_value), (where, got_value, want_value)

        # The streams service reads the contents with pyarrow and no date parsing, then to_dict.
        table = V1Events.read(
            "metric", path.stem, text, parse_dates=False, engine="pyarrow"
        ).to_dict()
        assert len(table["metric"]) == len(want)
        # pyarrow parses the times itself and prints them its own way (13.476000 becomes
        # 13.476), so compare the instants, not the text.
        stamps = [line.split("|")[1] for line in rows_of(text)]
        instants = [datetime.fromisoformat(t) for t in table["timestamp"]]
        assert instants == [datetime.fromisoformat(t) for t in stamps], path.name


@pytest.mark.parametrize("run", RUNS)
def test_rows_of_one_thread_stay_in_order(written, run):
    path = written.folder(run) / "events" / "metric" / "loss.plx"
    events = V1Events.read("metric", "loss", str(path))
    steps_by_thread = {}
    resumed = []
    for step, value in zip(events.df.step, events.df.metric):
        if value >= 100000:
            resumed.append(int(step))
        else:
            assert not resumed, "a row of the first session follows a resumed row"
            steps_by_thread.setdefault(int(value) // 1000, []).append(int(step))
    assert steps_by_thread == {t: list(range(ROWS)) for t in range(THREADS)}
    assert resumed == ([ROWS + k for k in range(RESUMED_ROWS)] if run == 0 else [])


def test_metric_file_bytes(written):
    folder = written.folder(0)
    raw = (folder / "events" / "metric" / "loss.plx").read_bytes()
    assert raw.startswith(b"step|timestamp|metric\n")
    assert not raw.endswith(b"\n")
    assert raw.count(b"step|timestamp|metric") == 1, "resuming wrote a second header"
    lines = rows_of(raw.decode("ascii"))
    assert len(lines) == THREADS * ROWS + RESUMED_ROWS
    for line in lines:
        assert ROW.fullmatch(line), line
    # No row crosses a 4 KiB boundary of the file (a SIGKILL cuts writes there), and the only
    # empty lines are the padding that moves a row to the next boundary.
    row_start = None
    for offset, byte in enumerate(raw):
        if byte == ord("\n"):
            if row_start is not None and offset - row_start == 1:
                assert offset % 4096 == 0 or raw[offset + 1] == ord("\n"), offset
            row_start = offset
        elif offset % 4096 == 0 and offset > 0:
            raise AssertionError(f"the row at {row_start} crosses the boundary at {offset}")

    for path in metric_files(folder) + metric_files(written.folder(1)):
        text = path.read_text()
        assert text.startswith("step|timestamp|metric\n") and not text.endswith("\n"), path
        for line in rows_of(text):
            assert ROW.fullmatch(line), (path, line)

    special = rows_of((folder / "events" / "metric" / "special.plx").read_text())
    assert [line.split("|")[2] for line in special] == SPECIAL_TEXT
    assert [line.split("|")[0] for line in special] == [str(i) for i in range(len(SPECIAL))]
    no_step = (folder / "events" / "metric" / "no_step.plx").read_text().split("\n")
    assert len(no_step) == 2 and no_step[1].startswith("|") and no_step[1].endswith("|1.5")


def load(written, run):
    client = RunClient(owner=OWNER, project=PROJECT, run_uuid=written.uuids[run], is_offline=True)
    loaded = RunClient.load_offline_run(
        path=str(written.folder(run)), run_client=client, raise_if_not_found=True
    )
    assert loaded is not None
    return loaded


@pytest.mark.parametrize("run", RUNS)
def test_run_metadata_loads(written, run):
    data = load(written, run).run_data
    assert data.uuid == written.uuids[run]
    assert (data.owner, data.project) == (OWNER, PROJECT)
    assert data.name == f"two-runs-{run + 1}"
    assert data.description == "written by test_two_runs through the C ABI"
    assert data.tags == ["c-abi", "two-runs", "first" if run == 0 else "second"]
    assert data.status == "succeeded"
    assert data.status_conditions[-1].type == "succeeded"
    assert data.finished_at is not None and data.started_at is not None
    assert data.inputs == INPUTS
    for flag in ("has_events", "has_metrics", "has_model", "has_tensorboard", "custom_flag"):
        assert data.meta_info.get(flag) is True, flag
    assert data.meta_info["progress"] == 1.0

    # The user's outputs, plus the last value of every metric file.
    outputs = dict(data.outputs)
    for name, value in USER_OUTPUTS.items():
        assert outputs.pop(name) == value
    folder = written.folder(run)
    last = {
        p.stem: V1Events.read("metric", p.stem, str(p)).df.metric.iloc[-1]
        for p in metric_files(folder)
    }
    assert sorted(outputs) == sorted(last)
    for name, value in last.items():
        assert outputs[name] == value, name
    assert outputs["special"] == 123456789.125
    if run == 0:
        assert outputs["loss"] == 100000.0 + RESUMED_ROWS - 1


def summary_value(value):
    """A value of V1Events.get_summary() as Polyaxon persists it: orjson turns NaN/inf to null."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: summary_value(v) for k, v in value.items()}
    if isinstance(value, str):
        return value
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def assert_same_summary(got, want, where):
    assert set(got) == set(want), where
    for key, value in want.items():
        if isinstance(value, dict):
            assert_same_summary(got[key], value, f"{where}.{key}")
        elif isinstance(value, float) and got[key] is not None:
            assert got[key] == pytest.approx(value, rel=1e-12), f"{where}.{key}"
        else:
            assert got[key] == value, f"{where}.{key}"


@pytest.mark.parametrize("run", RUNS)
def test_lineage_loads(written, run):
    folder = written.folder(run)
    lineage = load(written, run).artifacts_lineage
    files = metric_files(folder)
    assert set(lineage) == REF_NAMES | {p.stem for p in files}

    report = lineage["report"]
    assert (report.kind, report.path, report.is_input) == ("file", "outputs/report.txt", False)
    assert report.summary["hash"] == md5_12(b"Artifact content.") == "67be36788cbb"

    external = lineage["external"]
    external_path = os.path.realpath(written.base / "external-input.txt")
    assert (external.kind, external.path, external.is_input) == ("file", external_path, True)
    assert os.path.isabs(external.path)
    assert external.summary["hash"] == md5_12(EXTERNAL_TEXT.encode())

    dataset = lineage["dataset"]
    assert (dataset.kind, dataset.path) == ("dir", "outputs/dataset")
    assert re.fullmatch(r"[0-9a-f]{12}", dataset.summary["hash"])

    data = lineage["remote-data"]
    assert (data.kind, data.path, data.is_input) == ("data", "s3://bucket/data.csv", True)
    assert "hash" not in data.summary

    model = lineage["final-net"]
    assert (model.kind, model.path) == ("model", "outputs/model")
    assert model.summary["framework"] == "pytorch"
    assert model.summary["layers"] == 3
    assert model.summary["hash"] == md5_12(b"weights")

    code = lineage["3f2a1b0c9d8e"]
    assert (code.kind, code.is_input) == ("coderef", True)
    assert code.summary == {
        "commit": "3f2a1b0c9d8e", "branch": "main", "url": "https://example.com/repo.git",
        "is_dirty": False,
    }

    tensorboard = lineage["tensorboard"]
    assert (tensorboard.kind, tensorboard.path) == ("tensorboard", "outputs/tensorboard")
    assert "hash" not in tensorboard.summary

    # One entry per event file, whose summary is what Polyaxon computes from that file.
    for path in files:
        entry = lineage[path.stem]
        assert (entry.kind, entry.path, entry.is_input) == (
            "metric", f"events/metric/{path.name}", False
        )
        want = summary_value(V1Events.read("metric", path.stem, str(path)).get_summary())
        assert_same_summary(entry.summary, want, path.stem)


def test_cli_lists_both_runs(written, tmp_path):
    env = dict(os.environ, POLYAXON_HOME=str(tmp_path / "home"), COLUMNS="250", CI="true")
    cli = Path(sys.executable).with_name("polyaxon")
    done = subprocess.run(
        [str(cli), "ops", "ls", "--offline", "--path", str(written.root),
         "-c", "uuid,name,status"],
        capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for run, uuid in enumerate(written.uuids):
        lines = [line for line in done.stdout.splitlines() if uuid in line]
        assert len(lines) == 1, done.stdout
        assert f"two-runs-{run + 1}" in lines[0] and "succeeded" in lines[0], lines[0]
