"""The README's "Document your own package in three languages" block, run as it is written.

The block's commands run one by one in a copy of ``tests/fixtures/plain`` (a plain MkDocs
project that has never heard of i18ndocs), with the installed ``i18ndocs`` command on the
PATH: nothing is written by hand between them. ``serve`` runs until it answers on its port
(chosen free through ``I18NDOCS_PORT``, as the README says), then it is stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "plain"
HEADING = "## Document your own package in three languages"
DEADLINE = 180.0


def readme_commands() -> list[str]:
    """The lines of the first fenced block under the README's heading, comments kept."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text[text.index(HEADING) :]
    block = re.search(r"^```bash\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    assert block is not None, "the section has no bash block"
    return [line for line in block[1].splitlines() if line.strip()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def test_the_readme_block_names_the_commands_of_the_issue() -> None:
    commands = [line.split("#")[0].split() for line in readme_commands()]
    assert [words[:3] for words in commands] == [
        ["i18ndocs", "init"],
        ["i18ndocs", "new-lang", "es"],
        ["i18ndocs", "new-lang", "zh"],
        ["i18ndocs", "catalog", "update"],
        ["i18ndocs", "build", "--strict"],
        ["i18ndocs", "serve"],
    ]


def test_every_command_of_the_readme_block_runs_as_written(tmp_path: Path) -> None:
    project = tmp_path / "abacus"
    shutil.copytree(FIXTURE, project)
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "I18NDOCS_PORT": str(port),
    }
    for line in readme_commands():
        if line.split()[:2] == ["i18ndocs", "serve"]:
            continue
        done = subprocess.run(
            line, shell=True, cwd=project, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, (line, done.stdout, done.stderr)
    for code in ("en", "es", "zh"):
        assert (project / "site" / code / "reference" / "counter" / "index.html").is_file()
    (serve,) = [line for line in readme_commands() if line.split()[:2] == ["i18ndocs", "serve"]]
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            serve,
            shell=True,
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + DEADLINE
        url = f"http://127.0.0.1:{port}/es/"
        while not answers(url):
            assert process.poll() is None, log.read_text("utf-8", "replace")
            assert time.monotonic() < deadline, log.read_text("utf-8", "replace")
            time.sleep(0.2)  # polling a condition, with a deadline
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the shell and the server it started
        process.wait(timeout=60)
