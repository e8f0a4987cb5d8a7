"""Translators see what changed in the English, where they look (issue 22, build item 1).

A copy of ``tests/fixtures/wee`` has an up-to-date Spanish page and docstring; then their
English changes. The exact words removed and added are shown by ``status --diff``, on the
status page and in the page's own banner, with no local cache (as in a fresh clone).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from htmltree import Element, parse_file

from i18ndocs.builder.site import build_site
from i18ndocs.catalogs.po import read_catalog, write_catalog
from i18ndocs.catalogs.sitetext import catalog_path, translator
from i18ndocs.cli.catalog import update_language, write_templates
from i18ndocs.project.settings import load_settings
from i18ndocs.status.snapshots import snapshot_folder

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "wee"
PUT = "wee.queue.BoundedQueue.put:text"


def docs_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "docs.py"), *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def changed(tmp_path: Path) -> Path:
    """The project once its English page and one docstring changed after translation."""
    project = tmp_path / "wee"
    shutil.copytree(FIXTURE, project)
    settings = load_settings(project)
    write_templates(settings)
    update_language(settings, "es")
    path = catalog_path(settings.docs_root, "es", "docstrings")
    catalog = read_catalog(path, "es")
    catalog.get("Add an item at the end of the queue.", PUT).string = "Añade un elemento al final."
    write_catalog(catalog, path)
    marked = docs_cli(project, "mark-updated", "docs/es/index.md")
    assert marked.returncode == 0, marked.stderr
    assert len(list(snapshot_folder(settings.docs_root, "en").glob("*.txt"))) == 1

    replace_in(
        project / "docs" / "en" / "index.md",
        "refuses items beyond its capacity",
        "rejects items beyond its limit",
    )
    replace_in(project / "src" / "wee" / "queue.py", "at the end of", "at the back of")
    write_templates(settings)
    update_language(settings, "es")
    shutil.rmtree(settings.cache_dir, ignore_errors=True)  # nothing cached: a fresh clone
    (project / "glossary").mkdir()
    (project / "glossary" / "es.yml").write_text(
        "terms:\n  - english: queue\n    translation: cola\n", "utf-8"
    )
    return project


def test_status_diff_shows_the_words_removed_and_added(changed: Path) -> None:
    shown = docs_cli(changed, "status", "--diff", "--lang", "es")
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "docs/es/index.md" in out
    assert "queue that [-refuses-]{+rejects+} items beyond its [-capacity-]{+limit+}." in out
    assert f"docstring {PUT}#0" in out
    assert "Add an item at the [-end-]{+back+} of the queue." in out

    unit = out[out.index(f"docstring {PUT}#0") :]
    assert "    glossary: queue → cola" in unit.splitlines()[2:4], "the unit's suggestions follow"

    one = docs_cli(changed, "status", "--diff", "docs/es/index.md")
    assert one.returncode == 0, one.stderr
    assert "[-refuses-]{+rejects+}" in one.stdout
    assert PUT not in one.stdout, "only the page asked for, and the units it renders"


def test_the_status_page_and_the_banner_show_the_diff(changed: Path) -> None:
    result = build_site(changed, changed / "site", ["es"])
    assert result.ok, [str(problem) for problem in result.problems]

    status = parse_file(changed / "site" / "es" / "translating" / "progress" / "index.html")
    changes = {_code(details): details for details in status.find_all("details", "i18ndocs-change")}
    assert set(changes) == {"index.md", f"{PUT}#0"}
    for details in changes.values():
        assert "open" not in details.attrs
        assert "data-search-exclude" in details.attrs
    assert _words(changes["index.md"]) == (["refuses", "capacity"], ["rejects", "limit"])
    assert _words(changes[f"{PUT}#0"]) == (["end"], ["back"])

    page = parse_file(changed / "site" / "es" / "index.html")
    banner = page.find("div", "i18ndocs-outdated")
    assert banner is not None
    assert banner.attrs["lang"] == "es"
    details = banner.find("details")
    assert details is not None
    assert "open" not in details.attrs, "collapsed by default"
    summary = details.find("summary")
    assert summary is not None
    words = translator(changed / "docs", "es", changed / "words")
    assert summary.text() == words.gettext("What changed in the English")
    diff = details.find("p", "i18ndocs-diff")
    assert diff is not None
    assert diff.attrs["lang"] == "en"
    assert _words(details) == (["refuses", "capacity"], ["rejects", "limit"])


def test_without_a_snapshot_the_diff_says_how_to_find_the_old_english(changed: Path) -> None:
    shutil.rmtree(snapshot_folder(changed / "docs", "en"))
    shown = docs_cli(changed, "status", "--diff", "docs/es/index.md")
    assert shown.returncode == 0, shown.stderr
    assert "Traceback" not in shown.stderr
    assert "not recorded" in shown.stdout
    assert "git log -S 27366ebc99e7 -- docs/es/index.md" in shown.stdout

    result = build_site(changed, changed / "site", ["es"])
    assert result.ok, [str(problem) for problem in result.problems]
    banner = parse_file(changed / "site" / "es" / "index.html").find("div", "i18ndocs-outdated")
    assert banner is not None
    assert banner.find("details") is None, "nothing to compare with: the banner alone"


def _code(details: Element) -> str:
    code = details.find("code")
    assert code is not None
    return code.text()


def _words(details: Element) -> tuple[list[str], list[str]]:
    """The words a diff marks as removed and as added."""
    return (
        [e.text() for e in details.find_all("del")],
        [e.text() for e in details.find_all("ins")],
    )
