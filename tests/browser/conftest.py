"""Fixtures for the browser tests: the real site, built and served on 127.0.0.1, and Chromium.

The server binds its port before the build, so the site is built with the URL it is served
from (Material's language selector maps pages through each language's sitemap, whose
addresses must match the server's).

The accessibility tests also get axe-core, installed once from the npm registry at a pinned
version into ``.cache/browser`` (shared by xdist workers under a file lock), and a second site
built from a copy of the sources where some translations are missing or outdated, so that
every kind of banner and an English fallback page can be checked.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_support import FALLBACK_PAGE, OUTDATED_PAGE, ServedSite, served

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


AXE_VERSION = "4.14.1"
"""The axe-core release the accessibility tests run; bump it on purpose, never implicitly."""
AXE_CACHE = ROOT / ".cache" / "browser"


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The real three-language site, served from a temporary folder."""
    with served(ROOT, tmp_path_factory.mktemp("browser") / "site") as site:
        yield site


@pytest.fixture(scope="session")
def site_url(served_site: ServedSite) -> str:
    """The root URL of the real three-language site."""
    return served_site.url


@pytest.fixture(scope="session")
def banner_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """A site built from a copy of the sources with a missing and an outdated translation.

    The docstring catalogs are removed too, so every docstring unit of the translated
    reference pages is shown in English, marked, and counted by a banner.
    """
    copy = tmp_path_factory.mktemp("banners") / "repo"
    copy.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "docs", copy / "docs", ignore=ignore)
    shutil.copytree(ROOT / "scripts", copy / "scripts", ignore=ignore)
    for name in ("src", "docs_src", "glossary"):
        if (ROOT / name).exists():
            (copy / name).symlink_to(ROOT / name, target_is_directory=True)
    for lang in ("es", "zh"):
        (copy / "docs" / lang / FALLBACK_PAGE).unlink()
        (copy / "docs" / lang / "catalogs" / "docstrings.po").unlink()
    english = copy / "docs" / "en" / OUTDATED_PAGE
    english.write_text(english.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    with served(copy, copy / "site") as site:
        yield site


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's browser script, installed from the npm registry at `AXE_VERSION` once."""
    folder = AXE_CACHE / f"axe-core-{AXE_VERSION}"
    package = folder / "node_modules" / "axe-core"
    AXE_CACHE.mkdir(parents=True, exist_ok=True)
    with (AXE_CACHE / "install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed(package):
            npm = shutil.which("npm")
            assert npm, "the accessibility tests install axe-core with npm (Node.js 20)"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            command = [npm, "install", "--prefix", str(folder), "--no-save", "--no-audit"]
            command += ["--no-fund", "--ignore-scripts", "--no-package-lock"]
            completed = subprocess.run(
                [*command, f"axe-core@{AXE_VERSION}"], capture_output=True, text=True, check=False
            )
            assert completed.returncode == 0, completed.stdout + completed.stderr
            assert _installed(package), f"npm did not install axe-core {AXE_VERSION}"
    return package / "axe.min.js"


def _installed(package: Path) -> bool:
    """Whether ``package`` holds the pinned axe-core with its browser script."""
    try:
        version = json.loads((package / "package.json").read_text("utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return False
    return bool(version == AXE_VERSION and (package / "axe.min.js").is_file())


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright.

    Module-scoped: Playwright's sync API keeps an asyncio loop running on the main thread
    while it is started, which would break every async test that runs after it.
    """
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "the browser tests need Debian's chromium at /usr/bin/chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
