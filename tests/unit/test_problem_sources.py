"""Problem lines name what to act on: the page's file, the generated page, the setting.

The pieces `tests/docs/test_first_build_problems.py` sees together in real builds, one at a
time: where a page of a language's build comes from (`i18ndocs.project.pagesources`), how
MkDocs' messages about it become problems (`i18ndocs.project.errors`), griffe's docstring
warnings filtered once each (`i18ndocs.plugin.docstring_warnings`), and a whole build's list.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from i18ndocs.builder.site import LanguageResult, SiteResult
from i18ndocs.plugin.docstring_warnings import GRIFFE_LOGGER, DocstringWarnings
from i18ndocs.project.errors import (
    DOCSTRING,
    PROBLEM_ATTRIBUTE,
    DocsError,
    PageSource,
    Problem,
    problem_from_message,
)
from i18ndocs.project.pagesources import linked_pages, page_sources
from i18ndocs.project.settings import Settings, load_settings

CONFIG = """site_name: x
docs_dir: docs/en
extra:
  i18n:
    languages:
      - {code: en, name: English, source: true}
      - {code: es, name: Español}
    guide_page: help/guide.md
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A project with an English page, its Spanish translation, and an untranslated one."""
    monkeypatch.chdir(tmp_path)  # problems show paths relative to the working directory
    (tmp_path / "mkdocs.yml").write_text(CONFIG, "utf-8")
    english, spanish = tmp_path / "docs" / "en", tmp_path / "docs" / "es"
    (english / "help").mkdir(parents=True)
    spanish.mkdir(parents=True)
    (english / "index.md").write_text(
        "# Home\n\nSee [usage](usage.md) or [the root](/x/).\n", "utf-8"
    )
    (spanish / "index.md").write_text("# Inicio\n\nVea [uso][u].\n\n[u]: nada.md\n", "utf-8")
    (english / "usage.md").write_text("# Usage\n\nText.\n\nSee [gone](gone.md).\n", "utf-8")
    return load_settings(tmp_path)


def message(page: str, link: str, rest: str) -> str:
    """MkDocs' words for a link it cannot follow."""
    return f"Doc file '{page}' contains a link '{link}', but {rest}."


def test_pages_are_the_languages_own_english_fallbacks_or_generated(project: Settings) -> None:
    source = page_sources(project, "es")
    spanish, english = project.language_dir("es"), project.language_dir("en")
    assert source("index.md") == PageSource(spanish / "index.md")
    assert source("usage.md") == PageSource(
        english / "usage.md", "in the Spanish site, page usage.md shown from its English source"
    )
    assert source("contributing/status.md") == PageSource(
        None, "in the Spanish site, the generated status page contributing/status.md"
    )
    assert source("extra.md").shown_as.endswith("page extra.md, which no file holds (generated)")
    assert page_sources(project, "en")("usage.md") == PageSource(english / "usage.md")


def test_link_problems_name_the_line_the_showing_site_or_the_generated_page(
    project: Settings,
) -> None:
    def problem(page: str, link: str, rest: str = "the target is not found") -> Problem:
        return problem_from_message(
            message(page, link, rest),
            "warning",
            page_sources(project, "es"),
            "mkdocs.yml",
            linked_pages=linked_pages(project),
        )

    assert str(problem("index.md", "nada.md")) == (
        "docs/es/index.md:5: warning: broken link 'nada.md': the target is not found"
    ), "a reference-style link is found at its definition"
    assert str(problem("usage.md", "gone.md")) == (
        "docs/en/usage.md:5: warning: in the Spanish site, page usage.md shown from its "
        "English source: broken link 'gone.md': the target is not found"
    )
    assert str(problem("contributing/status.md", "elsewhere.md")) == (
        "mkdocs.yml: warning: in the Spanish site, the generated status page "
        "contributing/status.md: broken link 'elsewhere.md': the target is not found"
    )
    guide = (
        "mkdocs.yml:8: warning: extra.i18n.guide_page: the translators' guide 'help/guide.md' "
        "is not among the documentation files (docs/en/help/guide.md is missing), and the "
        "pipeline's banners and status page link to it: create it, or set guide_page to an "
        "existing page ('i18ndocs init' writes it when it sets up a plain MkDocs project)"
    )
    assert str(problem("usage.md", "help/guide.md")) == guide, "a banner's link: not the page's"
    assert str(problem("contributing/status.md", "../help/guide.md")) == guide
    assert str(problem("usage.md", "other.md")) == (
        "docs/en/usage.md: warning: in the Spanish site, page usage.md shown from its English "
        "source: broken link 'other.md': the target is not found; the link is not in this file "
        "(an included file or a plugin added it)"
    )
    absolute = problem_from_message(
        "Doc file 'index.md' contains an absolute link '/x/', it was left as is.",
        "warning",
        page_sources(project, "en"),
        "mkdocs.yml",
    )
    assert str(absolute) == "docs/en/index.md:3: warning: absolute link '/x/': it was left as is"


def test_griffe_warnings_pass_once_failing_strict_only_when_set_to(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger(GRIFFE_LOGGER)
    keep = Keep(logging.DEBUG)
    logger.addHandler(keep)
    monkeypatch.setattr(logger, "propagate", False)
    text = "griffe: src/pkg/mod.py:12: No type or annotation for parameter 'a'"
    expected = Problem(
        "src/pkg/mod.py", 12, "No type or annotation for parameter 'a'", kind=DOCSTRING
    )
    left = DocstringWarnings("ignore")  # as a build that stopped after on_config leaves it
    left.attach()
    left.filter(logging.LogRecord(GRIFFE_LOGGER, logging.WARNING, "", 0, text, None, None))
    try:
        for mode, level in (("warn", logging.INFO), ("fail", logging.WARNING), ("ignore", None)):
            records.clear()
            watch = DocstringWarnings(mode)
            watch.attach()
            try:
                for _ in range(3):  # extraction, translation, rendering
                    logger.warning(text)
                logger.warning("griffe: Could not resolve alias x")
            finally:
                watch.detach()
            located = [r for r in records if "mod.py" in r.getMessage()]
            assert [r.levelno for r in located] == ([] if level is None else [level]), mode
            for record in located:
                assert getattr(record, PROBLEM_ATTRIBUTE) == expected
            assert [r.levelno for r in records if "alias" in r.getMessage()] == [logging.WARNING]
    finally:
        logger.removeHandler(keep)


def test_a_build_lists_each_problem_once(tmp_path: Path) -> None:
    docstring = Problem("src/m.py", 3, "No type", kind=DOCSTRING)
    english = Problem("docs/en/a.md", 4, "broken link 'b.md': gone")
    shown = Problem("docs/en/a.md", 4, "broken link 'b.md': gone", context="in the Spanish site")
    only_spanish = Problem("docs/en/c.md", 2, "broken link 'd.md#x'", context="in the Spanish site")
    results = (
        LanguageResult("en", False, 1.0, (docstring, english)),
        LanguageResult("es", False, 1.0, (docstring, shown, only_spanish)),
    )
    assert SiteResult(tmp_path, results, 2.0).problems == [docstring, english, only_spanish]
    assert str(only_spanish) == (
        "docs/en/c.md:2: warning: in the Spanish site: broken link 'd.md#x'"
    )


def test_docstring_warnings_is_a_checked_setting(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, "utf-8")
    assert load_settings(tmp_path).docstring_warnings == "warn"
    (tmp_path / "mkdocs.yml").write_text(CONFIG + "    docstring_warnings: fail\n", "utf-8")
    assert load_settings(tmp_path).docstring_warnings == "fail"
    (tmp_path / "mkdocs.yml").write_text(CONFIG + "    docstring_warnings: loud\n", "utf-8")
    with pytest.raises(DocsError, match=r"extra\.i18n\.docstring_warnings: .*loud"):
        load_settings(tmp_path)
