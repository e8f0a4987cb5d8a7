"""The assembled three-language site: layout, labels, language links and search indexes."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import jieba
import pytest
from backrefs import bre  # type: ignore[import-untyped]
from htmltree import parse_file

from i18ndocs.builder.site import SiteResult, configure_language
from i18ndocs.catalogs.sitetext import translator
from i18ndocs.plugin.segmenter import uses_han
from i18ndocs.project.settings import load_settings

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]

LANGUAGES = {"en": "English", "es": "Español", "zh": "简体中文"}
ENGLISH_LABELS = (
    "Parameters:",
    "Source code in",
    "Name",
    "Type",
    "Description",
    "Default",
    "required",
)


def _labels(lang: str) -> set[str]:
    """The labels a reference page shows in a language: its site catalog's translations."""
    words = translator(ROOT / "docs", lang, Path(tempfile.gettempdir()) / "tether-test-catalogs")
    found = {words.gettext(label) for label in ENGLISH_LABELS}
    if lang != "en":
        assert not found & set(ENGLISH_LABELS), f"{lang} labels left in English: {found}"
    return found


LABELS = {lang: _labels(lang) for lang in LANGUAGES}
HAN = re.compile(r"[\u4e00-\u9fff]{4,}")
MATERIAL_HAN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)  # what Material segments


def html_pages(site: SiteResult, lang: str) -> list[Path]:
    return sorted((site.site_dir / lang).rglob("*.html"))


def labels_on(path: Path) -> set[str]:
    tree = parse_file(path)
    found = {e.text().strip() for e in tree.find_all("span", "doc-section-title")}
    found |= {e.text().strip() for e in tree.find_all("th")}
    found |= {e.text().strip() for e in tree.find_all("em")}
    for summary in tree.find_all("summary"):
        if summary.parent is not None and "mkdocstrings-source" in summary.parent.classes:
            found.add(summary.text().split("src/")[0].strip())
    return found


def test_layout_has_one_folder_per_language_and_a_root_page(built_site: SiteResult) -> None:
    site = built_site.site_dir
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == sorted(LANGUAGES)
    for code in LANGUAGES:
        assert (site / code / "index.html").is_file()
        assert (site / code / "reference" / "websockets" / "index.html").is_file()
        assert (site / code / "contributing" / "status" / "index.html").is_file()
    root = parse_file(site / "index.html")
    links = {a.attrs["href"]: a.text().strip() for a in root.find_all("a")}
    assert links == {f"{code}/": name for code, name in LANGUAGES.items()}
    assert 'url=en/"' in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reference_labels_are_in_the_page_language(built_site: SiteResult, lang: str) -> None:
    found = labels_on(built_site.site_dir / lang / "reference" / "connection" / "index.html")
    assert found >= LABELS[lang], f"missing {LABELS[lang] - found}"
    for other, labels in LABELS.items():
        if other != lang:
            assert not (found & (labels - LABELS[lang])), f"{other} labels on the {lang} page"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_chrome_and_selector_are_in_each_language(built_site: SiteResult, lang: str) -> None:
    for path in html_pages(built_site, lang):
        if path.name == "404.html":
            continue
        tree = parse_file(path)
        html = tree.find("html")
        assert html is not None
        assert html.attrs["lang"] == lang, path
        alternates = {
            link.attrs["hreflang"]: link.attrs["href"]
            for link in tree.find_all("link")
            if link.attrs.get("rel") == "alternate" and "hreflang" in link.attrs
        }
        page_url = path.parent.relative_to(built_site.site_dir / lang).as_posix() + "/"
        page_url = "" if page_url == "./" else page_url
        base = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url without its /en/
        expected = {code: f"{base}{code}/{page_url}" for code in LANGUAGES}
        assert alternates == {**expected, "x-default": f"{base}en/{page_url}"}, path
        selector = {
            a.attrs["hreflang"]: a.text().strip() for a in tree.find_all("a", "md-select__link")
        }
        assert selector == LANGUAGES, path


def test_navigation_sections_are_translated(built_site: SiteResult) -> None:
    expected = {"en": "Reference", "es": "Referencia", "zh": "参考"}
    for lang, title in expected.items():
        tree = parse_file(built_site.site_dir / lang / "index.html")
        titles = {e.text().strip() for e in tree.find_all("label", "md-nav__link")}
        titles |= {e.text().strip() for e in tree.find_all("span", "md-nav__link")}
        assert any(t.startswith(title) for t in titles), (lang, titles)


def search_index(site: SiteResult, lang: str) -> dict[str, object]:
    data = json.loads((site.site_dir / lang / "search" / "search_index.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_chinese_search_index_uses_chinese_settings_and_jieba(built_site: SiteResult) -> None:
    index = search_index(built_site, "zh")
    config = index["config"]
    assert isinstance(config, dict)
    assert "\\u200b" in config["separator"]
    assert "、" in config["separator"]
    assert re.split(config["separator"], "连接\u200b关闭。完成") == ["连接", "关闭", "完成"]
    docs = index["docs"]
    assert isinstance(docs, list)
    home = next(doc for doc in docs if doc["location"] == "")
    source = (Path(__file__).resolve().parents[2] / "docs" / "zh" / "index.md").read_text("utf-8")
    phrase = next(run for run in HAN.findall(source) if len(list(jieba.cut(run))) > 1)
    segmented = "\u200b".join(jieba.cut(phrase))
    text = " ".join(str(doc["text"]) + " " + str(doc["title"]) for doc in docs)
    assert segmented in text, f"{phrase!r} is not segmented as {segmented!r}"
    assert "\u200b" in str(home["text"]), "the home page's Chinese text is segmented too"


def test_english_and_spanish_indexes_use_their_own_languages(built_site: SiteResult) -> None:
    assert search_index(built_site, "en")["config"]["lang"] == ["en"]  # type: ignore[index]
    assert search_index(built_site, "es")["config"]["lang"] == ["es"]  # type: ignore[index]
    assert "\\u200b" not in search_index(built_site, "es")["config"]["separator"]  # type: ignore[index]


def test_only_the_chinese_index_holds_text_for_the_segmenter(built_site: SiteResult) -> None:
    """Material segments any Han text it indexes, loading jieba's dictionary to do it (about a
    second): the English and Spanish builds must give it none, the Chinese one plenty."""
    for code in ("en", "es"):
        docs = search_index(built_site, code)["docs"]
        assert isinstance(docs, list)
        found = [doc["location"] for doc in docs if HAN.search(doc["text"] + doc["title"])]
        assert not found, (code, found)
        status = (built_site.site_dir / code / "contributing" / "status" / "index.html").read_text(
            "utf-8"
        )
        assert "简体中文" in status, "the page still names the language, outside the index"
    zh_docs = search_index(built_site, "zh")["docs"]
    assert isinstance(zh_docs, list)
    assert sum(1 for doc in zh_docs if "\u200b" in doc["text"]) > 10


def test_site_urls_and_sitemaps_are_per_language(built_site: SiteResult) -> None:
    for code in LANGUAGES:
        sitemap = (built_site.site_dir / code / "sitemap.xml").read_text("utf-8")
        locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        assert locations
        assert all(loc.startswith(f"http://127.0.0.1:8000/{code}/") for loc in locations)


def test_the_real_sources_build_without_warnings(built_site: SiteResult) -> None:
    """What ``docs.py build --strict`` enforces: no broken link, anchor, orphan or front matter."""
    problems = [str(problem) for problem in built_site.problems]
    assert not problems, "\n".join(problems)


def test_search_indexes_prose_and_signatures_but_not_source_listings(
    built_site: SiteResult,
) -> None:
    text = json.dumps(search_index(built_site, "en")["docs"])
    assert "receive_text" in text
    assert "def receive_text(" not in text


def test_chinese_text_is_segmented_as_with_jiebas_full_dictionary(
    built_site: SiteResult,
) -> None:
    """The Chinese build loads a dictionary cut down to its own words (i18ndocs.plugin.segmenter);
    every indexed text must come out as the full dictionary (this process's jieba) cuts it."""
    docs = search_index(built_site, "zh")["docs"]
    assert isinstance(docs, list)
    compared = 0
    for doc in docs:
        for field in ("title", "text"):
            indexed = str(doc[field])
            plain = indexed.replace("\u200b", "")
            expected = MATERIAL_HAN.sub(segmented, plain).strip("\u200b")
            assert indexed == expected, (doc["location"], field)
            compared += len(MATERIAL_HAN.findall(plain))
    assert compared > 500


FULL_DICTIONARY = jieba.Tokenizer()  # not the process's: a build in it may have swapped that


def segmented(run: re.Match[str]) -> str:
    """Segment a run of Han characters the way Material's search does, with jieba."""
    return "\u200b" + "\u200b".join(FULL_DICTIONARY.cut(run[0])) + "\u200b"


def test_the_chinese_build_names_its_own_dictionary(tmp_path: Path) -> None:
    config = configure_language(load_settings(ROOT), "zh", tmp_path / "zh")
    config.plugins.on_config(config)
    named = Path(config.plugins["material/search"].config["jieba_dict"])
    assert named.is_relative_to(ROOT / ".cache" / "docs" / "segmenter")
    words = named.read_text("utf-8").splitlines()
    assert 500 < len(words) < 100_000, "the words of the site's characters, not all 350,000"
    english = configure_language(load_settings(ROOT), "en", tmp_path / "en")
    english.plugins.on_config(english)
    assert not english.plugins["material/search"].config["jieba_dict"]


def test_languages_written_with_han_characters() -> None:
    assert all(uses_han(code) for code in ("zh", "zh-Hant", "zh-TW", "ja", "ZH"))
    assert not any(uses_han(code) for code in ("en", "es", "ko", "vi"))
