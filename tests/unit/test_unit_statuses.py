"""Unit states read from a language's catalogs, again after every change of their bytes."""

from __future__ import annotations

from pathlib import Path

from i18ndocs.status.model import PageState, SourceUnit, UnitKind
from i18ndocs.status.units import unit_statuses

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
UNIT = SourceUnit(UnitKind.DOCSTRING, "m.f:text#0", "m.f:text", "Send a message.")


def states(docs_root: Path) -> list[PageState]:
    found, errors = unit_statuses(docs_root, "es", [UNIT])
    assert errors == []
    return [status.state for status in found]


def test_each_edit_of_a_catalog_is_read_even_by_a_process_that_read_it_before(
    tmp_path: Path,
) -> None:
    catalog = tmp_path / "es" / "catalogs" / "docstrings.po"
    catalog.parent.mkdir(parents=True)
    entry = 'msgctxt "m.f:text"\nmsgid "Send a message."\nmsgstr "{}"\n'
    catalog.write_text(HEADER + entry.format(""), "utf-8")
    assert states(tmp_path) == [PageState.MISSING]
    catalog.write_text(HEADER + entry.format("Envía un mensaje."), "utf-8")
    assert states(tmp_path) == [PageState.TRANSLATED]
    catalog.write_text(HEADER + "#, fuzzy\n" + entry.format("Envía un mensaje."), "utf-8")
    assert states(tmp_path) == [PageState.OUTDATED]
    assert states(tmp_path) == [PageState.OUTDATED]
    catalog.unlink()
    assert states(tmp_path) == [PageState.MISSING]
