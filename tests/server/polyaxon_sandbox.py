"""A real Polyaxon server on this machine, for the server test and scripts/screenshot.sh.

haupt's sandbox (API, streams service and UI in one process, SQLite and a folder as the
artifacts store) is started on 127.0.0.1 and a free port with a home of its own, runs written
through plx are pushed into it with the polyaxon CLI, and its answers are read over HTTP or
rendered by headless Chromium. Everything lives under one base folder; the server is always
stopped by the id of the process group it was started in.

Needs the packages of tests/server/requirements.txt in the running Python (.venv-server) and
Debian's chromium for the UI: tests/server/setup.sh installs both.
"""

import base64
import ctypes
import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("PLX_BUILD_DIR", REPO / "build"))
BIN = Path(sys.executable).parent
SETUP_HINT = "run `bash tests/server/setup.sh` to install it"

# Chromium as Polyaxon's UI needs it headless here; the resolver rule keeps the browser's own
# background requests (updates, sign-in) from leaving the machine.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1400,900",
    "--virtual-time-budget=20000",
]


PR_SET_PDEATHSIG = 1  # linux/prctl.h


class SetupError(Exception):
    """A prerequisite is missing; the message says which and how to get it."""


def tool(name):
    """The path of a command installed beside this Python (.venv-server/bin)."""
    path = BIN / name
    if not path.exists():
        raise SetupError(f"{name} is not installed beside {sys.executable}: {SETUP_HINT}")
    return path


def chromium():
    path = shutil.which("chromium")
    if path is None:
        raise SetupError(f"chromium (Debian's package) is not installed: {SETUP_HINT}")
    return path


def stop_with_parent():
    """In the child before exec: SIGTERM it when the process that started it dies, so that a
    killed test run leaves no server behind."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**extra):
    """This process's environment without any POLYAXON_* setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLYAXON_")}
    env.update({k: str(v) for k, v in extra.items()})
    return env


@dataclass
class Run:
    """A run folder written through plx, and what its run.plx.json says."""

    dir: Path
    meta: dict

    @classmethod
    def load(cls, run_dir):
        run_dir = Path(run_dir)
        return cls(run_dir, json.loads((run_dir / "run.plx.json").read_text()))

    @property
    def uuid(self):
        return self.meta["uuid"]

    @property
    def owner(self):
        return self.meta["owner"]

    @property
    def project(self):
        return self.meta["project"]

    @property
    def offline_root(self):
        """The folder to pass to `polyaxon ops push --path`: the run is in <it>/runs/<uuid>."""
        return self.dir.parent.parent

    def event_files(self, kind=None):
        return sorted((self.dir / "events").glob(f"{kind or '*'}/*.plx"))

    def lineage(self):
        return json.loads((self.dir / "lineages.plx.json").read_text())


def run_program(args, what):
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=300,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        raise AssertionError(f"{what} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def write_heat_run(root):
    """Runs the heat diffusion example into the offline root `root`."""
    heat = BUILD / "examples" / "heat"
    if not heat.exists():
        raise SetupError(f"{heat} is missing: build it first (cmake --build build)")
    out = run_program([heat, REPO / "examples" / "heat.cfg", root], "examples/heat")
    line = next(l for l in out.splitlines() if l.startswith("run written to "))
    return Run.load(line.removeprefix("run written to "))


def write_all_kinds_run(base):
    """Runs the C test that logs every event kind into `base`/root."""
    program = BUILD / "tests" / "c" / "test_all_kinds"
    if not program.exists():
        raise SetupError(f"{program} is missing: build it first (cmake --build build)")
    base = Path(base)
    run_program([program, base / "root", base / "uuid", base / "scratch"], "test_all_kinds")
    uuid = (base / "uuid").read_text().strip()
    return Run.load(base / "root" / "runs" / uuid)


def metric_widget(name):
    return {"model": {"metrics": [name], "xaxis": "step", "type": "line"}, "eventKind": "metric"}


def step_widget(kind, name, step):
    model = {"name": name, "step": step, "useSlider": True, "type": kind}
    return {"model": model, "eventKind": kind}


# The heat example's dashboard as docs/dashboard.png shows it. The UI's default plots metrics
# against wall time, where the example's 401 steps (logged within a fraction of a second) show
# as one point; this one plots them against the step and adds the field and its histogram.
HEAT_DASHBOARD = {
    "xaxis": "step",
    "sections": [{
        "name": "heat diffusion",
        "is_minimized": False,
        "widgets": [
            metric_widget("heat__peak"),
            metric_widget("heat__total"),
            step_widget("image", "field", 100),
            step_widget("histogram", "temperature", 100),
        ],
    }],
}


def dashboard_query(settings):
    """The `dashboard=` query value the UI keeps its dashboard settings in (base64 JSON)."""
    text = base64.b64encode(json.dumps(settings).encode()).decode()
    return "dashboard=" + urllib.parse.quote(text)


# How many times a push is tried before it counts as refused (see Sandbox.push).
PUSH_TRIES = 3


class Sandbox:
    """`haupt sandbox start` in `base`; use as a context manager, or start() and stop()."""

    def __init__(self, base, startup_seconds=120):
        self.base = Path(base)
        self.startup_seconds = startup_seconds
        self.port = None
        self.process = None
        self.projects = set()
        self.log_path = self.base / "server.log"
        self.cli_home = self.base / "cli-home"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        haupt = tool("haupt")
        tool("polyaxon")
        home, root = self.base / "server-home", self.base / "sandbox"
        for folder in (home, root, self.base / "archives", self.cli_home):
            folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        env = clean_env(
            HOME=home,
            POLYAXON_HOME=root,
            POLYAXON_SANDBOX_HOST="127.0.0.1",
            POLYAXON_UI_OFFLINE="true",
            POLYAXON_UI_IN_SANDBOX="true",
            POLYAXON_ARCHIVES_ROOT=self.base / "archives",
        )
        command = [
            haupt, "sandbox", "start", "--host", "127.0.0.1", "--port", self.port,
            "--workers", "1", "--path", root,
        ]
        with open(self.log_path, "wb") as log:
            # A session of its own: the server's workers share its process group, which stop()
            # signals by this process's id.
            self.process = subprocess.Popen(
                [str(c) for c in command], env=env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=stop_with_parent,
            )
        try:
            self.wait_healthy()
        except BaseException:
            self.stop()
            raise

    def wait_healthy(self):
        """Polls /healthz until it answers 200; fails at the deadline or if the server exits."""
        deadline = time.monotonic() + self.startup_seconds
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the sandbox did not answer /healthz within {self.startup_seconds} s\n"
                    f"{self.log_tail()}"
                )
            # Waiting on the process is the poll interval, and notices a server that died.
            try:
                code = self.process.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                continue
            raise AssertionError(f"the sandbox exited with {code} on start\n{self.log_tail()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass

    def log_tail(self, lines=40):
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    # The CLI

    def polyaxon(self, *args):
        env = clean_env(
            HOME=self.cli_home,
            POLYAXON_HOME=self.cli_home / ".polyaxon",
            POLYAXON_HOST=self.url,
        )
        done = subprocess.run(
            [str(tool("polyaxon"))] + [str(a) for a in args], env=env, capture_output=True,
            text=True, timeout=300, stdin=subprocess.DEVNULL,
        )
        output = done.stdout + done.stderr
        if done.returncode != 0:
            command = " ".join(map(str, args))
            raise AssertionError(f"polyaxon {command} exited with {done.returncode}\n{output}")
        return output

    def push(self, run):
        """Creates the run's project once, then pushes the run as a user would."""
        project = f"{run.owner}/{run.project}"
        if project not in self.projects:
            self.polyaxon("project", "create", "--name", project)
            self.projects.add(project)
        # The CLI reports a refused push on stdout and still exits 0. The sandbox (SQLite, its
        # own periodic agent requests) now and then fails one request of a push with an
        # internal error, which its error page turns into "405 Method Not Allowed"; a push is
        # an upsert (sync_run, then the lineage), so it is tried again, at most PUSH_TRIES
        # times. A file that Polyaxon refuses fails every try alike.
        refusals = []
        for _ in range(PUSH_TRIES):
            output = self.polyaxon("ops", "push", "--path", run.offline_root, "-uid", run.uuid)
            if f"Finished pushing offline run {run.uuid}" in output:
                for refused in refusals:
                    print(f"push of {run.uuid} refused once, then accepted:\n{refused}")
                return output
            refusals.append(output)
        raise AssertionError(
            f"pushing {run.uuid} failed {PUSH_TRIES} times:\n"
            + "\n---\n".join(refusals)
            + f"\nserver log:\n{self.log_tail()}"
        )

    # HTTP

    def get(self, path):
        """The body of GET `path` (decompressed); fails unless the answer is 200."""
        request = urllib.request.Request(self.url + path, headers={"Accept-Encoding": "gzip"})
        try:
            with urllib.request.urlopen(request, timeout=120) as resp:
                status, body, encoding = resp.status, resp.read(), resp.headers["Content-Encoding"]
        except urllib.error.HTTPError as err:
            status, body, encoding = err.code, err.read(), err.headers["Content-Encoding"]
        if encoding == "gzip":
            body = gzip.decompress(body)
        if status != 200:
            raise AssertionError(f"GET {path} answered {status}: {body[:500]!r}")
        return body

    def json(self, path):
        return json.loads(self.get(path))

    def api(self, run, rest=""):
        return self.json(f"/api/v1/{run.owner}/{run.project}/runs/{run.uuid}{rest}")

    def streams_path(self, run, rest):
        return f"/streams/v1/sandbox/{run.owner}/{run.project}/runs/{run.uuid}/{rest}"

    def events(self, run, kind, names, orient="dict"):
        """{name: data} for the events of `kind` named `names`, as the UI asks for them."""
        query = urllib.parse.urlencode({"names": ",".join(names), "orient": orient})
        answer = self.json(self.streams_path(run, f"events/{kind}?{query}"))
        return {item["name"]: item["data"] for item in answer["data"]}

    def artifact(self, run, rel_path):
        query = urllib.parse.urlencode({"path": rel_path, "stream": "true"})
        return self.get(self.streams_path(run, f"artifact?{query}"))

    # The UI

    def ui_url(self, run, tab="dashboards", query=""):
        # The sandbox answers for any owner; the UI's own links say "default".
        url = f"{self.url}/ui/default/{run.project}/runs/{run.uuid}/{tab}/"
        return f"{url}?{query}" if query else url

    def render(self, url, *, screenshot=None):
        """The page's DOM after it settled, or a PNG written to `screenshot`."""
        profile = self.base / f"chromium-{os.urandom(4).hex()}"
        mode = [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
        done = subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *mode, url],
            capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
        )
        shutil.rmtree(profile, ignore_errors=True)
        if done.returncode != 0:
            raise AssertionError(f"chromium failed ({done.returncode}) on {url}:\n{done.stderr}")
        return done.stdout
