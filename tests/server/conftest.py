"""One Polyaxon sandbox per test session, and the two plx runs pushed into it."""

import pytest

from polyaxon_sandbox import (
    Sandbox, SetupError, chromium, write_all_kinds_run, write_heat_run,
)


def needs(make):
    """Runs `make`; a missing prerequisite fails the test with the reason, never skips it."""
    try:
        return make()
    except SetupError as missing:
        reason = str(missing)
    pytest.fail(f"prerequisite missing: {reason}", pytrace=False)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    sandbox = Sandbox(tmp_path_factory.mktemp("polyaxon"))
    try:
        needs(sandbox.start)
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="session")
def ui(server):
    """The server, for tests that render its UI: fails when there is no Chromium to do it."""
    needs(chromium)
    return server


@pytest.fixture(scope="session")
def heat_run(server, tmp_path_factory):
    run = needs(lambda: write_heat_run(tmp_path_factory.mktemp("heat")))
    server.push(run)
    return run


@pytest.fixture(scope="session")
def kinds_run(server, tmp_path_factory):
    run = needs(lambda: write_all_kinds_run(tmp_path_factory.mktemp("kinds")))
    server.push(run)
    return run


@pytest.fixture(scope="session", params=["heat", "kinds"])
def run(request):
    """Each pushed run in turn."""
    return request.getfixturevalue(f"{request.param}_run")
