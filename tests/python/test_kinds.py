"""Every event kind and versioned asset written through the C ABI, read back with Polyaxon's
own readers: traceml's V1Events (default and pyarrow engines), V1Event and its payload schemas,
and the assets themselves (Pillow for PNG, the wave module for WAV)."""

import json
import math
import os
import subprocess
import wave
from pathlib import Path

import pytest
from PIL import Image
from traceml.events import (
    V1Event,
    V1EventArtifact,
    V1EventAudio,
    V1EventChart,
    V1EventConfusionMatrix,
    V1EventCurve,
    V1EventDataframe,
    V1EventHistogram,
    V1EventImage,
    V1EventModel,
    V1Events,
    V1EventVideo,
)

ROOT = Path(__file__).resolve().parents[2]
BIN_DIR = ROOT / os.environ.get("PLX_C_TEST_DIR", "build/tests/c")

PAYLOAD_SCHEMAS = {
    "image": V1EventImage,
    "histogram": V1EventHistogram,
    "audio": V1EventAudio,
    "video": V1EventVideo,
    "curve": V1EventCurve,
    "confusion": V1EventConfusionMatrix,
    "model": V1EventModel,
    "dataframe": V1EventDataframe,
    "chart": V1EventChart,
}
ARTIFACT_KINDS = {"data", "file"}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    binary = BIN_DIR / "test_all_kinds"
    if not binary.exists():
        pytest.fail(f"{binary} is missing: build the C tests first (cmake --build build)")
    base = tmp_path_factory.mktemp("kinds")
    uuid_file = base / "uuid"
    done = subprocess.run(
        [str(binary), str(base / "root"), str(uuid_file), str(base / "scratch")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return base / "root" / "runs" / uuid_file.read_text().strip()


def event_files(run_dir):
    return sorted((run_dir / "events").glob("*/*.plx"))


def read_both(kind, path):
    """The file through the client's reader (by path) and the streams service's (contents)."""
    default = V1Events.read(kind=kind, name=path.stem, data=str(path))
    arrow = V1Events.read(
        kind=kind, name=path.stem, data=path.read_text(), parse_dates=False, engine="pyarrow"
    )
    return default, arrow


def events(run_dir, kind, name):
    path = run_dir / "events" / kind / f"{name}.plx"
    default, arrow = read_both(kind, path)
    assert len(default.df) == len(arrow.df)
    rebuilt = []
    for i in range(len(default.df)):
        row = default.df.iloc[i].to_dict()
        if kind in ARTIFACT_KINDS:
            row["artifact"] = row.pop(kind)
            row["timestamp"] = row["timestamp"].isoformat()
            rebuilt.append(V1Event.from_dict(row))
        else:
            rebuilt.append(default.get_event_at(i))
    return rebuilt


def test_every_file_reads_with_both_engines_and_every_row_rebuilds(run_dir):
    files = event_files(run_dir)
    kinds = {p.parent.name for p in files}
    assert kinds >= {
        "metric", "text", "html", "histogram", "curve", "confusion", "chart", "image",
        "audio", "video", "model", "dataframe", "data",
    }
    for path in files:
        kind = path.parent.name
        rows = events(run_dir, kind, path.stem)
        assert rows, path
        for event in rows:
            field = "artifact" if kind in ARTIFACT_KINDS else kind
            payload = getattr(event, field)
            assert payload is not None, (path, event)
            if kind in PAYLOAD_SCHEMAS:
                assert isinstance(payload, PAYLOAD_SCHEMAS[kind]), (path, payload)
            if kind in ARTIFACT_KINDS:
                assert isinstance(payload, V1EventArtifact)
            path_value = getattr(payload, "path", None)
            if path_value:
                assert (run_dir / path_value).exists(), path_value


def test_metrics_equal_what_was_logged(run_dir):
    loss = events(run_dir, "metric", "loss")
    assert [e.step for e in loss] == list(range(10))
    assert [e.metric for e in loss] == [1.0 / (i + 1) for i in range(10)]
    lr = events(run_dir, "metric", "lr")
    assert lr[0].metric == 0.001 and lr[0].step is None


def test_text_and_html_keep_every_character(run_dir):
    notes = events(run_dir, "text", "notes")
    assert notes[0].text == 'héllo | wörld, "quoted"\nsecond line'
    assert notes[1].text == "text without step" and notes[1].step is None
    assert events(run_dir, "html", "report")[0].html == "<b>bold | ✓</b>"


def test_histograms_curves_confusion_and_charts(run_dir):
    hist = events(run_dir, "histogram", "weights")
    assert hist[0].histogram.values == [25.0, 25.0, 25.0, 25.0]
    assert hist[0].histogram.counts == [0.0, 24.75, 49.5, 74.25, 99.0]
    assert hist[1].histogram.values == [3.0, 5.0]
    assert hist[1].histogram.counts == [0.0, 0.5, 1.0]

    roc = events(run_dir, "curve", "roc")[0].curve
    assert (roc.kind, roc.x, roc.y) == ("roc", [0.0, 0.1, 1.0], [0.0, 0.8, 1.0])
    assert roc.annotation == "0.85"
    pr = events(run_dir, "curve", "pr")[0].curve
    assert (pr.kind, pr.x, pr.y, pr.annotation) == ("pr", [0.0, 0.8, 1.0], [0.0, 0.1, 1.0], "0.5")
    custom = events(run_dir, "curve", "custom")[0].curve
    assert custom.annotation == "note | with pipe"

    cm = events(run_dir, "confusion", "confusion")[0].confusion
    assert cm.x == ["cat|x", "dog"] and cm.y == ["cat|x", "dog"] and cm.z == [[5, 1], [2, 7]]

    chart = events(run_dir, "chart", "bars")[0].chart
    assert chart.kind == "vega"
    assert chart.figure["data"]["values"] == [{"a": "A|B", "b": 28}]


def test_images_decode_to_the_logged_pixels(run_dir):
    pattern = events(run_dir, "image", "pattern")
    assert [e.image.path for e in pattern] == [
        "assets/image/pattern_1.png",
        "assets/image/pattern_2.png",
    ]
    image = pattern[0].image
    assert (image.height, image.width, image.colorspace) == (8, 8, 3)
    with Image.open(run_dir / image.path) as png:
        assert png.mode == "RGB" and png.size == (8, 8)
        assert list(png.tobytes()) == [(i * 7) % 256 for i in range(8 * 8 * 3)]
    gray = events(run_dir, "image", "gray")[0].image
    with Image.open(run_dir / gray.path) as png:
        assert png.mode == "L"
        assert list(png.tobytes()) == [round(i / 15 * 255) for i in range(16)]
    copied = events(run_dir, "image", "copied")[0].image
    assert copied.path == "assets/image/copied_3.png" and copied.height is None
    assert (run_dir / copied.path).read_bytes() == (run_dir / image.path).read_bytes()


def pcm16(frames):
    pairs = range(0, len(frames), 2)
    return [int.from_bytes(frames[i : i + 2], "little", signed=True) for i in pairs]


def test_audio_decodes_to_the_logged_samples(run_dir):
    tone = events(run_dir, "audio", "tone")[0].audio
    assert (tone.sample_rate, tone.num_channels, tone.length_frames) == (8000.0, 1, 800)
    assert tone.content_type == "audio/wav"
    with wave.open(str(run_dir / tone.path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 8000)
        frames = wav.readframes(wav.getnframes())
    samples = pcm16(frames)
    expected = [0.5 * math.sin(2 * math.pi * 440 * i / 8000) for i in range(800)]
    assert len(samples) == 800
    assert max(abs(s / 32767 - e) for s, e in zip(samples, expected)) <= 1.0 / 32767

    stereo = events(run_dir, "audio", "stereo")[0].audio
    assert (stereo.num_channels, stereo.length_frames, stereo.sample_rate) == (2, 100, 16000.0)
    with wave.open(str(run_dir / stereo.path)) as wav:
        frames = wav.readframes(wav.getnframes())
    samples = pcm16(frames)
    assert samples == [(-1 if i % 2 else 1) * i * 100 for i in range(200)]
    assert events(run_dir, "audio", "tone_copy")[0].audio.content_type == "audio/wav"


def test_video_models_artifacts_and_dataframes(run_dir):
    video = events(run_dir, "video", "clip")[0].video
    assert video.path == "assets/video/clip_1.mp4" and video.content_type == "mp4"

    net = events(run_dir, "model", "net")
    assert [e.model.path for e in net] == ["assets/model/net_1", "assets/model/net_2"]
    assert all(e.model.framework == "pytorch" for e in net)
    for event in net:
        assert (run_dir / event.model.path / "weights.bin").read_bytes() == b"\x01\x02\x03"
    clf = events(run_dir, "model", "clf")[0].model
    assert clf.path == "assets/model/clf_1.pkl" and clf.spec == {"n_estimators": 10}

    split = events(run_dir, "data", "split")[0].artifact
    assert split.kind == "data" and split.path == "assets/data/split_1.txt"

    scores = events(run_dir, "dataframe", "scores")[0].dataframe
    assert scores.content_type == "csv"
    assert (run_dir / scores.path).read_text() == "a,b\n1,2\n3,4\n"
    table = events(run_dir, "dataframe", "table")[0].dataframe
    assert (table.path, table.content_type) == ("assets/dataframe/table_2.html", "html")


def test_stepless_models_and_artifacts_are_outputs_with_lineage(run_dir):
    lineage = {e["name"]: e for e in json.loads((run_dir / "lineages.plx.json").read_text())}
    assert lineage["final"]["kind"] == "model"
    assert lineage["final"]["path"] == "outputs/net"
    assert lineage["final"]["summary"]["framework"] == "pytorch"
    assert lineage["split_copy"]["path"] == "outputs/split.txt"
    assert (run_dir / "outputs" / "net" / "weights.bin").exists()
    event_entries = [e for e in lineage.values() if e.get("summary", {}).get("is_event")]
    assert len(event_entries) == len(event_files(run_dir))


def test_no_refused_call_left_a_file(run_dir):
    leftovers = [p for p in run_dir.rglob("*refused*")]
    assert leftovers == []
    csv_files = [p for p in event_files(run_dir) if p.parent.name not in ("text", "html", "chart")]
    for path in csv_files:
        text = path.read_text()
        assert "\n" in text and not text.endswith("\n"), path


def close_enough(ours, theirs, where):
    if isinstance(theirs, float) and math.isnan(theirs):
        theirs = None
    if isinstance(theirs, dict):
        assert isinstance(ours, dict) and set(ours) == set(theirs), (where, ours, theirs)
        for key in theirs:
            close_enough(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(theirs, float) and ours is not None:
        assert math.isclose(ours, theirs, rel_tol=1e-12, abs_tol=1e-12), (where, ours, theirs)
    else:
        assert ours == theirs, (where, ours, theirs)


def test_event_lineage_summaries_equal_polyaxons_own(run_dir):
    lineage = json.loads((run_dir / "lineages.plx.json").read_text())
    by_path = {e["path"]: e for e in lineage if e.get("summary", {}).get("is_event")}
    for path in event_files(run_dir):
        rel = str(path.relative_to(run_dir))
        theirs = V1Events.read(kind=path.parent.name, name=path.stem, data=str(path)).get_summary()
        close_enough(by_path[rel]["summary"], theirs, rel)
