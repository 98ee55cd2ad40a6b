"""The Python peers of benches/hot_path.rs, on the same workloads, printed as one JSON object.

- traceml (Polyaxon's own writer): `Run.log_metric` of an offline run, one name and 100 names;
- tensorboardX: `SummaryWriter.add_scalar`, one name and 100 names;
- images: a 256 x 256 RGB uint8 buffer (the same pixels as the Rust bench) encoded to PNG by
  Pillow alone, and logged by traceml's `Run.log_image` (which encodes with Pillow).

Each case runs `--reps` times on a fresh run; the median is reported. `per_call_us` times the
calls alone (wall time); `cpu_per_call_us` is the CPU time of the whole process (the writers'
threads included) during the calls; `rows_per_s_with_close` also counts the run's end (traceml
`end()`, tensorboardX `close()`). Polyaxon's end-of-run sleep (`POLYAXON_TRACKING_FLUSH_DELAY`,
1 s by default) is set to 0 so that the close figure counts work, not waiting.

Usage: python bench/peers.py [--rows N] [--images N] [--reps K] [--quick] [--out FILE]
"""

import argparse
from importlib.metadata import version
import io
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

# Polyaxon reads its settings when it is imported: offline mode and the root must be set first.
SCRATCH = Path(tempfile.mkdtemp(prefix="plx-bench-peers-"))
os.environ["POLYAXON_OFFLINE_ROOT"] = str(SCRATCH / "offline")
os.environ["POLYAXON_IS_OFFLINE"] = "true"
os.environ["POLYAXON_TRACKING_FLUSH_DELAY"] = "0"

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from polyaxon import tracking  # noqa: E402
from tensorboardX import SummaryWriter  # noqa: E402

MANY_NAMES = 100
IMAGE_SIDE = 256
# The values of benches/hot_path.rs: full-precision text, as computed losses have.
VALUES = [1.0 / (1.0 + i * 1e-4) for i in range(4096)]


def bench_pixels():
    """The bench image, pixel for pixel as `bench_pixels` in benches/hot_path.rs builds it."""
    y, x, c = np.meshgrid(
        np.arange(IMAGE_SIDE, dtype=np.uint64),
        np.arange(IMAGE_SIDE, dtype=np.uint64),
        np.arange(3, dtype=np.uint64),
        indexing="ij",
    )
    noise = ((x * 7919) ^ (y * 104729) ^ (c * 31)) % 23
    return ((x * 3 + y * 5 + c * 85 + noise) % 256).astype(np.uint8)


def new_traceml_run():
    return tracking.init(
        owner="bench",
        project="peers",
        run_uuid=uuid.uuid4().hex,
        is_new=True,
        is_offline=True,
        track_code=False,
        track_env=False,
        track_logs=False,
        collect_resources=False,
    )


def metric_names(count):
    return ["loss"] if count == 1 else [f"metric_{i:05}" for i in range(count)]


def traceml_metrics(rows, name_count):
    run = new_traceml_run()
    names = metric_names(name_count)
    log = run.log_metric
    cpu_start = time.process_time()
    start = time.perf_counter()
    for i in range(rows):
        log(names[i % name_count], VALUES[i % 4096], step=i)
    logged = time.perf_counter()
    cpu = time.process_time() - cpu_start
    run.end()
    closed = time.perf_counter()
    size = file_bytes(Path(run.get_artifacts_path()) / "events" / "metric")
    return logged - start, cpu, closed - start, size


def tensorboardx_metrics(rows, name_count):
    logdir = Path(tempfile.mkdtemp(dir=SCRATCH, prefix="tbx-"))
    writer = SummaryWriter(logdir=str(logdir))
    names = metric_names(name_count)
    add = writer.add_scalar
    cpu_start = time.process_time()
    start = time.perf_counter()
    for i in range(rows):
        add(names[i % name_count], VALUES[i % 4096], i)
    logged = time.perf_counter()
    cpu = time.process_time() - cpu_start
    writer.close()
    closed = time.perf_counter()
    size = file_bytes(logdir)
    return logged - start, cpu, closed - start, size


def pillow_encode(count, pixels):
    start = time.perf_counter()
    for _ in range(count):
        out = io.BytesIO()
        Image.fromarray(pixels).save(out, format="PNG")
    return time.perf_counter() - start, out.tell()


def traceml_images(count, pixels):
    run = new_traceml_run()
    start = time.perf_counter()
    for step in range(count):
        run.log_image(pixels, name="frame", step=step, dataformats="HWC")
    logged = time.perf_counter()
    run.end()
    closed = time.perf_counter()
    size = file_bytes(Path(run.get_artifacts_path()) / "assets" / "image") // count
    return logged - start, closed - start, size


def file_bytes(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def median_of(reps, measure):
    """Runs `measure` `reps` times; the median of each element of the tuples it returns."""
    results = [measure() for _ in range(reps)]
    return tuple(statistics.median(column) for column in zip(*results))


def metric_case(reps, rows, name_count, measure):
    logged, cpu, closed, size = median_of(reps, lambda: measure(rows, name_count))
    return {
        "rows": rows,
        "names": name_count,
        "reps": reps,
        "per_call_us": logged / rows * 1e6,
        "cpu_per_call_us": cpu / rows * 1e6,
        "rows_per_s": rows / logged,
        "rows_per_s_with_close": rows / closed,
        "bytes_per_row": size / rows,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="metric rows per case")
    parser.add_argument("--images", type=int, default=100, help="images per case")
    parser.add_argument("--reps", type=int, default=3, help="repetitions; the median is kept")
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--out", help="also write the JSON to this file")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.images, args.reps = 2_000, 10, 1

    pixels = bench_pixels()
    results = {
        "versions": {
            "python": platform.python_version(),
            **{name: version(name) for name in ("traceml", "tensorboardX", "pillow", "numpy")},
        },
        "traceml_metric_1": metric_case(args.reps, args.rows, 1, traceml_metrics),
        "traceml_metric_100": metric_case(args.reps, args.rows, MANY_NAMES, traceml_metrics),
        "tensorboardx_scalar_1": metric_case(args.reps, args.rows, 1, tensorboardx_metrics),
        "tensorboardx_scalar_100": metric_case(
            args.reps, args.rows, MANY_NAMES, tensorboardx_metrics
        ),
    }
    encode_s, png_bytes = median_of(args.reps, lambda: pillow_encode(args.images, pixels))
    results["pillow_png_encode"] = {
        "images": args.images,
        "per_image_us": encode_s / args.images * 1e6,
        "png_bytes": png_bytes,
    }
    logged, closed, size = median_of(args.reps, lambda: traceml_images(args.images, pixels))
    results["traceml_log_image"] = {
        "images": args.images,
        "per_image_us": logged / args.images * 1e6,
        "per_image_with_close_us": closed / args.images * 1e6,
        "png_bytes": size,
    }

    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
