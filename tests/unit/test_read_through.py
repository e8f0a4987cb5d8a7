"""What is computed from one file is kept for that file's bytes (`read_through`).

Catalogs are parsed and checked on every build, and on every rebuild while serving; the
result is kept in the cache folder and computed again only when the file's bytes change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from i18ndocs.builder.site import catalog_problems
from i18ndocs.catalogs.po import write_catalog
from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.project.claims import read_through
from i18ndocs.project.errors import DocsError


def counting(calls: list[str], value: str) -> str:
    calls.append(value)
    return value


def test_a_value_is_computed_once_per_state_of_the_file(tmp_path: Path) -> None:
    source, folder = tmp_path / "a.po", tmp_path / "cache"
    source.write_text("one", "utf-8")
    calls: list[str] = []
    assert read_through(source, folder, "kind", lambda: counting(calls, "first")) == "first"
    assert read_through(source, folder, "kind", lambda: counting(calls, "again")) == "first"
    assert calls == ["first"]

    assert read_through(source, folder, "other", lambda: counting(calls, "other")) == "other"
    source.write_text("two", "utf-8")
    assert read_through(source, folder, "kind", lambda: counting(calls, "second")) == "second"
    assert calls == ["first", "other", "second"]


def test_a_damaged_entry_is_computed_again(tmp_path: Path) -> None:
    source, folder = tmp_path / "a.po", tmp_path / "cache"
    source.write_text("one", "utf-8")
    read_through(source, folder, "kind", lambda: "kept")
    for entry in folder.iterdir():
        entry.write_bytes(b"\x80\x04garbage")
    assert read_through(source, folder, "kind", lambda: "computed") == "computed"
    assert read_through(source, folder, "kind", lambda: "not again") == "computed"


def test_what_the_computation_raises_is_raised_and_nothing_is_kept(tmp_path: Path) -> None:
    source, folder = tmp_path / "a.po", tmp_path / "cache"
    source.write_text("one", "utf-8")

    def fail() -> str:
        raise DocsError(str(source), 3, "invalid catalog")

    for _ in range(2):
        with pytest.raises(DocsError):
            read_through(source, folder, "kind", fail)
    assert not folder.exists() or not any(folder.iterdir())


def test_a_kept_catalog_check_still_stops_every_build(tmp_path: Path) -> None:
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    path = catalog_path(docs, "es", "site")
    path.parent.mkdir(parents=True)
    catalog = Catalog(locale="es")
    catalog.add("Read {link}", "Lee {enlace}")
    write_catalog(catalog, path)

    first = catalog_problems(docs, "es", cache)
    again = catalog_problems(docs, "es", cache)
    assert [problem.message for problem in first] == [problem.message for problem in again]
    assert len(again) == 1
    assert "placeholders" in again[0].message
    assert again[0].path == str(path)

    catalog = Catalog(locale="es")
    catalog.add("Read {link}", "Lee {link}")
    write_catalog(catalog, path)
    assert catalog_problems(docs, "es", cache) == [], "the fixed catalog is checked again"
