"""Fixtures for the docs tests: one real build of the site per session, and repo copies.

The session build is the expensive part (every language in its own process); tests that
change sources work on a temporary copy of ``mkdocs.yml``, ``docs/`` and ``scripts/``
whose ``src`` is a link to the real code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from i18ndocs.builder.site import SiteResult, build_site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    """The real site, every language, built once into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = build_site(ROOT, site_dir)
    failures = [str(problem) for problem in result.problems if problem.level == "error"]
    assert result.ok, "the site did not build:\n" + "\n".join(failures)
    return result


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the site's sources (examples included), ``src`` linked to the code."""
    copy = tmp_path / "repo"
    copy.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "docs", copy / "docs", ignore=ignore)
    shutil.copytree(ROOT / "scripts", copy / "scripts", ignore=ignore)
    shutil.copytree(ROOT / "docs_src", copy / "docs_src", ignore=ignore)
    (copy / "src").symlink_to(ROOT / "src", target_is_directory=True)
    return copy
