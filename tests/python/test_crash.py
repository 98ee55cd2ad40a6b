"""Crashes: a process logging at full speed is killed at random moments. Every file it leaves is
read by Polyaxon's readers with no torn or partial row, every row logged before the last
completed flush is present, and resuming the run by uuid appends cleanly. With plx's opt-in
signal handlers, SIGTERM, SIGINT and abort() lose nothing logged; at normal exit without a close,
nothing logged is lost either."""

import json
import os
import random
import signal
import subprocess
import uuid as uuidlib
from pathlib import Path

import pytest
from traceml.events import V1Events

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / os.environ.get("PLX_C_TEST_DIR", "build/tests/c") / "test_crash"
KILLS = 20


def start(root, uuid, mode, first_step, rows=None, ignored=()):
    """Starts the logger with SIGINT and SIGTERM at their default action, whatever this test
    process inherited (a shell without job control starts background jobs with SIGINT
    ignored), except the signals in `ignored`, which it starts with ignored."""
    if not BIN.exists():
        pytest.fail(f"{BIN} is missing: build the C tests first (cmake --build build)")
    args = [str(BIN), str(root), uuid, mode, str(first_step)]
    if rows is not None:
        args.append(str(rows))

    def dispositions():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN if sig in ignored else signal.SIG_DFL)

    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        text=True, preexec_fn=dispositions,
    )


def read_reports(process, count):
    """Reads `count` progress lines ("flushed N" or "logged N"); returns the last step."""
    last = None
    for _ in range(count):
        line = process.stdout.readline()
        assert line, f"the logger ended early: {process.stderr.read()}"
        last = int(line.split()[1])
    return last


def run_folder(root, uuid):
    return Path(root) / "runs" / uuid


def read_steps(folder):
    """Reads both event files with both of Polyaxon's engines; returns the metric's steps."""
    loss = folder / "events" / "metric" / "loss.plx"
    notes = folder / "events" / "text" / "notes.plx"
    default = V1Events.read("metric", "loss", str(loss))
    arrow = V1Events.read("metric", "loss", loss.read_text(), parse_dates=False, engine="pyarrow")
    assert len(default.df) == len(arrow.df)
    steps = [int(s) for s in default.df["step"]]
    assert list(default.df["metric"]) == [s * 0.5 for s in steps], "values match their steps"
    assert default.df["timestamp"].notna().all()
    text = V1Events.read("text", "notes", str(notes))
    texts = list(text.df["text"])
    assert texts == [f'row {s} | "quoted"' for s in list(text.df["step"])]
    assert loss.read_text().count("step|timestamp|metric") == 1
    return steps


def assert_prefix(steps, first, at_least):
    """Steps are exactly first, first + 1, ...: nothing lost, nothing twice, up to at_least."""
    assert steps == list(range(first, first + len(steps)))
    assert steps[-1] >= at_least, f"rows up to {at_least} were flushed, found up to {steps[-1]}"


# "flush" writes a few KiB at a time; "burst" writes hundreds of KiB at once, so that many kills
# land inside a write, which Linux cuts at a page boundary (the case plx's page layout is for).
@pytest.mark.parametrize("mode", ["flush", "burst"])
@pytest.mark.parametrize("seed", range(KILLS))
def test_sigkill_at_a_random_moment_loses_nothing_flushed(tmp_path, seed, mode):
    chance = random.Random(seed)
    uuid = uuidlib.uuid4().hex
    process = start(tmp_path, uuid, mode, 0)
    flushed = read_reports(process, chance.randint(1, 40 if mode == "flush" else 8))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    folder = run_folder(tmp_path, uuid)
    steps = read_steps(folder)
    assert_prefix(steps, 0, flushed)
    assert json.loads((folder / "run.plx.json").read_text())["status"] == "running"

    resumed = start(tmp_path, uuid, "close", steps[-1] + 1, 120)
    _, errors = resumed.communicate(timeout=60)
    assert resumed.returncode == 0, errors
    after = read_steps(folder)
    assert_prefix(after, 0, steps[-1] + 120)
    assert json.loads((folder / "run.plx.json").read_text())["status"] == "succeeded"


def test_a_file_cut_at_any_page_boundary_reads_as_whole_rows(tmp_path):
    """SIGKILL cuts a write at a 4 KiB boundary of the file (Linux copies a write a page at a
    time). Every such cut of a written file must read, with both engines, as whole rows."""
    uuid = uuidlib.uuid4().hex
    process = start(tmp_path, uuid, "close", 0, 3000)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    events = run_folder(tmp_path, uuid) / "events"
    cuts = 0
    for kind, name in [("metric", "loss"), ("text", "notes")]:
        data = (events / kind / f"{name}.plx").read_bytes()
        assert len(data) > 30 * 4096, "the file spans many pages"
        for cut in range(4096, len(data), 4096):
            text = data[:cut].decode()
            for engine in ({}, {"engine": "pyarrow"}):
                df = V1Events.read(kind, name, text, parse_dates=False, **engine).df
                assert list(df["step"]) == list(range(len(df))), f"{kind} cut at {cut}"
                assert len(df) >= cut // 200, f"{kind} cut at {cut}: rows lost"
            cuts += 1
    assert cuts > 60


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_with_the_handlers_lose_nothing(tmp_path, sig):
    uuid = uuidlib.uuid4().hex
    process = start(tmp_path, uuid, "term", 0)
    logged = read_reports(process, random.Random(int(sig)).randint(5, 40))
    process.send_signal(sig)
    process.wait(timeout=30)
    assert process.returncode == -sig
    folder = run_folder(tmp_path, uuid)
    assert_prefix(read_steps(folder), 0, logged)
    meta = json.loads((folder / "run.plx.json").read_text())
    assert meta["status"] == "stopped"
    assert f"signal {int(sig)}" in meta["status_conditions"][-1]["message"]
    assert json.loads((folder / "lineages.plx.json").read_text())


def test_a_signal_the_program_ignores_stays_ignored_with_the_handlers(tmp_path):
    """plx's handlers leave an ignored SIGINT ignored: the run goes on, and a later SIGTERM is
    the one that stops it."""
    uuid = uuidlib.uuid4().hex
    process = start(tmp_path, uuid, "term", 0, ignored=(signal.SIGINT,))
    read_reports(process, 5)
    process.send_signal(signal.SIGINT)
    logged = read_reports(process, 5)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGTERM
    folder = run_folder(tmp_path, uuid)
    assert_prefix(read_steps(folder), 0, logged)
    meta = json.loads((folder / "run.plx.json").read_text())
    assert meta["status"] == "stopped"
    assert f"signal {int(signal.SIGTERM)}" in meta["status_conditions"][-1]["message"]


def test_abort_with_the_handlers_loses_nothing(tmp_path):
    uuid = uuidlib.uuid4().hex
    process = start(tmp_path, uuid, "abort", 0, 3000)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGABRT
    folder = run_folder(tmp_path, uuid)
    assert read_steps(folder) == list(range(3000))
    assert json.loads((folder / "run.plx.json").read_text())["status"] == "failed"


def test_normal_exit_without_close_loses_nothing(tmp_path):
    uuid = uuidlib.uuid4().hex
    process = start(tmp_path, uuid, "exit", 0, 3000)
    process.wait(timeout=60)
    assert process.returncode == 0
    folder = run_folder(tmp_path, uuid)
    assert read_steps(folder) == list(range(3000))
    assert json.loads((folder / "run.plx.json").read_text())["status"] == "succeeded"
