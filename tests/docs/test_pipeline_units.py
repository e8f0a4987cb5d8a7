"""The pipeline's pieces, without building a site."""

from __future__ import annotations

import gettext
import re
import urllib.request
from pathlib import Path

import pytest
import yaml

from i18ndocs.builder.site import configure_language, language_overrides, root_index
from i18ndocs.catalogs.sitetext import translator
from i18ndocs.cli.new_lang import _with_language
from i18ndocs.plugin.banners import (
    BannerKind,
    after_title,
    banner_markdown,
    banner_texts,
    units_banner_html,
)
from i18ndocs.project.errors import DocsError, PageSource, Problem, problem_from_message
from i18ndocs.project.language_config import theme_language
from i18ndocs.project.languages import Language, parse_languages, select_languages
from i18ndocs.project.settings import load_settings
from i18ndocs.serve.server import BUILD_ID_PATH, SiteServer, affected_languages
from i18ndocs.status.model import Counts

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [Language("en", "English", True), Language("es", "Español"), Language("zh", "简体中文")]


def test_languages_are_declared_once_in_mkdocs_yml() -> None:
    languages = load_settings(ROOT).languages
    assert [(x.code, x.name, x.source) for x in languages][:3] == [
        ("en", "English", True),
        ("es", "Español", False),
        ("zh", "简体中文", False),
    ]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([{"code": "en", "name": "English"}], "exactly one language as source"),
        ([{"code": "en", "name": "E", "source": True}, {"code": "en", "name": "E"}], "twice"),
        ([{"code": "en"}], "needs a code and a name"),
        ([], "non-empty list"),
    ],
)
def test_malformed_language_lists_are_errors(entries: list[object], message: str) -> None:
    with pytest.raises(DocsError, match=message):
        parse_languages({"extra": {"i18n": {"languages": entries}}}, "mkdocs.yml")


def test_select_languages_rejects_unknown_codes() -> None:
    assert [x.code for x in select_languages(LANGUAGES, ["zh", "en"])] == ["en", "zh"]
    with pytest.raises(DocsError, match="unknown language 'fr'"):
        select_languages(LANGUAGES, ["fr"])


def test_each_language_config_is_complete_before_loading(tmp_path: Path) -> None:
    zh = language_overrides(load_settings(ROOT), "zh", tmp_path / "zh").overrides
    assert zh["docs_dir"] == str(ROOT / "docs" / "zh")
    assert zh["site_dir"] == str(tmp_path / "zh")
    assert zh["site_url"] == "http://127.0.0.1:8000/zh/"
    assert zh["theme"]["language"] == "zh"
    plugins = {name: options for entry in zh["plugins"] for name, options in entry.items()}
    assert plugins["mkdocstrings"]["locale"] == "zh"
    # Material's search plugin reads its own settings for theme.language: none are scraped.
    assert plugins["search"] == {}
    assert zh["extra"]["alternate"] == [
        {"name": "English", "link": "/en/", "lang": "en"},
        {"name": "Español", "link": "/es/", "lang": "es"},
        {"name": "简体中文", "link": "/zh/", "lang": "zh"},
    ]
    es = language_overrides(
        load_settings(ROOT), "es", tmp_path / "es", site_url="https://example.org/docs/"
    )
    assert es.overrides["site_url"] == "https://example.org/docs/es/"
    assert es.overrides["extra"]["alternate"][0]["link"] == "/docs/en/"
    assert es.overrides["theme"]["language"] == "es"


def test_material_languages_and_fallback() -> None:
    assert theme_language("es") == "es"
    assert theme_language("tlh") == "en"
    assert theme_language("pt-BR") == "pt-BR"
    assert theme_language("es", theme="mkdocs") == "en"  # the plain theme ships no languages


def test_new_language_line_keeps_the_rest_of_the_file() -> None:
    text = (
        "site_name: x  # a comment\n"
        "extra:\n"
        "  # the languages\n"
        "  i18n:\n    languages:\n"
        "      - {code: en, name: English, source: true}\n"
        "      # Spanish next\n"
        "      - {code: es, name: Español}\n"
        "  other: 1\n"
    )
    updated = _with_language(text, "fr", "Français", "mkdocs.yml")
    assert updated == text.replace(
        "      - {code: es, name: Español}\n",
        "      - {code: es, name: Español}\n      - {code: fr, name: Français}\n",
    )
    crlf = text.replace("\n", "\r\n")
    assert "      - {code: de, name: Deutsch}\r\n" in _with_language(crlf, "de", "Deutsch", "m")
    hant = yaml.safe_load(_with_language(text, "zh-Hant", "中文 (繁體)", "m"))
    assert hant["extra"]["i18n"]["languages"][-1] == {"code": "zh-Hant", "name": "中文 (繁體)"}
    odd = yaml.safe_load(_with_language(text, "xx", "a: b, {c}", "m"))
    assert odd["extra"]["i18n"]["languages"][-1] == {"code": "xx", "name": "a: b, {c}"}
    with pytest.raises(DocsError, match=r"no extra\.i18n\.languages list"):
        _with_language("site_name: x\n", "fr", "Français", "mkdocs.yml")


def test_mkdocs_messages_become_one_line_problems(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "es" / "guide.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Guía\n\nVer [aquí](other.md#nope).\n", "utf-8")

    def resolve(uri: str) -> PageSource:
        return PageSource(tmp_path / "docs" / "es" / uri)

    problem = problem_from_message(
        "Doc file 'guide.md' contains a link 'other.md#nope', but the doc 'other.md' does not "
        "contain an anchor '#nope'.",
        "warning",
        resolve,
        "mkdocs.yml",
    )
    assert problem.path.endswith("docs/es/guide.md")
    assert problem.line == 3
    assert problem.message == (
        "broken link 'other.md#nope': the doc 'other.md' does not contain an anchor '#nope'"
    )
    autorefs = problem_from_message(
        "mkdocs_autorefs: guide.md: Could not find cross-reference target 'x.y'",
        "warning",
        resolve,
        "mkdocs.yml",
    )
    assert autorefs.path.endswith("docs/es/guide.md")
    assert autorefs.message == "Could not find cross-reference target 'x.y'"
    griffe = problem_from_message(
        "griffe: src/tether/x.py:12: No type or annotation for parameter 'a'",
        "warning",
        resolve,
        "mkdocs.yml",
    )
    assert (griffe.path, griffe.line) == ("src/tether/x.py", 12)
    other = problem_from_message("Something odd\nwith details", "error", resolve, "mkdocs.yml")
    assert str(other) == "mkdocs.yml: error: Something odd"
    assert str(Problem("a.md", 4, "bad")) == "a.md:4: warning: bad"


def test_changes_rebuild_only_the_languages_they_affect(tmp_path: Path) -> None:
    root = tmp_path
    (root / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: documentation/en\nwatch: [lib]\n"
        "plugins:\n  - mkdocstrings:\n      handlers: {python: {paths: [src]}}\n"
        "extra:\n  i18n:\n    languages:\n      - {code: en, name: English, source: true}\n"
        "      - {code: es, name: Español}\n      - {code: zh, name: 简体中文}\n",
        "utf-8",
    )
    settings = load_settings(root)
    assert settings.docs_root == (root / "documentation").resolve()
    every = ["en", "es", "zh"]
    assert affected_languages(settings, [root / "documentation/es/index.md"]) == ["es"]
    assert affected_languages(settings, [root / "documentation/en/index.md"]) == every
    assert affected_languages(settings, [root / "src/tether/x.py"]) == every
    assert affected_languages(settings, [root / "lib/x.py"]) == every
    assert affected_languages(settings, [root / "mkdocs.yml"]) == every
    assert affected_languages(settings, [root / "site/en/index.html"]) == []
    assert affected_languages(settings, [root / ".site-123/x"]) == []
    assert affected_languages(settings, [root / "docs/es/index.md"]) == []


def test_banners_are_admonitions_in_the_reader_language(tmp_path: Path) -> None:
    words = translator(ROOT / "docs", "zh", tmp_path)
    title, _, link_text = banner_texts(BannerKind.UNTRANSLATED, words)
    assert title != "Not translated yet"
    assert link_text != "Help translate it"
    zh = banner_markdown(BannerKind.UNTRANSLATED, words, "简体中文", "../contributing/x.md")
    assert zh.startswith(f'!!! warning i18ndocs-banner i18ndocs-untranslated "{title}"\n')
    assert f"[{link_text}](../contributing/x.md)" in zh
    fr = banner_markdown(BannerKind.OUTDATED, gettext.NullTranslations(), "Français", "/en/")
    assert "translated into Français" in fr
    assert "[Read the English page](/en/)" in fr


def test_the_units_banner_counts_with_the_languages_plural_rules(tmp_path: Path) -> None:
    english = gettext.NullTranslations()
    one, three = Counts(translated=4, outdated=1, missing=0), Counts(4, 1, 2)
    assert banner_texts(BannerKind.UNITS, english, one)[0] == "1 passage still in English"
    assert banner_texts(BannerKind.UNITS, english, three)[0] == "3 passages still in English"
    spanish = translator(ROOT / "docs", "es", tmp_path)
    title_one, title_many = (banner_texts(BannerKind.UNITS, spanish, c)[0] for c in (one, three))
    assert title_one.startswith("1 ")
    assert title_many.startswith("3 ")
    assert title_one[2:] != title_many[2:], "Spanish singular and plural must differ"
    html = units_banner_html(spanish, three, "../../contributing/translations/")
    assert 'class="admonition warning i18ndocs-banner i18ndocs-units"' in html
    assert '<a href="../../contributing/translations/">' in html
    assert "{count" not in html
    assert "{link}" not in html


def test_banner_goes_after_the_first_heading() -> None:
    assert after_title("# Title\n\nText\n", "B\n") == "# Title\n\nB\n\nText\n"
    assert after_title("Text only\n", "B\n") == "B\nText only\n"
    assert after_title("```\n# not a heading\n```\n", "B\n").startswith("B\n")


def test_root_index_links_every_language() -> None:
    page = root_index(LANGUAGES, "wsproto & co")
    for language in LANGUAGES:
        assert f'<a href="{language.code}/" hreflang="{language.code}">{language.name}</a>' in page
    assert '<noscript><meta http-equiv="refresh" content="0; url=en/"></noscript>' in page
    assert "<title>wsproto &amp; co</title>" in page


def test_site_server_serves_files_and_live_reload(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "index.html").write_text("<html><body>hi</body></html>", "utf-8")
    server = SiteServer(tmp_path, port=0, live_reload=True)
    server.start()
    try:
        with urllib.request.urlopen(server.url + "en/", timeout=10) as response:
            page = response.read().decode()
        assert page.startswith("<html><body>hi<script>")
        assert BUILD_ID_PATH in page
        with urllib.request.urlopen(server.url + BUILD_ID_PATH.lstrip("/"), timeout=10) as r:
            assert r.read() == b"0"
        server.bump()
        with urllib.request.urlopen(server.url + BUILD_ID_PATH.lstrip("/"), timeout=10) as r:
            assert r.read() == b"1"
    finally:
        server.shutdown()
        server.server_close()


def test_directive_errors_name_the_page_and_line(tmp_path: Path) -> None:
    es, en = tmp_path / "es", tmp_path / "en"
    (en / "reference").mkdir(parents=True)
    es.mkdir()
    (en / "reference" / "x.md").write_text("# X\n\nText.\n\n::: tether.nope.Thing\n", "utf-8")
    for message in (
        "Could not collect 'tether.nope.Thing'",
        "mkdocstrings: tether.nope.Thing could not be found",
    ):
        problem = problem_from_message(
            message, "error", lambda uri: PageSource(es / uri), "m", [es, en]
        )
        assert problem.path.endswith("en/reference/x.md")
        assert problem.line == 5
        assert problem.message == "cannot document 'tether.nope.Thing'"
    reading = problem_from_message(
        "Error reading page 'reference/x.md':", "error", lambda uri: PageSource(en / uri), "m"
    )
    assert reading.path.endswith("en/reference/x.md")


def test_the_site_catalog_translates_every_mkdocstrings_label(tmp_path: Path) -> None:
    import mkdocstrings_handlers.python as handler

    from i18ndocs.catalogs.sitetext import MKDOCSTRINGS_LABELS

    template = Path(handler.__file__).parent / "templates/material/_base/languages/en.html.jinja"
    keys = set(re.findall(r'^\s*"([^"]+)"\s*:', template.read_text("utf-8"), re.MULTILINE))
    assert keys, "mkdocstrings-python's English labels were not found"
    assert keys <= set(MKDOCSTRINGS_LABELS)
    for lang in ("es", "zh"):
        words = translator(ROOT / "docs", lang, tmp_path)
        untranslated = sorted(key for key in MKDOCSTRINGS_LABELS if words.gettext(key) == key)
        assert not untranslated, f"{lang}: {untranslated}"


def test_signatures_are_formatted_once_whatever_their_placeholders(tmp_path: Path) -> None:
    from mkdocstrings_handlers.python._internal.rendering import _get_formatter

    from i18ndocs.reference.signatures import cached_formatter

    real = _get_formatter()
    seen: list[str] = []

    def counting(code: str, line_length: int) -> str:
        seen.append(code)
        return real(code, line_length)

    formatter = cached_formatter(counting, tmp_path / "cache")
    template = (
        "def xxxxxxxxxxxx(self, websocket: {0}, *, code: int = 1000, reason: {1} = '') "
        "-> None: pass"
    )
    first = formatter(template.format("_Ab3x", "_Qz9"), 40)
    second = formatter(template.format("_Zy7k", "_Pw1"), 40)
    assert first == real(template.format("_Ab3x", "_Qz9"), 40)
    assert "(\n    self,\n" in first, "the signature was long enough to be wrapped"
    assert second == first.replace("_Ab3x", "_Zy7k").replace("_Qz9", "_Pw1")
    assert len(seen) == 1, "the second signature came from the cache"
    assert "(self, websocket: _Ab3x," in formatter(template.format("_Ab3x", "_Qz9"), 200)
    assert len(seen) == 2, "another line length is another entry"


def test_handler_templates_are_cached_before_pages_render(tmp_path: Path) -> None:
    from jinja2 import FileSystemBytecodeCache

    config = configure_language(load_settings(ROOT), "es", tmp_path / "es")
    config = config.plugins.on_config(config)  # as a build does, before on_pre_build
    config.plugins.on_pre_build(config=config)
    handler = config.plugins["mkdocstrings"].get_handler("python")  # type: ignore[attr-defined]
    assert isinstance(handler.env.bytecode_cache, FileSystemBytecodeCache)
