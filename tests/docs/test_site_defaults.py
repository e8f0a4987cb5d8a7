"""What every site gives its readers by default: both colour schemes, a site name per language,
an ``llms.txt`` per language and one at the root.

One real build of a copy of the sources, for a sub-path URL, where Spanish names the site in
Spanish and its ``site`` catalog translates the toggle's names and the ``llms.txt`` headings;
the settings' own checks need no build.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from htmltree import Element, parse_file

from i18ndocs.builder.site import SiteResult, build_site, language_overrides
from i18ndocs.builder.sitedir import looks_like_site
from i18ndocs.catalogs.sitetext import LLMS_OTHER_LANGUAGES, LLMS_PAGES, translator
from i18ndocs.plugin.hosting import LLMS_CONTEXT, llms_txt
from i18ndocs.project.errors import DocsError
from i18ndocs.project.language_config import ToggleNames, default_palette, language_config
from i18ndocs.project.languages import parse_languages
from i18ndocs.project.settings import Settings, load_settings

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://example.org/tether/"
LANGUAGES = ("en", "es", "zh")
SPANISH_NAME = "Documentación de tether"
SPANISH_WORDS = {
    (None, "Switch to light mode"): "Cambiar al modo claro",
    (None, "Switch to dark mode"): "Cambiar al modo oscuro",
    (None, "Switch to system preference"): "Seguir la preferencia del sistema",
    ("llms.txt heading", "Pages"): "Páginas",
    ("llms.txt heading", "Other languages"): "Otros idiomas",
}
LINK = re.compile(r"^- \[(?P<text>(?:[^\]\\]|\\.)+)\]\((?P<url>[^)\s]+)\)$", re.MULTILINE)


def _po_entry(context: str | None, english: str, translated: str) -> str:
    context_line = f'msgctxt "{context}"\n' if context else ""
    return f'\n{context_line}msgid "{english}"\nmsgstr "{translated}"\n'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    """A copy of the sources where Spanish has its own site name and the new words."""
    copy = tmp_path_factory.mktemp("defaults") / "repo"
    copy.mkdir()
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    spanish = "      - {code: es, name: Español}\n"
    assert spanish in config
    named = f"      - {{code: es, name: Español, site_name: {SPANISH_NAME}}}\n"
    (copy / "mkdocs.yml").write_text(config.replace(spanish, named), "utf-8")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "docs", copy / "docs", ignore=ignore)
    shutil.copytree(ROOT / "docs_src", copy / "docs_src", ignore=ignore)
    for name in ("src", "scripts"):
        (copy / name).symlink_to(ROOT / name, target_is_directory=True)
    catalog = copy / "docs" / "es" / "catalogs" / "site.po"
    entries = "".join(_po_entry(*key, value) for key, value in SPANISH_WORDS.items())
    catalog.write_text(catalog.read_text("utf-8") + entries, "utf-8")
    result = build_site(copy, copy / "site", site_url=SITE_URL)
    assert result.ok, "\n".join(str(problem) for problem in result.problems)
    return result


def local_file(site: Path, url: str) -> Path | None:
    """The built file an absolute URL of the site names, or None."""
    assert url.startswith(SITE_URL), url
    path = site / unquote(urlsplit(url).path.removeprefix(urlsplit(SITE_URL).path))
    if url.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


def links(text: str) -> list[tuple[str, str]]:
    return [(match["text"], match["url"]) for match in LINK.finditer(text)]


def section(text: str, heading: str) -> str:
    """The lines of one ``##`` section of an ``llms.txt`` file."""
    parts = re.split(r"^## (.+)\n", text, flags=re.MULTILINE)
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    assert heading in sections, f"no section {heading!r} in:\n{text}"
    return sections[heading]


def palette(page: Element) -> list[dict[str, str]]:
    form = next(e for e in page.iter() if e.attrs.get("data-md-component") == "palette")
    return [
        {key: element.attrs.get(key, "") for key in ("data-md-color-media", "data-md-color-scheme")}
        | {"name": element.attrs.get("aria-label", "")}
        for element in form.find_all("input")
    ]


TOGGLES = ("Switch to light mode", "Switch to dark mode", "Switch to system preference")
SCHEMES = [
    ("(prefers-color-scheme)", "default"),
    ("(prefers-color-scheme: light)", "default"),
    ("(prefers-color-scheme: dark)", "slate"),
]


@pytest.mark.parametrize(
    ("code", "names"),
    [("en", list(TOGGLES)), ("es", [SPANISH_WORDS[None, english] for english in TOGGLES])],
)
def test_pages_offer_both_schemes_with_the_toggle_in_their_language(
    site: SiteResult, code: str, names: list[str]
) -> None:
    for page in ("index.html", "guide/testing/index.html"):
        path = site.site_dir / code / page
        assert palette(parse_file(path)) == [
            {"data-md-color-media": media, "data-md-color-scheme": scheme, "name": name}
            for (media, scheme), name in zip(SCHEMES, names, strict=True)
        ], path


@pytest.mark.parametrize(
    ("code", "name"), [("en", "tether"), ("es", SPANISH_NAME), ("zh", "tether")]
)
def test_each_language_shows_its_site_name(site: SiteResult, code: str, name: str) -> None:
    page = parse_file(site.site_dir / code / "guide/testing/index.html")
    title = page.find("title")
    assert title is not None
    assert title.text().endswith(f" - {name}")
    topic = page.find("div", "md-header__topic")
    assert topic is not None
    assert topic.text().strip() == name


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_an_llms_txt_linking_its_pages_and_the_others(
    site: SiteResult, code: str
) -> None:
    text = (site.site_dir / code / "llms.txt").read_text("utf-8")
    name = SPANISH_NAME if code == "es" else "tether"
    assert text.startswith(f"# {name}\n\n> ")
    settings = load_settings(site.site_dir.parent)
    language = language_overrides(settings, code, site.site_dir / code).overrides
    assert text.splitlines()[2] == f"> {language['site_description']}"
    assert (code == "en") == language["site_description"].startswith("A complete WebSocket")
    words = translator(settings.docs_root, code, settings.cache_dir)
    pages_heading = words.pgettext(LLMS_CONTEXT, LLMS_PAGES)
    others_heading = words.pgettext(LLMS_CONTEXT, LLMS_OTHER_LANGUAGES)
    if code == "es":  # the project's own catalog wins
        assert pages_heading == SPANISH_WORDS[LLMS_CONTEXT, "Pages"]
    if code == "en":
        assert (pages_heading, others_heading) == ("Pages", "Other languages")
    listed = links(section(text, pages_heading))
    built = {
        path.parent.relative_to(site.site_dir / code).as_posix()
        for path in (site.site_dir / code).rglob("index.html")
        if not path.is_relative_to(site.site_dir / code / "search")
    }
    assert len(listed) == len(built) >= 12
    for title, url in listed:
        target = local_file(site.site_dir, url)
        assert target is not None, url
        heading = parse_file(target).find("h1")
        assert heading is not None, url
        assert title.replace("\\", "") in heading.text(), (title, url)
    assert listed[0][1] == f"{SITE_URL}{code}/"  # the navigation's order: home first
    others = links(section(text, others_heading))
    assert [url for _, url in others] == [
        f"{SITE_URL}{other}/llms.txt" for other in LANGUAGES if other != code
    ]
    assert all(local_file(site.site_dir, url) for _, url in others)


def test_the_root_llms_txt_links_every_language(site: SiteResult) -> None:
    text = (site.site_dir / "llms.txt").read_text("utf-8")
    assert text.startswith("# tether\n\n> A complete WebSocket and HTTPConnection")
    assert links(section(text, "Languages")) == [
        ("English", f"{SITE_URL}en/llms.txt"),
        ("Español", f"{SITE_URL}es/llms.txt"),
        ("简体中文", f"{SITE_URL}zh/llms.txt"),
    ]
    assert all(local_file(site.site_dir, url) for _, url in links(text))
    assert looks_like_site(site.site_dir)  # the next build may replace it


def _with_theme(settings: Settings, theme: object) -> Settings:
    return dataclasses.replace(settings, config={**settings.config, "theme": theme})


def test_a_project_palette_or_theme_is_kept(tmp_path: Path) -> None:
    settings = load_settings(ROOT)
    own = [{"scheme": "slate", "primary": "teal"}]
    material = {"name": "material", "palette": own}
    kept = language_overrides(_with_theme(settings, material), "es", tmp_path).overrides
    assert kept["theme"]["palette"] == own
    plain = language_overrides(_with_theme(settings, "mkdocs"), "es", tmp_path).overrides
    assert "palette" not in plain["theme"]
    default = language_overrides(settings, "es", tmp_path).overrides
    assert [entry.get("scheme") for entry in default["theme"]["palette"]] == [
        None,
        "default",
        "slate",
    ]


def test_the_toggle_names_given_are_the_ones_shown(tmp_path: Path) -> None:
    names = ToggleNames("to light", "to dark", "to system")
    config = language_config(
        load_settings(ROOT),
        "zh",
        tmp_path,
        permalink_title="#",
        translate_description=str,
        toggle_names=names,
    )
    assert config.overrides["theme"]["palette"] == default_palette(names)
    assert [entry["toggle"]["name"] for entry in default_palette(names)] == [
        "to light",
        "to dark",
        "to system",
    ]
    assert "site_name" not in config.overrides  # zh gives none: mkdocs.yml's stays


@pytest.mark.parametrize("value", [3, "", "  ", ["a"], None])
def test_a_site_name_that_is_no_text_is_one_line_naming_the_key(value: object) -> None:
    entries = [{"code": "en", "name": "English", "source": True}, {"code": "es", "name": "Es"}]
    entries[1]["site_name"] = value
    with pytest.raises(DocsError) as raised:
        parse_languages({"extra": {"i18n": {"languages": entries}}}, "mkdocs.yml")
    message = str(raised.value)
    assert "\n" not in message
    assert "mkdocs.yml" in message
    assert "extra.i18n.languages[1].site_name: must be a non-empty string" in message


def test_a_site_name_is_read_per_language() -> None:
    entries = [
        {"code": "en", "name": "English", "source": True},
        {"code": "es", "name": "Español", "site_name": "Documentos"},
    ]
    languages = parse_languages({"extra": {"i18n": {"languages": entries}}}, "mkdocs.yml")
    assert [language.site_name for language in languages] == [None, "Documentos"]


def test_llms_txt_keeps_link_texts_and_skips_empty_sections() -> None:
    text = llms_txt(
        "A [site]",
        "One\nline.",
        [("Pages", [("list[int] \\ x", "a/")]), ("Empty", [])],
    )
    assert text == "# A [site]\n\n> One line.\n\n## Pages\n\n- [list\\[int\\] \\\\ x](a/)\n"
    assert links(text) == [("list\\[int\\] \\\\ x", "a/")]
    assert llms_txt("Site", None, []) == "# Site\n"
