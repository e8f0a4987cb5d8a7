"""Unit states read from a language's catalogs, again after every change of their bytes.

With a cache folder, each catalog's reading and check are kept for its bytes: the status
page of a build reads the checks the build made before it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import i18ndocs.catalogs.po as po
from i18ndocs.status.model import PageState, SourceUnit, UnitKind
from i18ndocs.status.units import unit_statuses

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
UNIT = SourceUnit(UnitKind.DOCSTRING, "m.f:text#0", "m.f:text", "Send a message.")


def states(docs_root: Path, cache_dir: Path | None = None) -> list[PageState]:
    found, errors = unit_statuses(docs_root, "es", [UNIT], cache_dir)
    assert errors == []
    return [status.state for status in found]


@pytest.mark.parametrize("kept", [False, True])
def test_each_edit_of_a_catalog_is_read_even_by_a_process_that_read_it_before(
    tmp_path: Path, kept: bool
) -> None:
    cache = tmp_path / "cache" if kept else None
    catalog = tmp_path / "es" / "catalogs" / "docstrings.po"
    catalog.parent.mkdir(parents=True)
    entry = 'msgctxt "m.f:text"\nmsgid "Send a message."\nmsgstr "{}"\n'
    catalog.write_text(HEADER + entry.format(""), "utf-8")
    assert states(tmp_path, cache) == [PageState.MISSING]
    catalog.write_text(HEADER + entry.format("Envía un mensaje."), "utf-8")
    assert states(tmp_path, cache) == [PageState.TRANSLATED]
    catalog.write_text(HEADER + "#, fuzzy\n" + entry.format("Envía un mensaje."), "utf-8")
    assert states(tmp_path, cache) == [PageState.OUTDATED]
    assert states(tmp_path, cache) == [PageState.OUTDATED]
    catalog.unlink()
    assert states(tmp_path, cache) == [PageState.MISSING]


def test_a_kept_reading_and_check_are_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = tmp_path / "es" / "catalogs" / "docstrings.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        HEADER + 'msgctxt "m.f:text"\nmsgid "Send a message."\nmsgstr "Envía un mensaje."\n',
        "utf-8",
    )
    cache = tmp_path / "cache"
    assert po.kept_check(catalog, "es", cache) == []  # as a build checks it first
    assert states(tmp_path, cache) == [PageState.TRANSLATED]

    def parse(*_: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(po, "read_catalog", parse)
    monkeypatch.setattr("i18ndocs.status.units.read_catalog", parse)
    assert states(tmp_path, cache) == [PageState.TRANSLATED]
