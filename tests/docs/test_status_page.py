"""The status page and the banners, rendered and in real builds of a temporary copy of the docs."""

from __future__ import annotations

import gettext
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from i18ndocs.builder.site import SiteResult, build_site
from i18ndocs.catalogs.sitetext import translator
from i18ndocs.plugin.banners import BannerKind, banner_texts
from i18ndocs.project.languages import Language
from i18ndocs.project.settings import load_settings
from i18ndocs.status.model import PageState, StatusReport
from i18ndocs.status.page import (
    labels,
    page_url,
    render_report,
)
from i18ndocs.status.page_state import stamp
from i18ndocs.status.report import collect_status

ROOT = Path(__file__).resolve().parents[2]

LANGUAGES = [Language("en", "English", True), Language("es", "Español"), Language("zh", "简体中文")]
SEGMENT = re.compile(
    r'<rect [^>]*data-lang="(?P<lang>\w+)" data-state="(?P<state>\w+)" '
    r'data-count="(?P<count>\d+)" data-percent="(?P<percent>[\d.]+)"'
)
CHANGED, DELETED = "guide/websockets.md", "guide/testing.md"


@pytest.fixture(scope="module")
def words(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], gettext.NullTranslations]:
    """The site's words in a language, from the repository's catalogs."""
    cache = tmp_path_factory.mktemp("catalogs")
    return lambda lang: translator(ROOT / "docs", lang, cache)


def title(words: Callable[[str], gettext.NullTranslations], lang: str) -> str:
    """The status page's title in a language, checked to be translated outside English."""
    text = labels(words(lang))["title"]
    assert (text == "Translation status") == (lang == "en"), (lang, text)
    return text


def chart_numbers(html: str) -> dict[tuple[str, str], tuple[int, float]]:
    """Read every bar segment of the chart: (lang, state) -> (count, percent)."""
    (svg,) = re.findall(r'<svg [^>]*class="i18ndocs-status-chart".*?</svg>', html, re.DOTALL)
    assert 'role="img"' in svg
    assert re.search(r"<title [^>]*>[^<]+</title>", svg)
    return {
        (match["lang"], match["state"]): (int(match["count"]), float(match["percent"]))
        for match in SEGMENT.finditer(svg)
    }


def expected_numbers(report: StatusReport) -> dict[tuple[str, str], tuple[int, float]]:
    return {
        (status.code, state.value): (status.counts().of(state), status.counts().percent(state))
        for status in report.languages
        for state in PageState
    }


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Three English pages; Spanish has one current and one outdated, Chinese none."""
    docs = tmp_path / "docs"
    for rel_path in ("index.md", "guide/a.md", "guide/b.md"):
        (docs / "en" / rel_path).parent.mkdir(parents=True, exist_ok=True)
        (docs / "en" / rel_path).write_text(f"# {rel_path}\n", encoding="utf-8")
    for rel_path in ("index.md", "guide/a.md"):
        (docs / "es" / rel_path).parent.mkdir(parents=True, exist_ok=True)
        (docs / "es" / rel_path).write_text(f"# {rel_path} (es)\n", encoding="utf-8")
        stamp(docs, "es", rel_path)
    (docs / "en" / "guide" / "a.md").write_text("# changed\n", encoding="utf-8")
    return docs


@pytest.mark.parametrize("lang", ["en", "es", "zh"])
def test_the_page_has_a_chart_with_the_reports_numbers(
    tree: Path, lang: str, words: Callable[[str], gettext.NullTranslations]
) -> None:
    report = collect_status(tree, LANGUAGES)
    markdown = render_report(report, lang, words(lang))
    assert markdown.startswith(f"# {title(words, lang)}\n")
    numbers = chart_numbers(markdown)
    assert numbers == expected_numbers(report)
    assert numbers[("es", "translated")] == (1, 33.3)
    assert numbers[("es", "outdated")] == (1, 33.3)
    assert numbers[("zh", "missing")] == (3, 100.0)
    chart = markdown[markdown.index("<svg") : markdown.index("</svg>")]
    assert "\n\n" not in chart, "a blank line would end the HTML block in Markdown"


@pytest.mark.parametrize(
    ("lang", "written"),
    [("en", "33.3%"), ("zh", "33.3%"), ("es", "33,3\u00a0%"), ("fr", "33,3\u00a0%")],
)
def test_percentages_are_written_the_readers_way(
    tree: Path, lang: str, written: str, words: Callable[[str], gettext.NullTranslations]
) -> None:
    """Decimal comma and the space before the sign as the reader's locale writes them."""
    markdown = render_report(collect_status(tree, LANGUAGES), lang, words("en"))
    table = markdown[markdown.index("</figure>") :]
    assert f"1 ({written})" in table
    chart = markdown[markdown.index("<svg") : markdown.index("</svg>")]
    assert f">{written}</text>" in chart


def test_the_lists_link_each_page_in_its_language(
    tree: Path, words: Callable[[str], gettext.NullTranslations]
) -> None:
    text = labels(words("es"))
    assert text["outdated"] != "Outdated"
    assert text["missing"] != "Missing"
    markdown = render_report(collect_status(tree, LANGUAGES), "es", words("es"))
    spanish, chinese = markdown.split("### Español")[1].split("### 简体中文")
    assert f"**{text['outdated']}** (1)\n\n- [`guide/a.md`](../guide/a.md)" in spanish
    assert f"**{text['missing']}** (1)\n\n- [`guide/b.md`](../guide/b.md)" in spanish
    assert "index.md" not in spanish
    assert '- <a href="../../../zh/"><code>index.md</code></a>' in chinese
    assert '- <a href="../../../zh/guide/b/"><code>guide/b.md</code></a>' in chinese
    assert "](translations.md)" in text["help"].format(guide="translations.md")
    assert text["help"].format(guide="translations.md") in markdown


def test_urls_of_pages_in_other_languages() -> None:
    assert page_url("index.md", "zh") == "../../../zh/"
    assert page_url("reference/index.md", "en") == "../../../en/reference/"
    assert page_url("guide/testing.md", "es") == "../../../es/guide/testing/"


def test_urls_follow_where_the_status_page_is_configured() -> None:
    assert page_url("guide/testing.md", "es", "status.md") == "../../es/guide/testing/"
    assert page_url("index.md", "zh", "a/b/index.md") == "../../../zh/"
    assert page_url("index.md", "zh", "a/b/progress.md") == "../../../../zh/"


def test_links_follow_the_configured_pages(
    tree: Path, words: Callable[[str], gettext.NullTranslations]
) -> None:
    report = collect_status(tree, LANGUAGES)
    markdown = render_report(report, "es", words("es"), "status.md", "help/guide.md")
    assert "- [`guide/b.md`](guide/b.md)" in markdown
    assert '<a href="../../zh/guide/b/"><code>guide/b.md</code></a>' in markdown
    assert "](help/guide.md)" in markdown
    assert "](translations.md)" not in markdown


def test_a_language_with_nothing_to_do_says_so(
    tree: Path, words: Callable[[str], gettext.NullTranslations]
) -> None:
    stamp(tree, "es", "guide/a.md")
    (tree / "es" / "guide" / "b.md").write_text("# b\n", encoding="utf-8")
    stamp(tree, "es", "guide/b.md")
    markdown = render_report(collect_status(tree, LANGUAGES), "zh", words("zh"))
    done = labels(words("zh"))["done"]
    assert done != "Every page is translated and up to date."
    assert done in markdown.split("### Español")[1]


# Real builds of a temporary copy


@pytest.fixture
def project(repo_copy: Path) -> Path:
    """A copy of the real sources (conftest's ``repo_copy``), every translation stamped."""
    for language in load_settings(repo_copy).languages:
        if not language.source:
            for path in sorted((repo_copy / "docs" / language.code).rglob("*.md")):
                rel_path = path.relative_to(repo_copy / "docs" / language.code).as_posix()
                if (repo_copy / "docs" / "en" / rel_path).is_file():
                    stamp(repo_copy / "docs", language.code, rel_path)
    return repo_copy


def build(root: Path, *codes: str) -> Path:
    result = build_site(root, root / "site", codes)
    assert result.ok, "\n".join(str(problem) for problem in result.problems)
    return root / "site"


def banners(site: Path, lang: str, rel_path: str) -> list[str]:
    page = rel_path.removesuffix(".md").removesuffix("index")
    html = (site / lang / page / "index.html").read_text(encoding="utf-8")
    return re.findall(r'class="admonition warning i18ndocs-banner i18ndocs-(\w+)"', html)


@pytest.mark.docs
def test_the_lifecycle_in_built_sites(
    project: Path, words: Callable[[str], gettext.NullTranslations]
) -> None:
    english = project / "docs" / "en" / CHANGED
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    (project / "docs" / "zh" / DELETED).unlink()

    site = build(project, "en", "es", "zh")
    assert banners(site, "es", CHANGED) == ["outdated"]
    assert banners(site, "zh", CHANGED) == ["outdated"]
    assert banners(site, "zh", DELETED) == ["untranslated"]
    assert banners(site, "es", DELETED) == []
    assert banners(site, "es", "index.md") == []
    assert banners(site, "en", CHANGED) == []
    es_html = (site / "es" / "guide" / "websockets" / "index.html").read_text(encoding="utf-8")
    banner = es_html[es_html.index("i18ndocs-outdated") :].split("</div>")[0]
    assert banner_texts(BannerKind.OUTDATED, words("es"))[0] in banner
    assert re.search(r'href="[^"]*/en/guide/websockets/"', banner)

    report = collect_status(project / "docs", load_settings(project).languages)
    expected = expected_numbers(report)
    assert expected[("zh", "missing")][0] == 1
    assert expected[("es", "outdated")][0] == expected[("zh", "outdated")][0] == 1
    for lang in ("en", "es", "zh"):
        html = (site / lang / "contributing" / "status" / "index.html").read_text("utf-8")
        assert f">{title(words, lang)}<" in html
        assert chart_numbers(html) == expected
        for page_lang, page in (("es", CHANGED), ("zh", CHANGED), ("zh", DELETED)):
            url = page.removesuffix(".md") + "/"
            href = f"../../{url}" if page_lang == lang else f"../../../{page_lang}/{url}"
            assert f'<a href="{href}"><code>{page}</code></a>' in html, (lang, page_lang, page)

    for lang in ("es", "zh"):
        assert stamp(project / "docs", lang, CHANGED)
    site = build(project, "es")
    assert banners(site, "es", CHANGED) == []
    html = (site / "es" / "contributing" / "status" / "index.html").read_text("utf-8")
    assert chart_numbers(html)[("es", "outdated")] == (0, 0.0)


@pytest.mark.docs
def test_the_real_site_has_the_status_page_in_every_language(
    built_site: SiteResult, words: Callable[[str], gettext.NullTranslations]
) -> None:
    languages = load_settings(ROOT).languages
    report = collect_status(ROOT / "docs", languages)
    for language in languages:
        html = built_site.site_dir / language.code / "contributing" / "status" / "index.html"
        text = html.read_text(encoding="utf-8")
        assert f">{title(words, language.code)}<" in text
        assert chart_numbers(text) == expected_numbers(report)
        for status in report.languages:
            for unit in status.needing_work():
                url = page_url(unit.key, status.code)
                if status.code == language.code:
                    target = url.removeprefix(f"../../../{status.code}/") or "."
                    url = posixpath.relpath(target, "contributing/status") + "/"
                assert f'href="{url}"><code>{unit.key}</code></a>' in text, (language, unit)
