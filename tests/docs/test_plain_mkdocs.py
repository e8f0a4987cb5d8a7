"""``mkdocs.yml`` alone is a complete English site: plain ``mkdocs build --strict`` works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]


def test_plain_mkdocs_strict_build_renders_the_httpconnection_reference(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    page = (site / "reference" / "connection" / "index.html").read_text("utf-8")
    assert 'id="tether.connection.HTTPConnection"' in page
    assert 'id="tether.connection.HTTPConnection.url_for"' in page
    # The griffe extension reaches plain builds too: a property's source and inferred types.
    url = page[page.index('id="tether.connection.HTTPConnection.url"') :]
    assert 'class="mkdocstrings-source"' in url[: url.index('class="doc doc-object ')]
    routing = (site / "reference" / "routing" / "index.html").read_text("utf-8")
    row = routing[routing.index('title="tether.routing.BaseRoute.template"') :]
    assert "PathTemplate" in row.split("</tr>")[0]  # the type of `PathTemplate(path)`
