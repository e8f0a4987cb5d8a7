"""On the project's own pages, in a language with Han text too, the search sections split by
`i18ndocs.plugin.searchsections` are those Material's parser splits, and it reads nearly all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser  # type: ignore[import-untyped]

import i18ndocs.plugin.memo.search as search_memo
from i18ndocs.builder.site import build_language
from i18ndocs.plugin.searchsections import Section, page_sections

pytestmark = pytest.mark.docs


@pytest.mark.parametrize("code", ["en", "zh"])
def test_the_sites_pages_split_as_materials_parser_splits_them(
    repo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    pages: list[str] = []

    def recorded(page: str) -> list[Section] | None:
        pages.append(page)
        return page_sections(page)

    monkeypatch.setattr(search_memo, "page_sections", recorded)
    assert build_language(repo_copy, code, tmp_path / code).ok
    read = 0
    for page in pages:
        ours = page_sections(page)
        if ours is None:
            continue
        read += 1
        parser = Parser()
        parser.feed(page)
        parser.close()
        theirs = [("data-search-exclude" in s.el.attrs, s.id, s.title, s.text) for s in parser.data]
        assert [(s.excluded, s.id, s.title, s.text) for s in ours] == theirs
    assert len(pages) >= 10
    assert read >= len(pages) - 1, "only the status page (its chart has a <title>) is not read"
