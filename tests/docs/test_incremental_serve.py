"""``docs.py serve`` stays byte-identical to a full build through a random sequence of edits.

The served site is built by warm processes that remember work across builds
(`i18ndocs.plugin.memo`) and swap one language at a time into the site
(`i18ndocs.serve.warm_site`); what they serve must be what ``docs.py build`` writes from the
same sources. The test serves a copy of the ``wee`` fixture (English, Spanish, Chinese, a
documented package, docstring catalogs) whose English home page also includes a snippet
file (pymdownx.snippets) and links to a page that comes and goes, applies a seeded random
sequence of edits (an English page, a Spanish page, a docstring catalog entry, a
docstring, the navigation in ``mkdocs.yml``, the included snippet, the linked page added or
removed), sometimes reading a page first (the language being read is rebuilt first, the
others after), and after each waits until the server has rebuilt and its site folder holds
the same files, with the same bytes, as a full build of the same sources into another
folder. Each kind of edit changes what some unchanged page converts to, which the warm
processes' page memo (`i18ndocs.plugin.memo.pages`) must notice. ``I18NDOCS_SERVE_SEED``
repeats a sequence; the seed is printed.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "wee"
DOCS_PY = ROOT / "scripts" / "docs.py"
EDITS = 12
DEADLINE = 120.0


@dataclass
class Served:
    """A running ``docs.py serve`` over a project copy."""

    url: str
    project: Path
    site: Path
    log: Path
    process: subprocess.Popen[bytes]

    def get(self, path: str) -> str:
        """The body of a path ('' when the server does not answer)."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=30) as response:
                return str(response.read().decode("utf-8", "replace"))
        except (urllib.error.URLError, OSError):
            return ""

    def generation(self) -> int:
        """The number of builds the server finished (-1 before it answers)."""
        text = self.get("/__docs__/generation")
        return int(text) if text.isdigit() else -1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file of a site folder by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(served: dict[str, bytes], full: dict[str, bytes]) -> list[str]:
    """Say how two sites differ: files only in one, files whose bytes differ."""
    lines = [f"only served: {name}" for name in sorted(served.keys() - full.keys())]
    lines += [f"only in the full build: {name}" for name in sorted(full.keys() - served.keys())]
    lines += [
        f"different bytes: {name}"
        for name in sorted(served.keys() & full.keys())
        if served[name] != full[name]
    ]
    return lines


def full_build(project: Path, site: Path, site_url: str) -> dict[str, bytes]:
    """Build the project's current sources with ``docs.py build`` into a fresh folder."""
    shutil.rmtree(site, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, str(DOCS_PY), "build", "--site-dir", str(site), "--site-url", site_url],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return site_files(site)


def append(relative: str) -> Callable[[Path, int], str]:
    """An edit appending a paragraph to a Markdown page."""

    def apply(project: Path, number: int) -> str:
        page = project / relative
        text = page.read_text("utf-8").rstrip()
        page.write_text(f"{text}\n\nParagraph {number} of the edits.\n", "utf-8")
        return f"page {relative}"

    return apply


def translate_unit(project: Path, number: int) -> str:
    """Translate (again) one docstring unit of the Spanish catalog."""
    catalog = project / "docs" / "es" / "catalogs" / "docstrings.po"
    text = catalog.read_text("utf-8")
    entries = list(re.finditer(r'msgctxt "([^"]+)"\nmsgid "[^"`]+"\nmsgstr "([^"]*)"', text))
    chosen = random.choice(entries)
    start, end = chosen.span(2)
    catalog.write_text(f"{text[:start]}Traducción {number} de la unidad.{text[end:]}", "utf-8")
    return f"catalog unit {chosen[1]}"


SUMMARIES = (
    "Add an item at the end of the queue.",
    "Remove and return the oldest item.",
    "A first-in first-out queue with a fixed capacity.",
)


def edit_docstring(project: Path, number: int) -> str:
    """Add a sentence after one docstring's summary."""
    module = project / "src" / "wee" / "queue.py"
    text = module.read_text("utf-8")
    summary = random.choice(SUMMARIES)
    at = text.index(summary) + len(summary)
    module.write_text(f"{text[:at]} Edited {number} times.{text[at:]}", "utf-8")
    return f"docstring {summary!r}"


def edit_navigation(project: Path, number: int) -> str:
    """Retitle the reference section in ``mkdocs.yml``'s navigation, or reorder it."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    if random.random() < 0.5:
        text = re.sub(r"- [\w ]+: reference/queue.md", f"- API {number}: reference/queue.md", text)
        what = "reference title"
    else:
        lines = text.splitlines(keepends=True)
        home = lines.index("  - index.md\n")
        at = next(i for i, line in enumerate(lines) if "reference/queue.md" in line)
        lines[home], lines[at] = lines[at], lines[home]
        text = "".join(lines)
        what = "navigation order"
    config.write_text(text, "utf-8")
    return what


def edit_snippet(project: Path, number: int) -> str:
    """Rewrite the snippet file the English home page includes."""
    (project / "docs" / "snippets" / "note.md").write_text(
        f"Included note, version {number}.\n", "utf-8"
    )
    return "snippet docs/snippets/note.md"


def toggle_page(project: Path, number: int) -> str:
    """Remove the page the English home page links to, or add it back."""
    page = project / "docs" / "en" / "extra.md"
    if page.exists():
        page.unlink()
        return "page docs/en/extra.md removed"
    page.write_text(f"# Extra\n\nA page that comes and goes, {number}.\n", "utf-8")
    return "page docs/en/extra.md added"


def include_snippet_and_link(project: Path) -> None:
    """Make the English home page include a snippet file and link to a page of its own.

    The snippets' folder is in the docs' folder, which ``serve`` watches, but in no
    language's folder nor in the ``watch`` setting: only the page memo's key on the
    snippets' base paths tells the home page's conversion changed.
    """
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "markdown_extensions:\n",
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [docs/snippets]\n"
        "      check_paths: true\n",
    )
    config.write_text(text, "utf-8")
    (project / "docs" / "snippets").mkdir()
    edit_snippet(project, 0)
    toggle_page(project, 0)
    home = project / "docs" / "en" / "index.md"
    text = home.read_text("utf-8").rstrip()
    home.write_text(
        f'{text}\n\n--8<-- "note.md"\n\nSee also the [extra page](extra.md).\n', "utf-8"
    )


KINDS: tuple[Callable[[Path, int], str], ...] = (
    append("docs/en/index.md"),
    append("docs/en/reference/queue.md"),
    append("docs/es/index.md"),
    translate_unit,
    edit_docstring,
    edit_navigation,
    edit_snippet,
    toggle_page,
)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    project = tmp_path / "wee"
    shutil.copytree(FIXTURE, project)
    include_snippet_and_link(project)
    subprocess.run(
        [sys.executable, str(DOCS_PY), "catalog", "update"],
        cwd=project,
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                str(DOCS_PY),
                "serve",
                "--dev-addr",
                f"127.0.0.1:{port}",
                "--site-dir",
                str(tmp_path / "site"),
            ],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "200"},
        )
    running = Served(f"http://127.0.0.1:{port}/", project, tmp_path / "site", log, process)
    try:
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_same(served: Served, after: int, full: dict[str, bytes], what: str) -> None:
    """Wait for a build after generation ``after`` and the served site to equal ``full``."""
    end = time.monotonic() + DEADLINE
    found: list[str] = ["the server never finished a build"]
    while time.monotonic() < end:
        if served.process.poll() is not None:
            pytest.fail(f"the server exited after {what}:\n{served.log.read_text()}")
        if served.generation() > after:
            try:
                found = differences(site_files(served.site), full)
            except OSError as error:  # the site folder was being swapped
                found = [str(error)]
            if not found:
                return
        time.sleep(0.2)
    terminal = served.log.read_text("utf-8", "replace")[-3000:]
    pytest.fail(
        f"after {what}, the served site differs from a full build:\n"
        + "\n".join(found[:20])
        + f"\n--- serve:\n{terminal}"
    )


def test_served_site_equals_a_full_build_after_each_random_edit(
    served: Served, tmp_path: Path
) -> None:
    seed = int(os.environ.get("I18NDOCS_SERVE_SEED") or random.randrange(1 << 30))
    print(f"I18NDOCS_SERVE_SEED={seed}")
    random.seed(seed)
    full_dir = tmp_path / "full"
    wait_until_same(served, 0, full_build(served.project, full_dir, served.url), "the first build")
    kinds = list(KINDS)
    random.shuffle(kinds)
    kinds = (kinds + random.choices(KINDS, k=EDITS))[:EDITS]
    for number, kind in enumerate(kinds, 1):
        if random.random() < 0.5:
            served.get(random.choice(("/en/", "/es/", "/zh/")))  # the language being read
        before = served.generation()
        what = f"edit {number} ({kind(served.project, number)}, seed {seed})"
        print(what)
        wait_until_same(served, before, full_build(served.project, full_dir, served.url), what)
