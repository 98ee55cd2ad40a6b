"""Many processes, one run: ranks started with the environment MPI or SLURM gives them, and
the same program under Open MPI's mpirun. Every row of every rank is present, nothing is torn,
Polyaxon's readers accept the folder, and the run's metadata holds what every rank logged.
Killing one rank mid-run loses nothing of the others."""

import json
import os
import shutil
import signal
import subprocess
import uuid as uuidlib
from pathlib import Path

import pytest
from polyaxon._client.run import RunClient
from traceml.events import V1Events

REPO = Path(__file__).resolve().parents[2]
BIN_DIR = REPO / os.environ.get("PLX_C_TEST_DIR", "build/tests/c")
RANKS = 4
ROWS = 1000


def binary(name):
    path = BIN_DIR / name
    if not path.exists():
        pytest.fail(f"{path} is missing: build the C tests first (cmake --build build)")
    return path


def suffix(rank):
    return "" if rank == 0 else f"__rank{rank}"


def read_all_event_files(folder):
    for path in sorted((folder / "events").glob("*/*.plx")):
        kind = path.parent.name
        default = V1Events.read(kind, path.stem, str(path))
        text = path.read_text()
        arrow = V1Events.read(kind, path.stem, text, parse_dates=False, engine="pyarrow")
        assert len(default.df) == len(arrow.df) > 0, path
        for i in range(len(default.df)):
            default.get_event_at(i)


def check_rank(folder, rank, rows):
    loss = folder / "events" / "metric" / f"loss{suffix(rank)}.plx"
    frame = V1Events.read("metric", loss.stem, str(loss))
    assert list(frame.df["step"]) == list(range(rows)), f"rank {rank}"
    assert list(frame.df["metric"]) == [rank * 100000.0 + s for s in range(rows)]
    frames = folder / "events" / "image" / f"frame{suffix(rank)}.plx"
    images = V1Events.read("image", "frame", str(frames))
    for i in range(len(images.df)):
        image = images.get_event_at(i).image
        assert (folder / image.path).exists() and f"frame{suffix(rank)}_" in image.path
    result = folder / "outputs" / ("" if rank == 0 else f"rank{rank}") / "result.txt"
    assert result.read_text() == f"rank {rank}\n"


def check_metadata(folder, ranks):
    meta = json.loads((folder / "run.plx.json").read_text())
    for rank in ranks:
        assert meta["inputs"][f"seed{suffix(rank)}"] == rank
        assert meta["outputs"][f"done{suffix(rank)}"] == 1.0
        assert meta["outputs"][f"loss{suffix(rank)}"] == rank * 100000.0 + ROWS - 1
        assert f"rank-{rank}" in meta["tags"]
    lineage = {e["name"]: e for e in json.loads((folder / "lineages.plx.json").read_text())}
    for rank in ranks:
        assert lineage[f"result{suffix(rank)}"]["kind"] == "file"
        assert lineage[f"loss{suffix(rank)}"]["summary"]["metric"]["count"] == ROWS
    client = RunClient(owner="acme", project="ranks", run_uuid=folder.name, is_offline=True)
    loaded = RunClient.load_offline_run(
        path=str(folder), run_client=client, raise_if_not_found=True
    )
    assert loaded.run_data.uuid == folder.name
    return meta


def start_ranks(root, uuid, rows, env_style):
    processes = []
    for rank in range(RANKS):
        env = dict(os.environ)
        if env_style == "mpi":
            env.update(OMPI_COMM_WORLD_RANK=str(rank), OMPI_COMM_WORLD_SIZE=str(RANKS))
        else:
            env.update(SLURM_PROCID=str(rank), SLURM_NTASKS=str(RANKS))
        processes.append(subprocess.Popen(
            [str(binary("test_ranks")), str(root), uuid, str(rows)], env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        ))
    return processes


@pytest.mark.parametrize("env_style", ["mpi", "slurm"])
def test_processes_with_rank_variables_share_one_run(tmp_path, env_style):
    uuid = uuidlib.uuid4().hex
    for process in start_ranks(tmp_path, uuid, ROWS, env_style):
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors
    folder = tmp_path / "runs" / uuid
    read_all_event_files(folder)
    for rank in range(RANKS):
        check_rank(folder, rank, ROWS)
    meta = check_metadata(folder, range(RANKS))
    assert meta["status"] == "succeeded"
    assert not list(folder.rglob("*.tmp")) and not list(folder.rglob("*plx-tmp*"))


def run_rank(root, uuid, rank, size, rows):
    env = dict(os.environ, OMPI_COMM_WORLD_RANK=str(rank), OMPI_COMM_WORLD_SIZE=str(size))
    done = subprocess.run(
        [str(binary("test_ranks")), str(root), uuid, str(rows)], env=env, capture_output=True,
        text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr


def test_a_rank_opening_the_run_leaves_the_files_of_the_others_alone(tmp_path):
    """A rank that opens a shared run repairs only its own files: another rank may be creating
    or writing its files at that moment. (Repairing every file once let a rank that opened
    late remove another rank's file that was created but not yet written, losing its first
    rows; the four-rank test above caught it in CI.) Here rank 0's files are put in the states
    a live writer leaves them in for an instant, and rank 1 then opens the run."""
    uuid = uuidlib.uuid4().hex
    run_rank(tmp_path, uuid, 0, 2, 50)
    folder = tmp_path / "runs" / uuid
    loss = folder / "events" / "metric" / "loss.plx"
    frames = folder / "events" / "image" / "frame.plx"
    loss.write_bytes(b"")  # created, its first write not yet made
    frames.write_bytes(frames.read_bytes()[:-7])  # half way through a write
    theirs = {path: path.read_bytes() for path in (loss, frames)}
    # Rank 1's own file, left by an earlier attempt killed in the middle of a row.
    mine = folder / "events" / "metric" / "loss__rank1.plx"
    mine.write_text("step|timestamp|metric\n999|2026-12-03 15:28:05.452294+00:00|1.0\n1000|2026-12")

    run_rank(tmp_path, uuid, 1, 2, 50)
    for path, data in theirs.items():
        assert path.read_bytes() == data, f"{path.name} of rank 0 was changed by rank 1"
    for engine in ({}, {"engine": "pyarrow"}):
        own = V1Events.read("metric", mine.stem, mine.read_text(), parse_dates=False, **engine)
        assert list(own.df["step"]) == [999] + list(range(50)), "rank 1 repaired its own file"


def test_killing_one_rank_loses_nothing_of_the_others(tmp_path):
    uuid = uuidlib.uuid4().hex
    processes = start_ranks(tmp_path, uuid, 20 * ROWS, "mpi")
    victim = processes[2]
    for _ in range(5):
        assert victim.stdout.readline().startswith("flushed"), victim.stderr.read()
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    for rank, process in enumerate(processes):
        if rank != 2:
            _, errors = process.communicate(timeout=300)
            assert process.returncode == 0, errors
    folder = tmp_path / "runs" / uuid
    read_all_event_files(folder)
    killed = V1Events.read("metric", "loss__rank2", str(folder / "events/metric/loss__rank2.plx"))
    steps = list(killed.df["step"])
    assert steps == list(range(len(steps))) and len(steps) >= 500
    for rank in (0, 1, 3):
        path = folder / "events" / "metric" / f"loss{suffix(rank)}.plx"
        loss = V1Events.read("metric", "loss", str(path))
        assert list(loss.df["step"]) == list(range(20 * ROWS))
    meta = json.loads((folder / "run.plx.json").read_text())
    for rank in (0, 1, 3):
        assert meta["inputs"][f"seed{suffix(rank)}"] == rank


def test_open_mpi_ranks_share_one_run(tmp_path):
    mpicc, mpirun = shutil.which("mpicc"), shutil.which("mpirun")
    if not (mpicc and mpirun):
        pytest.fail("Open MPI is missing: scripts/test.sh installs it (apt-get install "
                    "openmpi-bin libopenmpi-dev); run it, or install them")
    program = tmp_path / "mpi_ranks"
    subprocess.run(
        [mpicc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-DPLX_TEST_WITH_MPI",
         f"-I{REPO / 'include'}", str(REPO / "tests/c/test_ranks.c"), "-o", str(program),
         f"-L{REPO / 'target/release'}", "-lplx", f"-Wl,-rpath,{REPO / 'target/release'}"],
        check=True,
    )
    uuid = uuidlib.uuid4().hex
    root = tmp_path / "root"
    done = subprocess.run(
        [mpirun, "--allow-run-as-root", "--oversubscribe", "-np", str(RANKS),
         str(program), str(root), uuid, str(ROWS)],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
        env=dict(os.environ, OMPI_MCA_btl_vader_single_copy_mechanism="none"),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    folder = root / "runs" / uuid
    read_all_event_files(folder)
    for rank in range(RANKS):
        check_rank(folder, rank, ROWS)
    assert check_metadata(folder, range(RANKS))["status"] == "succeeded"
