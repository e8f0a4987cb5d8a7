"""Fixtures for the browser tests: the real site, built and served on 127.0.0.1, and Chromium.

The server binds its port before the build, so the site is built with the URL it is served
from (Material's language selector maps pages through each language's sitemap, whose
addresses must match the server's).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from tetherdocs.build import build_site  # noqa: E402
from tetherdocs.serve import SiteServer  # noqa: E402

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


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The root URL of the real three-language site, served from a temporary folder."""
    site_dir = tmp_path_factory.mktemp("browser") / "site"
    server = SiteServer(site_dir, "127.0.0.1", 0)
    try:
        result = build_site(ROOT, site_dir, site_url=server.url)
        assert result.ok, "\n".join(str(problem) for problem in result.problems)
        server.start()
        yield server.url
    finally:
        server.shutdown()
        server.server_close()


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
