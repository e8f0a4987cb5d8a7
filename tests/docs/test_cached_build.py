"""A build that reuses the caches gives the same site, byte for byte, as one that computes all.

The pipeline keeps work that is the same in every language and every build under the cache
folder (``extra.i18n.cache_dir``): compiled templates, formatted signatures and highlighted
source listings. The first build below starts with an empty cache folder, so it computes
everything; the second finds every entry there.
"""

from __future__ import annotations

import filecmp
from collections.abc import Sequence
from pathlib import Path

import pytest

from i18ndocs.build import build_site
from i18ndocs.settings import load_settings
from i18ndocs.status import StatusReport, collect_status
from i18ndocs.status_cache import shared_report
from i18ndocs.unit_status import SourceUnit, source_units

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

    cached = build_site(repo_copy, repo_copy / "site-cached")
    assert cached.ok, [str(problem) for problem in cached.problems]
    first, second = repo_copy / "site-uncached", repo_copy / "site-cached"
    assert tree(first) == tree(second)
    files = [name for name in tree(first) if (first / name).is_file()]
    assert len(files) > 100
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_the_status_report_is_computed_once_per_state_of_the_sources(repo_copy: Path) -> None:
    settings = load_settings(repo_copy)
    reports: list[int] = []
    units: list[int] = []

    def compute(found: Sequence[SourceUnit]) -> StatusReport:
        reports.append(1)
        return collect_status(settings.docs_root, settings.languages, found)

    def english_units() -> list[SourceUnit]:
        units.append(1)
        return source_units(repo_copy, settings.docs_root / "en")

    first = shared_report(settings, compute, english_units)
    assert shared_report(settings, compute, english_units) == first
    assert (len(reports), len(units)) == (1, 1)

    page = settings.docs_root / "en" / "index.md"
    page.write_text(page.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    changed = shared_report(settings, compute, english_units)
    assert changed != first, "the translations of the edited page are now outdated"
    assert (len(reports), len(units)) == (2, 1), "prose edits leave the units as they were"

    reference = settings.docs_root / "en" / "reference" / "types.md"
    reference.write_text(reference.read_text("utf-8") + "\n::: tether.types.Scope\n", "utf-8")
    shared_report(settings, compute, english_units)
    assert (len(reports), len(units)) == (3, 2), "a new directive changes which pages show a unit"
