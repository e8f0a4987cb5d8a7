"""Adopting the pipeline for another package: configuration and Markdown only (issue 10's
acceptance). ``tests/fixtures/wee`` is a small third-party pure-Python package with an
``mkdocs.yml`` and pages in English, one Spanish translation and an empty Chinese folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from htmltree import parse_file

from i18ndocs.builder.site import SiteResult, build_site
from i18ndocs.project.settings import load_settings
from i18ndocs.status.model import PageState
from i18ndocs.status.report import collect_status

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "wee"


@pytest.fixture(scope="module")
def wee_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteResult]:
    project = tmp_path_factory.mktemp("adopt") / "wee"
    shutil.copytree(FIXTURE, project)
    result = build_site(project, project.parent / "site")
    assert result.ok, [str(problem) for problem in result.problems]
    return project, result


def banner_kinds(page: Path) -> set[str]:
    return {
        kind
        for element in parse_file(page).find_all("div", "admonition")
        for kind in ("untranslated", "outdated")
        if f"i18ndocs-{kind}" in element.classes
    }


def test_the_reference_is_rendered_in_every_language(wee_site: tuple[Path, SiteResult]) -> None:
    _, result = wee_site
    for code in ("en", "es", "zh"):
        page = parse_file(result.site_dir / code / "reference" / "queue" / "index.html")
        ids = {element.attrs.get("id") for element in page.find_all("h3")}
        assert "wee.queue.BoundedQueue" in ids, (code, ids)
        html = (result.site_dir / code / "reference" / "queue" / "index.html").read_text()
        assert "the queue holds" in html, "the source listing is shown"
        assert parse_file(result.site_dir / code / "index.html").find("html") is not None


def test_banners_follow_the_translation_state(wee_site: tuple[Path, SiteResult]) -> None:
    _, result = wee_site
    site = result.site_dir
    assert banner_kinds(site / "es" / "index.html") == set()
    assert banner_kinds(site / "es" / "reference" / "queue" / "index.html") == {"untranslated"}
    assert banner_kinds(site / "zh" / "index.html") == {"untranslated"}
    assert banner_kinds(site / "en" / "index.html") == set()


def test_status_and_language_selector(wee_site: tuple[Path, SiteResult]) -> None:
    project, result = wee_site
    settings = load_settings(project)
    report = collect_status(settings.docs_root, list(settings.languages))
    spanish = report.language("es")
    assert spanish.counts().of(PageState.TRANSLATED) == 1
    assert report.errors == ()
    for code in ("en", "es", "zh"):
        status = result.site_dir / code / "translating" / "progress" / "index.html"
        assert status.is_file(), code
        page = parse_file(result.site_dir / code / "index.html")
        links = {
            a.attrs["hreflang"]: a.attrs["href"] for a in page.find_all("a", "md-select__link")
        }
        expected = {
            other: "./" if other == code else f"../{other}/" for other in ("en", "es", "zh")
        }
        assert links == expected, links  # the same page, relative: right under /wee/ too
    root = (result.site_dir / "index.html").read_text("utf-8")
    assert "<title>wee</title>" in root
    assert "tether" not in root


def test_banners_and_status_link_the_configured_pages(
    wee_site: tuple[Path, SiteResult],
) -> None:
    """mkdocs.yml moves the guide and the status page; every link follows them."""
    _, result = wee_site
    for code in ("en", "es", "zh"):
        assert not (result.site_dir / code / "contributing").exists(), code
        status = result.site_dir / code / "translating" / "progress" / "index.html"
        for link in parse_file(status).find("article").find_all("a"):  # type: ignore[union-attr]
            href = link.attrs.get("href", "")
            if href.startswith(("#", "http")) or not href:
                continue
            target = (status.parent / href.split("#")[0]).resolve()
            assert (target / "index.html").is_file() or target.is_file(), (code, href)
    banner = parse_file(result.site_dir / "zh" / "index.html").find("div", "i18ndocs-banner")
    assert banner is not None
    hrefs = [link.attrs.get("href") for link in banner.find_all("a")]
    assert "translating/guide/" in hrefs, hrefs


def test_the_command_line_works_on_the_project_it_is_run_in(
    wee_site: tuple[Path, SiteResult], tmp_path: Path
) -> None:
    project, _ = wee_site
    docs = [sys.executable, str(ROOT / "scripts" / "docs.py")]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*docs, *args], cwd=project, capture_output=True, text=True, timeout=300, check=False
        )

    site = tmp_path / "site"
    built = run("build", "--strict", "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in site.iterdir()) == [
        "404.html",
        "en",
        "es",
        "index.html",
        "llms.txt",
        "sitemap.xml",
        "zh",
    ]
    status = run("status", "--check")
    assert status.returncode == 0, status.stdout + status.stderr
    assert "zh (简体中文)" in status.stdout
    assert "tether" not in run("--help").stdout
