"""Snapshots of the English that translated pages were made from, committed with the docs.

A translated page records only a fingerprint of its English source (`i18ndocs.status.page_state`):
enough to tell that the English changed, not what changed. So when ``mark-updated`` records a
fingerprint it also keeps the English text itself, as ``<fingerprint>.txt`` in the
``snapshots`` folder next to the source language's catalog templates
(``docs/en/catalogs/snapshots/``). There:

* it is part of the repository, so a fresh clone shows the diff with no local cache;
* the English is the same for every language, so one file serves every translation made from
  it, and each distinct English text is stored once;
* the catalog folder is the pipeline's own: it is never published, never counted as pages,
  and translators already find the English templates (``.pot``) there.

Snapshots that no translation refers to any more are removed (`prune_snapshots`), so the folder
holds at most one text per translated page and language, usually fewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.project.cachefiles import write_atomically

SNAPSHOT_FOLDER = "snapshots"
"""The folder of snapshots, inside the source language's catalog folder."""

_NAME = re.compile(r"[0-9a-f]{12,64}\.txt")


def snapshot_folder(docs_root: Path, source: str) -> Path:
    """Return the folder holding the snapshots of the English texts.

    Args:
        docs_root: The folder holding one folder per language.
        source: The source language code.

    Returns:
        ``<docs_root>/<source>/catalogs/snapshots``.
    """
    return catalog_path(docs_root, source, "site").parent / SNAPSHOT_FOLDER


def snapshot_path(docs_root: Path, source: str, key: str) -> Path:
    """Return where the snapshot of the English text with a given fingerprint is kept.

    Args:
        docs_root: The folder holding one folder per language.
        source: The source language code.
        key: The fingerprint, as translations record it.

    Returns:
        The snapshot's file (which may not exist).
    """
    return snapshot_folder(docs_root, source) / f"{key}.txt"


def write_snapshot(path: Path, text: str) -> bool:
    """Keep an English text as a snapshot, unless the same text is already kept.

    Args:
        path: The snapshot's file, from `snapshot_path`.
        text: The English page's text.

    Returns:
        True when the file was written.
    """
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
    return True


def prune_snapshots(docs_root: Path, source: str, kept: Iterable[str]) -> list[Path]:
    """Remove the snapshots that no translation refers to.

    Only files named like snapshots (a fingerprint and ``.txt``) are considered.

    Args:
        docs_root: The folder holding one folder per language.
        source: The source language code.
        kept: The fingerprints translations record.

    Returns:
        The files removed.
    """
    folder = snapshot_folder(docs_root, source)
    wanted = {f"{key}.txt" for key in kept}
    removed = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_file() and _NAME.fullmatch(path.name) and path.name not in wanted:
            path.unlink()
            removed.append(path)
    return removed
