"""Blocks rendered once for every language give the site of blocks rendered per language (issue 23).

Each fixture is built twice from copies of its own: with ``extra.i18n.shared_rendering``
(the default: each reference block rendered once, then filled in per language) and without
it (every language renders every block). The sites must hold the same files with the same
bytes. The fixtures cover Google, NumPy and Sphinx docstrings (``styles``, also with the
``list`` and ``spacy`` section styles), translated, outdated and untranslated units, and a
package of another shape (``chime``).

One file is compared apart: the source language's ``objects.inv``. Rendering per language,
the source language (the only one without the translation extension) parses docstrings later
than the others, and so leaves out the inherited members griffe registers as aliases while
parsing; shared, every language loads the docstrings alike. So the source language's inventory
must list exactly what every other language's lists.
"""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from sitefiles import contents

from i18ndocs.plugin.shared_blocks import Refused

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def build(project: Path, site: Path) -> None:
    """Build a project's whole site with ``docs.py build``, in a process of its own."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "docs.py"), "build", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def configure(project: Path, after: str, setting: str) -> None:
    """Add a line to a copy's ``mkdocs.yml`` below the first line ``after`` matches.

    Args:
        project: The copy.
        after: A pattern of a whole line, its indentation as the first group.
        setting: The line to add, indented from there.
    """
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    found = re.search(after, text, flags=re.MULTILINE)
    assert found, f"the fixture's mkdocs.yml has a line {after!r}"
    added = f"{found[1]}{setting}\n"
    config.write_text(text[: found.end()] + added + text[found.end() :], encoding="utf-8")


def unshared(project: Path) -> None:
    """Turn shared rendering off in a copy's ``mkdocs.yml``."""
    configure(project, r"^( *)i18n:\n", "  shared_rendering: false")


def inventory(path: Path) -> list[str]:
    """The entries of a Sphinx inventory (``objects.inv``), after its four header lines."""
    data = path.read_bytes()
    start = 0
    for _ in range(4):
        start = data.index(b"\n", start) + 1
    return zlib.decompress(data[start:]).decode().splitlines()


def section_style(project: Path, style: str) -> None:
    """Set mkdocstrings' ``docstring_section_style`` in a copy's ``mkdocs.yml``."""
    configure(project, r"^( *)docstring_style: .*\n", f"docstring_section_style: {style}")


@pytest.mark.parametrize(
    ("fixture", "style"),
    [("wee", None), ("styles", None), ("styles", "list"), ("styles", "spacy"), ("chime", None)],
)
def test_shared_blocks_give_the_same_site(fixture: str, style: str | None, tmp_path: Path) -> None:
    # The list and spacy section styles test and change the templates' words
    # (`lang.t(title) or ...`, `.upper()`): such blocks must render per language.
    shared, alone = tmp_path / "shared", tmp_path / "alone"
    shutil.copytree(FIXTURES / fixture, shared)
    shutil.copytree(FIXTURES / fixture, alone)
    if style is not None:
        section_style(shared, style)
        section_style(alone, style)
    unshared(alone)
    build(shared, tmp_path / "shared-site")
    build(alone, tmp_path / "alone-site")
    blocks = (shared / ".cache" / "docs" / "blocks").rglob("*")
    kept = [pickle.loads(path.read_bytes()) for path in blocks if path.is_file()]
    refused = [entry for entry in kept if isinstance(entry, Refused)]
    if style == "spacy":  # upper-cased words: rendered per language, the skeleton refused
        assert refused
    else:
        assert len(refused) < len(kept), "blocks were shared"
    assert not (alone / ".cache" / "docs" / "blocks").exists(), "blocks were not shared"

    mine, theirs = contents(tmp_path / "shared-site"), contents(tmp_path / "alone-site")
    source_inventory = "en/objects.inv"
    assert sorted(mine) == sorted(theirs)
    differing = [name for name in mine if mine[name] != theirs[name] and name != source_inventory]
    assert differing == []

    if source_inventory in mine:
        listed = inventory(tmp_path / "shared-site" / source_inventory)
        for other in sorted((tmp_path / "shared-site").glob("*/objects.inv")):
            assert inventory(other) == listed, other
