"""The site as it is hosted, built for a sub-path URL: alternates, sitemaps, 404, links.

One real build of every language for ``https://example.org/tether/``; then every page's
``hreflang`` alternates, every sitemap entry's ``xhtml:link`` alternates, the root
``404.html``, and every link and resource of every HTML file are checked against the files.
"""

from __future__ import annotations

import gzip
import posixpath
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from htmltree import Element, parse_file

from i18ndocs.builder.site import SiteResult, build_site

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://example.org/tether/"
LANGUAGES = ("en", "es", "zh")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    """The real site, every language, built for a sub-path of another host."""
    site_dir = tmp_path_factory.mktemp("hosted") / "site"
    result = build_site(ROOT, site_dir, site_url=SITE_URL)
    assert result.ok, "\n".join(str(problem) for problem in result.problems)
    return result


def pages(site: Path, code: str) -> Iterator[tuple[str, Path]]:
    """Every page of a language with its URL relative to the language (``guide/testing/``)."""
    for path in sorted((site / code).rglob("index.html")):
        relative = path.parent.relative_to(site / code).as_posix()
        yield ("" if relative == "." else relative + "/"), path


def head_alternates(page: Element) -> list[tuple[str, str]]:
    head = page.find("head")
    assert head is not None
    return [
        (link.attrs["hreflang"], link.attrs["href"])
        for link in head.find_all("link")
        if link.attrs.get("rel") == "alternate" and "hreflang" in link.attrs
    ]


def expected_alternates(url: str) -> list[tuple[str, str]]:
    links = [(code, f"{SITE_URL}{code}/{url}") for code in LANGUAGES]
    return [*links, ("x-default", f"{SITE_URL}en/{url}")]


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_page_links_itself_in_every_language(hosted: SiteResult, code: str) -> None:
    checked = 0
    for url, path in pages(hosted.site_dir, code):
        if url.startswith("search/"):
            continue
        assert head_alternates(parse_file(path)) == expected_alternates(url), path
        for _, href in expected_alternates(url):
            assert local_target(hosted.site_dir, href) is not None, f"{path}: {href}"
        checked += 1
    assert checked >= 12


@pytest.mark.parametrize("code", LANGUAGES)
def test_sitemaps_list_every_language_of_every_page(hosted: SiteResult, code: str) -> None:
    path = hosted.site_dir / code / "sitemap.xml"
    root = ElementTree.parse(path).getroot()
    entries = root.findall(f"{SITEMAP}url")
    assert len(entries) >= 12
    for entry in entries:
        loc = entry.findtext(f"{SITEMAP}loc") or ""
        assert loc.startswith(f"{SITE_URL}{code}/"), loc
        links = [
            (link.attrib["hreflang"], link.attrib["href"])
            for link in entry.findall(f"{XHTML}link")
            if link.attrib.get("rel") == "alternate"
        ]
        assert links == expected_alternates(loc.removeprefix(f"{SITE_URL}{code}/")), loc
    packed = gzip.decompress((path.with_name("sitemap.xml.gz")).read_bytes())
    assert packed == path.read_bytes()


def test_the_root_has_a_sitemap_index_and_a_404_page(hosted: SiteResult) -> None:
    index = ElementTree.parse(hosted.site_dir / "sitemap.xml").getroot()
    locs = [item.findtext(f"{SITEMAP}loc") for item in index.findall(f"{SITEMAP}sitemap")]
    assert locs == [f"{SITE_URL}{code}/sitemap.xml" for code in LANGUAGES]
    page = parse_file(hosted.site_dir / "404.html")
    stylesheets = [link.attrs["href"] for link in page.find_all("link") if "href" in link.attrs]
    assert any(href.startswith("/tether/en/assets/") for href in stylesheets), stylesheets
    assert (hosted.site_dir / "404.html").read_bytes() == (
        hosted.site_dir / "en" / "404.html"
    ).read_bytes()


def local_target(site: Path, reference: str, page_dir: str = "") -> Path | None:
    """The file a link of the site leads to, or None when none does.

    ``page_dir`` is the folder of the page holding the link, relative to the site root;
    absolute paths and URLs must lie under the site URL.
    """
    parts = urlsplit(reference)
    site_path = urlsplit(SITE_URL).path
    if parts.scheme or parts.netloc:
        if not reference.startswith(SITE_URL):
            return site  # another site: not this checker's business
        path = parts.path[len(site_path) :]
    elif parts.path.startswith("/"):
        if not parts.path.startswith(site_path):
            return None  # outside the site's sub-path: broken once hosted
        path = parts.path[len(site_path) :]
    else:
        path = posixpath.normpath(posixpath.join(page_dir, parts.path)) if parts.path else page_dir
        if path.startswith(".."):
            return None
        if parts.path.endswith("/") or not parts.path:
            path += "/"
    target = site / unquote(path)
    if path.endswith("/") or path in {"", "."}:
        target = target / "index.html"
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


def test_no_link_of_the_site_is_broken(hosted: SiteResult) -> None:
    site = hosted.site_dir
    broken = []
    checked = 0
    for path in sorted(site.rglob("*.html")):
        page_dir = path.parent.relative_to(site).as_posix()
        page_dir = "" if page_dir == "." else page_dir
        for element in parse_file(path).iter():
            attribute = LINK_ATTRIBUTES.get(element.tag)
            reference = element.attrs.get(attribute or "")
            if not reference or reference.startswith(("#", "mailto:", "javascript:", "data:")):
                continue
            checked += 1
            if local_target(site, reference, page_dir) is None:
                broken.append(f"{path.relative_to(site)}: {element.tag} {reference}")
    assert checked > 1000
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])
