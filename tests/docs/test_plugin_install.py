"""The pipeline installed on its own: its distribution (``scripts/pyproject.toml``) is built
into a wheel offline, installed into a bare folder, and a plain ``mkdocs build`` of the wee
fixture finds it as the ``i18ndocs`` MkDocs plugin, with no path to the pipeline's files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from htmltree import parse_file

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "wee"


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The distribution, built from scripts/ as a user would, and installed into a bare folder."""
    work = tmp_path_factory.mktemp("dist")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    offline = ("--no-build-isolation", "--no-deps", "--no-index")
    run(*pip, "wheel", *offline, "-w", str(work / "wheels"), str(ROOT / "scripts"), cwd=work)
    (wheel,) = (work / "wheels").glob("i18ndocs-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "scripts" / "i18ndocs"
    sources = {
        f"i18ndocs/{path.relative_to(package).as_posix()}"
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    # Every module and template, whatever the repository's .gitignore says (it ignores
    # folders named build/, site/...): a package missing from the wheel fails only later.
    assert sources <= names, sorted(sources - names)
    assert "i18ndocs/templates/theme/main.html" in names
    # The pipeline's words in every language it ships them in (catalogs.shipped).
    assert {"i18ndocs/locale/i18ndocs.pot", "i18ndocs/locale/es.po"} <= names
    run(*pip, "install", "--no-deps", "--no-index", "--target", "lib", str(wheel), cwd=work)
    return work / "lib"


def test_plain_mkdocs_finds_the_installed_plugin(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "wee"
    shutil.copytree(FIXTURE, project)
    assert "  - i18ndocs\n" in (project / "mkdocs.yml").read_text("utf-8")
    env = {**os.environ, "PYTHONPATH": str(installed), "NO_MKDOCS_2_WARNING": "1"}
    where = run(sys.executable, "-c", "import i18ndocs; print(i18ndocs.__file__)",
                cwd=project, env=env)  # fmt: skip
    assert Path(where.strip()).is_relative_to(installed)

    site = tmp_path / "site"
    run(sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site),
        cwd=project, env=env)  # fmt: skip

    # The plugin ran: the status page is generated and pages link their other languages.
    assert (site / "translating" / "progress" / "index.html").is_file()
    home = (site / "index.html").read_text("utf-8")
    assert 'hreflang="x-default" href="https://example.org/wee/en/"' in home
    # The plugin lent mkdocstrings the pipeline's templates and griffe extension.
    page = parse_file(site / "reference" / "queue" / "index.html")
    full = page.by_id("wee.queue.BoundedQueue.full")
    assert full is not None
    assert page.find("details", "mkdocstrings-source") is not None
    # It lent the theme its templates: the accessibility stylesheet and the site's 404 page.
    assert (site / "assets" / "stylesheets" / "i18ndocs-a11y.css").is_file()
    assert "i18ndocs-a11y.css" in home
    text = (site / "reference" / "queue" / "index.html").read_text("utf-8")
    block = text[text.index('id="wee.queue.BoundedQueue.full"') :]
    block = block[: block.index('class="doc doc-object ')]
    assert 'class="mkdocstrings-source"' in block


def test_the_installed_command_runs_in_any_project(installed: Path, tmp_path: Path) -> None:
    """``pip install`` puts an ``i18ndocs`` command on the PATH: no path to the pipeline needed."""
    project = tmp_path / "wee"
    shutil.copytree(FIXTURE, project)
    command = installed / "bin" / "i18ndocs"
    assert command.is_file()
    env = {**os.environ, "PYTHONPATH": str(installed), "NO_MKDOCS_2_WARNING": "1"}
    listed = run(str(command), "--help", cwd=project, env=env)
    for name in ("build", "serve", "status", "lint", "catalog", "new-lang", "mark-updated"):
        assert f" {name} " in listed, (name, listed)
    status = run(str(command), "status", cwd=project, env=env)
    assert "Translation status (pages)" in status
    assert "es (Español)" in status
