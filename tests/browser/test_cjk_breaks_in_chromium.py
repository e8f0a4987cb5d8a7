"""Wrapped Chinese reads without spaces in Chromium; wrapped English keeps them (issue 22).

A small two-language site is built for this module: an English page and its Chinese
translation, both wrapped in the middle of a sentence, and a reference page whose docstring's
Chinese catalog entry is wrapped the same way. Chromium shows every soft line break as a space
(it does not apply CSS Text's rule for Chinese), so what the reader sees is read back from the
rendered page (``innerText``).
"""

# ruff: noqa: RUF001  (the texts are Chinese, with Chinese punctuation on purpose)

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from site_support import ServedSite, served

from i18ndocs.catalogs.extract import start_language_catalogs
from i18ndocs.catalogs.po import read_catalog, write_catalog
from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.project.settings import load_settings
from i18ndocs.status.page_state import stamp

pytestmark = pytest.mark.browser

CONFIG = """\
site_name: wrapped
docs_dir: docs/en
theme:
  name: material
plugins:
  - search
  - mkdocstrings:
      handlers:
        python:
          paths: [src]
          options:
            docstring_style: google
            show_root_heading: true
  - i18ndocs
markdown_extensions:
  - admonition
extra:
  i18n:
    languages:
      - {code: en, name: English, source: true}
      - {code: zh, name: 中文}
"""
SUMMARY = "Open the door and close it behind you."
DOCSTRING = f'"""Doors."""\n\n\ndef door() -> None:\n    """{SUMMARY}"""\n'
ENGLISH = "# Home\n\nEnglish words that a writer\nwrapped here.\n\n::: wrapped\n"
CHINESE = (
    "# 首页\n\n中文句子在\n这里换行，\n然后结束。\n\n"
    '!!! note "注意"\n    警告里的\n    句子。\n\n'
    "使用\nPython\n编写。\n\n::: wrapped\n"
)
SUMMARY_ZH = "打开门，\n并在身后\n把它关上。"


@pytest.fixture(scope="module")
def wrapped_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The small site, built with the URL it is served from, and served on 127.0.0.1."""
    project = tmp_path_factory.mktemp("cjk") / "project"
    files = {
        "mkdocs.yml": CONFIG,
        "src/wrapped/__init__.py": DOCSTRING,
        "docs/en/index.md": ENGLISH,
        "docs/en/contributing/translations.md": "# Translating\n\nTranslate the catalogs.\n",
        "docs/zh/index.md": CHINESE,
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    settings = load_settings(project)
    assert stamp(settings.docs_root, "zh", "index.md")
    start_language_catalogs(settings, "zh")
    path = catalog_path(settings.docs_root, "zh", "docstrings")
    catalog = read_catalog(path, "zh")
    message = next(message for message in catalog if message.id == SUMMARY)
    message.string = SUMMARY_ZH
    write_catalog(catalog, path)
    with served(project, project / "site") as site:
        yield site


def shown_text(browser: Any, url: str) -> str:
    """The article's text as Chromium renders it for the reader."""
    page = browser.new_page()
    try:
        page.goto(url)
        return str(page.locator("article").first.inner_text())
    finally:
        page.close()


def test_wrapped_chinese_page_and_catalog_entry_show_no_space(
    browser: Any, wrapped_site: ServedSite
) -> None:
    text = shown_text(browser, wrapped_site.url + "zh/")
    assert "中文句子在这里换行，然后结束。" in text
    assert "警告里的句子。" in text, "inside an admonition too"
    assert "打开门，并在身后把它关上。" in text, "the catalog entry, rendered by mkdocstrings"
    assert "使用 Python 编写。" in text, "Chinese next to Latin keeps its space"


def test_wrapped_english_page_keeps_its_spaces(browser: Any, wrapped_site: ServedSite) -> None:
    text = shown_text(browser, wrapped_site.url + "en/")
    assert "English words that a writer wrapped here." in text
    assert SUMMARY in text
