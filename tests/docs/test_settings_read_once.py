"""Every command, and every language's build, reads ``mkdocs.yml`` once (issue: settings read once).

A command runs in a child interpreter whose audit hook sees every file opened; each opening of
the project's ``mkdocs.yml`` is counted, as MkDocs' (its ``load_config``, which a language's
build needs) or the pipeline's (anything else). The project is a copy of the ``wee`` fixture.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "wee"

# Runs in the child: count openings of mkdocs.yml, then run the command of argv[2:].
DRIVER = """
import json, runpy, sys
from pathlib import Path

config = (Path.cwd() / "mkdocs.yml").resolve()
counts = {"pipeline": 0, "mkdocs": 0}

def count(event, args):
    if event != "open" or not isinstance(args[0], (str, Path)):
        return
    if Path(args[0]).resolve() != config:
        return
    frame, opener = sys._getframe(1), "pipeline"
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith("mkdocs.config"):
            opener = "mkdocs"
        frame = frame.f_back
    counts[opener] += 1

sys.addaudithook(count)
mode, *rest = sys.argv[1:]
try:
    if mode == "language":
        from i18ndocs.builder.site import build_language
        result = build_language(Path.cwd(), rest[0], Path(rest[1]))
        assert result.ok, result.problems
    else:
        sys.argv = [rest[0], *rest[1:]]
        runpy.run_path(rest[0], run_name="__main__")
except SystemExit as stop:
    if stop.code not in (0, None):
        raise
print(json.dumps(counts))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the wee fixture, its catalogs made by one build's worth of set-up."""
    copy = tmp_path_factory.mktemp("read-once") / "wee"
    shutil.copytree(FIXTURE, copy)
    return copy


def config_reads(project: Path, *arguments: str) -> dict[str, int]:
    """Run the driver in ``project`` and return how often each side opened ``mkdocs.yml``."""
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    counts: dict[str, int] = json.loads(result.stdout.strip().splitlines()[-1])
    return counts


DOCS = str(ROOT / "scripts" / "docs.py")


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["status", "--check"],
        ["lint"],
        ["catalog", "update"],
        ["mark-updated", "--all"],
        ["build", "--lang", "es", "--site-dir", "site"],
    ],
    ids=" ".join,
)
def test_a_command_reads_mkdocs_yml_once(project: Path, command: list[str]) -> None:
    counts = config_reads(project, "cli", DOCS, *command)
    assert counts == {"pipeline": 1, "mkdocs": 0}, counts


@pytest.mark.parametrize("code", ["en", "zh"])
def test_a_language_build_reads_mkdocs_yml_once_besides_mkdocs(
    project: Path, tmp_path: Path, code: str
) -> None:
    """The language's process reads the settings once and hands them to the plugin."""
    counts = config_reads(project, "language", code, str(tmp_path / code))
    assert counts == {"pipeline": 1, "mkdocs": 1}, counts
