"""A build that reuses the caches gives the same site, byte for byte, as one that computes all.

The pipeline keeps work that is the same in every language and every build under the cache
folder (``extra.i18n.cache_dir``): compiled templates, formatted signatures, highlighted
source listings, each page's search entries. The first build below starts with an empty cache
folder, so it computes everything; the second finds every entry there.
"""

from __future__ import annotations

import filecmp
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from i18ndocs.builder.site import build_site
from i18ndocs.project.settings import Settings, load_settings
from i18ndocs.status.cache import prepare_site_report, shared_report, site_report
from i18ndocs.status.model import SourceUnit, StatusReport
from i18ndocs.status.report import collect_status
from i18ndocs.status.units import source_units

pytestmark = pytest.mark.docs


def tree(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def test_a_cached_build_gives_the_same_site(repo_copy: Path) -> None:
    cache = load_settings(repo_copy).cache_dir
    assert not cache.exists(), "the first build starts without a cache"
    uncached = build_site(repo_copy, repo_copy / "site-uncached")
    assert uncached.ok, [str(problem) for problem in uncached.problems]
    entries = {
        folder.name: sum(not entry.name.startswith(".") for entry in folder.iterdir())
        for folder in cache.iterdir()
    }
    assert entries.get("listings", 0) > 50, entries
    assert entries.get("templates", 0) > 10, entries
    assert entries.get("status") == 1, "three languages, one status report computed"
    assert entries.get("search", 0) >= 2, entries

    cached = build_site(repo_copy, repo_copy / "site-cached")
    assert cached.ok, [str(problem) for problem in cached.problems]
    first, second = repo_copy / "site-uncached", repo_copy / "site-cached"
    assert tree(first) == tree(second)
    files = [name for name in tree(first) if (first / name).is_file()]
    assert len(files) > 100
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert (mismatch, errors) == ([], [])


def search_words(site: Path, language: str) -> str:
    index = json.loads((site / language / "search" / "search_index.json").read_text("utf-8"))
    return " ".join(entry["title"] + " " + entry["text"] for entry in index["docs"])


def test_search_entries_kept_between_builds_follow_the_pages(repo_copy: Path) -> None:
    """Each page's search entries are kept in the cache; an edited page is indexed again."""
    first = build_site(repo_copy, repo_copy / "site-first")
    assert first.ok, [str(problem) for problem in first.problems]
    kept = [
        entry
        for entry in (load_settings(repo_copy).cache_dir / "search").rglob("*")
        if entry.is_file() and not entry.name.startswith(".")
    ]
    assert len(kept) >= 30, "an entry per page and language"
    for entry in kept:
        entry.write_bytes(b"\x80\x04garbage")  # damaged entries: those pages are indexed again
    damaged = build_site(repo_copy, repo_copy / "site-damaged")
    assert damaged.ok, [str(problem) for problem in damaged.problems]
    for code in ("en", "es", "zh"):
        index = Path(code, "search", "search_index.json")
        assert (repo_copy / "site-damaged" / index).read_bytes() == (
            repo_copy / "site-first" / index
        ).read_bytes()

    page = repo_copy / "docs" / "en" / "index.md"
    page.write_text(page.read_text("utf-8") + "\nZanzibarquux appears here.\n", "utf-8")
    edited = build_site(repo_copy, repo_copy / "site-edited")
    assert edited.ok, [str(problem) for problem in edited.problems]
    assert "Zanzibarquux" not in search_words(repo_copy / "site-first", "en")
    assert "Zanzibarquux" in search_words(repo_copy / "site-edited", "en")


def test_the_status_report_is_computed_once_per_state_of_the_sources(repo_copy: Path) -> None:
    settings = load_settings(repo_copy)
    reports: list[int] = []
    units: list[int] = []

    def compute(found: Sequence[SourceUnit]) -> StatusReport:
        reports.append(1)
        return collect_status(settings.docs_root, settings.languages, found)

    def english_units() -> list[SourceUnit]:
        units.append(1)
        return source_units(load_settings(repo_copy))

    first = shared_report(settings, compute, english_units)
    assert shared_report(settings, compute, english_units) == first
    assert (len(reports), len(units)) == (1, 1)
    for entry in (settings.cache_dir / "status").iterdir():
        if not entry.name.startswith("."):
            entry.write_bytes(b"\x80\x04garbage")  # a damaged entry is computed again
    assert shared_report(settings, compute, english_units) == first
    assert (len(reports), len(units)) == (2, 1)

    page = settings.docs_root / "en" / "index.md"
    page.write_text(page.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    changed = shared_report(settings, compute, english_units)
    assert changed != first, "the translations of the edited page are now outdated"
    assert (len(reports), len(units)) == (3, 1), "prose edits leave the units as they were"

    reference = settings.docs_root / "en" / "reference" / "types.md"
    reference.write_text(reference.read_text("utf-8") + "\n::: tether.types.Scope\n", "utf-8")
    shared_report(settings, compute, english_units)
    assert (len(reports), len(units)) == (4, 2), "a new directive changes which pages show a unit"


def test_a_build_prepares_the_report_only_when_no_other_build_is_making_it(
    repo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status page is read last; the first build to list its files makes its report."""
    import fcntl
    import threading

    import i18ndocs.status.cache as status_cache

    settings = load_settings(repo_copy)
    made: list[int] = []
    real_status = status_cache._site_status

    def counted_status(settings: Settings, units: Sequence[SourceUnit]) -> StatusReport:
        made.append(1)
        return real_status(settings, units)

    monkeypatch.setattr(status_cache, "_site_status", counted_status)
    folder = settings.cache_dir / "status"
    folder.mkdir(parents=True)
    with (folder / ".lock").open("a") as other_build:
        fcntl.flock(other_build, fcntl.LOCK_EX)  # another build is making the report
        done = threading.Event()
        result: list[StatusReport | None] = []
        worker = threading.Thread(
            target=lambda: (result.append(prepare_site_report(settings)), done.set())
        )
        worker.start()
        assert done.wait(30), "preparing waits for nobody"
        worker.join()
        assert (result, made) == ([None], [])
        fcntl.flock(other_build, fcntl.LOCK_UN)
    prepared = prepare_site_report(settings)
    assert made == [1]
    report = site_report(settings)
    assert made == [1], "another language's page reads the report prepared"
    assert report == prepared
    assert report == collect_status(
        settings.docs_root, settings.languages, source_units(settings), settings.cache_dir
    )


def test_the_units_follow_the_code_wherever_mkdocstrings_finds_it(tmp_path: Path) -> None:
    """With ``- mkdocstrings`` and no ``paths``, the code is found from the project's folder."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs/en\nplugins:\n  - mkdocstrings\n"
        "extra:\n  i18n:\n    languages:\n      - {code: en, name: English, source: true}\n"
        "      - {code: es, name: Español}\n",
        "utf-8",
    )
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "es").mkdir()
    (tmp_path / "docs" / "en" / "index.md").write_text("# T\n\n::: pkg\n", "utf-8")
    (tmp_path / "pkg").mkdir()
    module = tmp_path / "pkg" / "__init__.py"
    module.write_text('"""One package."""\n', "utf-8")
    settings = load_settings(tmp_path)
    units: list[int] = []

    def english_units() -> list[SourceUnit]:
        units.append(1)
        return source_units(load_settings(tmp_path))

    def compute(found: Sequence[SourceUnit]) -> StatusReport:
        return collect_status(settings.docs_root, settings.languages, found)

    shared_report(settings, compute, english_units)
    shared_report(settings, compute, english_units)
    assert len(units) == 1
    module.write_text('"""One package, documented again."""\n', "utf-8")
    shared_report(settings, compute, english_units)
    assert len(units) == 2, "a docstring edit changes the units"


def test_a_warm_build_compiles_no_template(
    repo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every environment the theme makes reads compiled templates from the cache (search's too)."""
    import jinja2

    from i18ndocs.builder.site import build_language

    assert build_language(repo_copy, "es", repo_copy / "first").ok
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self: Any, source: Any, name: Any = None, filename: Any = None) -> Any:
        if filename:
            compiled.append(str(name))
        return real(self, source, name, filename)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    assert build_language(repo_copy, "es", repo_copy / "second").ok
    assert compiled == []
