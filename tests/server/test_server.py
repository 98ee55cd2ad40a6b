"""plx's runs pushed into a real Polyaxon server (haupt 2.18 sandbox) and read back the way the
Polyaxon UI reads them: the run's metadata and lineage through the API, every event file
through the streams service (parsed, and as raw text), every asset downloaded, and the run's
dashboard rendered by headless Chromium.

Two runs are pushed: the heat diffusion example's and the C test that logs every event kind.
What plx wrote on disk (run.plx.json, lineages.plx.json, the event files) is the expected
value; for the all-kinds run the values that tests/c/test_all_kinds.c logs are checked too.
The last test pushes a copy of a run as a naive writer would have written it and shows that the
same checks fail on it.
"""

import json
import math
import shutil
import uuid
from datetime import datetime
from html.parser import HTMLParser

import pytest

from polyaxon_sandbox import HEAT_DASHBOARD, Run, dashboard_query

JSONL_KINDS = {"text", "html", "chart", "span"}
ASSET_KINDS = {"image", "audio", "video", "model", "dataframe", "data", "file"}


# Event files as plx wrote them


def local_rows(path):
    """(step, timestamp, value) per row of an event file; the value as the file holds it."""
    kind = path.parent.name
    text = path.read_text(encoding="utf-8")
    if kind in JSONL_KINDS:
        rows = [json.loads(line) for line in text.split("\n") if line]
        return [(row["step"], row["timestamp"], row[kind]) for row in rows]
    header, *lines = [line for line in text.split("\n") if line]  # no padding lines
    assert header == f"step|timestamp|{kind}", path
    rows = []
    for line in lines:
        step, timestamp, value = line.split("|", 2)
        rows.append((int(step) if step else None, timestamp, value))
    return rows


def same_float(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def same_step(theirs, ours):
    if ours is None:
        return theirs is None
    # A column with a blank step comes back as floats (1.0).
    return theirs is not None and float(theirs) == ours


def same_value(kind, theirs, ours):
    if kind == "metric":
        return type(theirs) is float and same_float(theirs, float(ours))
    if kind in ("text", "html"):
        return isinstance(theirs, str) and theirs.encode("utf-8") == ours.encode("utf-8")
    # Object payloads come back as the JSON text of the cell.
    return isinstance(theirs, str) and json.loads(theirs) == json.loads(ours)


def check_events(server, run, kind, names=None):
    """The streams service returns every row of these event files as plx wrote it."""
    files = {path.stem: path for path in run.event_files(kind)}
    names = sorted(files) if names is None else names
    assert names, f"no {kind} events in {run.dir}"
    got = server.events(run, kind, names)
    assert sorted(got) == sorted(names), (kind, sorted(got))
    for name in names:
        rows, data = local_rows(files[name]), got[name]
        assert len(data["timestamp"]) == len(rows), (kind, name, data)
        for i, (step, timestamp, value) in enumerate(rows):
            where = f"{kind}/{name} row {i}"
            assert same_step(data["step"][i], step), (where, data["step"][i], step)
            assert data["timestamp"][i] == timestamp, (where, data["timestamp"][i], timestamp)
            assert same_value(kind, data[kind][i], value), (where, data[kind][i], value)
    return got


def payloads(server, run, kind, name):
    """The decoded payloads of one event file, through the streams service."""
    values = server.events(run, kind, [name])[name][kind]
    return [json.loads(v) if kind not in ("metric", "text", "html") else v for v in values]


# The rendered dashboard


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class Node:
    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.children = tag, attrs, []
        self.classes = (attrs.get("class") or "").split()

    def iter(self):
        for child in self.children:
            yield child
            yield from child.iter()


class Tree(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.root = Node("#document", {})
        self.open = [self.root]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.open[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def by_id(self, element_id):
        return next((n for n in self.root.iter() if n.attrs.get("id") == element_id), None)


def assert_charts_drawn(dom, names):
    """Each metric's widget holds a uPlot chart, drawn on a canvas, with a data series.

    The run dashboard puts metric `m` in `<div id="m-div">`. uPlot adds one `u-cursor-pt` per
    data series it plotted; a widget whose events could not be read keeps an empty plot with
    none (seen with a header-only metric file, which the streams service answers with 500).
    """
    tree = Tree(dom)
    for name in names:
        widget = tree.by_id(f"{name}-div")
        assert widget is not None, f"the dashboard has no chart for the metric {name}"
        inside = list(widget.iter())
        assert any("uplot" in n.classes for n in inside), f"{name}: no uPlot chart"
        canvases = [n for n in inside if n.tag == "canvas"]
        assert canvases and all(
            int(c.attrs.get("width", 0)) > 0 and int(c.attrs.get("height", 0)) > 0
            for c in canvases
        ), f"{name}: no canvas to draw on"
        series = [n for n in inside if "u-cursor-pt" in n.classes]
        assert series, f"{name}: the chart has no data series (the UI could not read its events)"


# The tests


def test_metadata_equals_run_plx_json(server, run):
    got = server.api(run)
    want = run.meta
    assert want["outputs"], "the run logged outputs to compare"
    for key in ("name", "description", "tags", "inputs", "outputs", "status", "meta_info"):
        assert got[key] == want.get(key), (key, got[key], want.get(key))
    assert (got["kind"], got["runtime"], got["project"]) == ("job", "job", run.project)
    for key in ("created_at", "started_at", "finished_at"):
        assert datetime.fromisoformat(got[key]) == datetime.fromisoformat(want[key]), key

    statuses = server.api(run, "/statuses")
    assert statuses["status"] == want["status"] == "succeeded"
    fields = ("type", "status", "reason", "message")
    got_conditions = [tuple(c[f] for f in fields) for c in statuses["status_conditions"]]
    assert got_conditions == [tuple(c[f] for f in fields) for c in want["status_conditions"]]


def test_heat_inputs_and_tags_are_the_examples(server, heat_run):
    got = server.api(heat_run)
    assert got["name"] == "heat-diffusion"
    assert got["tags"] == ["example", "heat-diffusion"]
    assert got["inputs"] == {
        "nx": 96, "ny": 96, "alpha": 0.24, "steps": 400, "source_temperature": 100,
    }


def test_every_lineage_entry_is_there_with_its_summary(server, run):
    got = server.api(run, "/lineage/artifacts?offset=0&limit=5000")
    theirs = {entry["name"]: entry for entry in got["results"]}
    ours = run.lineage()
    assert got["count"] == len(ours) == len(theirs)
    for entry in ours:
        assert entry["name"] in theirs, entry["name"]
        for key in ("kind", "path", "is_input", "summary", "connection"):
            assert theirs[entry["name"]].get(key) == entry.get(key), (entry["name"], key)
    event_paths = {str(path.relative_to(run.dir)) for path in run.event_files()}
    assert event_paths <= {entry["path"] for entry in got["results"]}


def test_every_event_file_reads_back_row_for_row(server, run):
    kinds = sorted({path.parent.name for path in run.event_files()})
    assert "metric" in kinds
    for kind in kinds:
        check_events(server, run, kind)


def test_raw_event_text_is_the_file(server, run):
    for path in run.event_files():
        kind = path.parent.name
        text = server.events(run, kind, [path.stem], orient="csv")[path.stem]
        assert isinstance(text, str) and text.encode("utf-8") == path.read_bytes(), path


def test_every_asset_downloads_byte_identical(server, run):
    downloaded = set()
    for path in run.event_files():
        kind = path.parent.name
        if kind not in ASSET_KINDS:
            continue
        for payload in payloads(server, run, kind, path.stem):
            local = run.dir / payload["path"]
            # A model logged from a folder is a folder of assets.
            files = [local] if local.is_file() else sorted(local.rglob("*"))
            files = [file for file in files if file.is_file()]
            assert files, payload
            for file in files:
                rel = str(file.relative_to(run.dir))
                assert server.artifact(run, rel) == file.read_bytes(), rel
                downloaded.add(rel)
    every_asset = {str(p.relative_to(run.dir)) for p in run.dir.glob("assets/**/*") if p.is_file()}
    assert every_asset and downloaded == every_asset


def test_heat_metrics_run_to_the_outputs(server, heat_run):
    names = ["heat__total", "heat__peak", "heat__lost_fraction"]
    got = server.events(heat_run, "metric", names)
    for name in names:
        assert got[name]["step"] == list(range(401)), name
        assert got[name]["metric"][-1] == heat_run.meta["outputs"][name], name
    assert got["heat__peak"]["metric"][0] == 100.0
    images = payloads(server, heat_run, "image", "field")
    assert [image["path"] for image in images] == [
        f"assets/image/field_{step}.png" for step in range(0, 401, 50)
    ]


def test_all_kinds_values_are_what_the_c_program_logged(server, kinds_run):
    run = kinds_run
    loss = server.events(run, "metric", ["loss", "lr"])
    assert loss["loss"]["step"] == list(range(10))
    assert loss["loss"]["metric"] == [1.0 / (i + 1) for i in range(10)]
    assert (loss["lr"]["step"], loss["lr"]["metric"]) == ([None], [0.001])

    notes = server.events(run, "text", ["notes"])["notes"]
    assert notes["text"] == ['h\u00e9llo | w\u00f6rld, "quoted"\nsecond line', "text without step"]
    assert payloads(server, run, "html", "report") == ["<b>bold | \u2713</b>"]

    assert payloads(server, run, "histogram", "weights") == [
        {"values": [25.0, 25.0, 25.0, 25.0], "counts": [0.0, 24.75, 49.5, 74.25, 99.0]},
        {"values": [3.0, 5.0], "counts": [0.0, 0.5, 1.0]},
    ]
    assert payloads(server, run, "curve", "roc") == [
        {"kind": "roc", "x": [0.0, 0.1, 1.0], "y": [0.0, 0.8, 1.0], "annotation": "0.85"}
    ]
    assert payloads(server, run, "curve", "pr") == [
        {"kind": "pr", "x": [0.0, 0.8, 1.0], "y": [0.0, 0.1, 1.0], "annotation": "0.5"}
    ]
    assert payloads(server, run, "curve", "custom")[0]["annotation"] == "note | with pipe"
    assert payloads(server, run, "confusion", "confusion") == [
        {"x": ["cat|x", "dog"], "y": ["cat|x", "dog"], "z": [[5, 1], [2, 7]]}
    ]
    chart = payloads(server, run, "chart", "bars")[0]
    assert chart["kind"] == "vega"
    assert chart["figure"]["data"]["values"] == [{"a": "A|B", "b": 28}]

    images = payloads(server, run, "image", "pattern")
    assert [(i["height"], i["width"], i["colorspace"]) for i in images] == [(8, 8, 3)] * 2
    assert [i["path"] for i in images] == [f"assets/image/pattern_{s}.png" for s in (1, 2)]
    tone = payloads(server, run, "audio", "tone")[0]
    assert tone == {
        "sample_rate": 8000.0, "num_channels": 1, "length_frames": 800,
        "path": "assets/audio/tone_1.wav", "content_type": "audio/wav",
    }
    assert server.artifact(run, tone["path"])[:4] == b"RIFF"
    assert server.artifact(run, images[0]["path"])[:8] == b"\x89PNG\r\n\x1a\n"


def test_dashboard_draws_a_chart_per_metric(ui, run):
    names = [path.stem for path in run.event_files("metric")]
    assert names
    dom = ui.render(ui.ui_url(run))
    assert run.uuid[:8] in dom, "the page is not the run's"
    assert_charts_drawn(dom, names)


def test_the_screenshots_dashboard_shows_metrics_field_and_histogram(ui, heat_run):
    dom = ui.render(ui.ui_url(heat_run, query=dashboard_query(HEAT_DASHBOARD)))
    assert_charts_drawn(dom, ["heat__peak", "heat__total"])
    tree = Tree(dom)
    field = tree.by_id("field-div")
    assert field is not None, "no image widget"
    images = [n for n in field.iter() if n.tag == "img" and n.attrs.get("alt") == "field"]
    # The UI fetches the PNG through the artifact endpoint and shows it from a blob.
    assert images and images[0].attrs["src"].startswith("blob:"), "the field image is not shown"
    histogram = tree.by_id("temperature-div")
    assert histogram is not None, "no histogram widget"
    bars = [n for n in histogram.iter() if "trace" in n.classes and "bars" in n.classes]
    assert len(bars) == 1, "the histogram was not drawn (Plotly draws it as one bar trace)"
    at_step = payloads(ui, heat_run, "histogram", "temperature")[2]
    drawn = [n for n in bars[0].iter() if "point" in n.classes]
    assert len(drawn) == len(at_step["values"]) == 32


# A run as a naive writer leaves it


@pytest.fixture(scope="module")
def broken_run(server, kinds_run, tmp_path_factory):
    """A copy of the all-kinds run, under a new uuid, with three files written naively."""
    new_uuid = uuid.uuid4().hex
    copy = tmp_path_factory.mktemp("broken") / "runs" / new_uuid
    shutil.copytree(kinds_run.dir, copy)
    meta = copy / "run.plx.json"
    meta.write_text(meta.read_text().replace(kinds_run.uuid, new_uuid))

    # A `|` inside a curve annotation, unescaped (Polyaxon's own writer does this).
    curve = copy / "events/curve/custom.plx"
    assert "\\u007c" in curve.read_text()
    curve.write_text(curve.read_text().replace("\\u007c", "|"))
    # Metric values printed under a locale with a decimal comma (printf after setlocale).
    loss = copy / "events/metric/loss.plx"
    header, *rows = [row for row in loss.read_text().split("\n") if row]
    rows = [row[: row.rindex("|") + 1] + row[row.rindex("|") + 1 :].replace(".", ",")
            for row in rows]
    loss.write_text("\n".join([header, *rows]))
    # A metric file created with its header, its rows not written yet.
    lr = copy / "events/metric/lr.plx"
    lr.write_text("step|timestamp|metric")

    run = Run.load(copy)
    assert run.uuid == new_uuid
    server.push(run)
    return run


def test_a_naive_writers_files_fail_the_same_checks(server, ui, broken_run):
    # The untouched files of the copy pass, so what fails below is what was broken.
    check_events(server, broken_run, "curve", ["roc", "pr"])
    check_events(server, broken_run, "image")

    with pytest.raises(AssertionError) as curve:
        check_events(server, broken_run, "curve", ["custom"])
    assert "answered 500" in str(curve.value)
    with pytest.raises(AssertionError) as loss:
        check_events(server, broken_run, "metric", ["loss"])
    assert "'1,0'" in str(loss.value)
    with pytest.raises(AssertionError) as lr:
        check_events(server, broken_run, "metric", ["lr"])
    assert "answered 500" in str(lr.value)

    dom = ui.render(ui.ui_url(broken_run))
    assert broken_run.uuid[:8] in dom
    with pytest.raises(AssertionError, match="no data series"):
        assert_charts_drawn(dom, ["lr"])
