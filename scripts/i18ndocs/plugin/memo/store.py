"""The memos' store, and the digests their keys are made of.

A `Store` keeps what one build remembered for the next: values a build uses survive into
the next one, the others are dropped, so the memory holds about one build's worth. The
digests (`file_digest`, `language_key`, `code_shape_key`, made with
`i18ndocs.project.cachefiles.digest`) name what a value was computed from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar

from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.pages.directives import code_locations
from i18ndocs.project.cachefiles import digest
from i18ndocs.project.claims import read_through
from i18ndocs.project.resources import pipeline_folder
from i18ndocs.project.settings import Settings
from i18ndocs.reference.shape import shape_digest

K = TypeVar("K")
V = TypeVar("V")


class Store(Generic[K, V]):
    """Remembered values: those a build used survive into the next, the others are dropped."""

    def __init__(self) -> None:
        self.previous: dict[K, V] = {}
        self.current: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        """Return a remembered value, keeping it for the next build.

        Args:
            key: What the value was computed from.

        Returns:
            The value, or None when it is not remembered.
        """
        if key in self.current:
            return self.current[key]
        value = self.previous.pop(key, None)
        if value is not None:
            self.current[key] = value
        return value

    def put(self, key: K, value: V) -> None:
        """Remember a value.

        Args:
            key: What the value was computed from.
            value: The value.
        """
        self.current[key] = value

    def next_build(self) -> None:
        """Start a build: what the last one did not use is dropped."""
        self.previous, self.current = self.current, {}


def files_under(folder: Path, patterns: Sequence[str]) -> list[Path]:
    """List the files under a folder (or the file itself) matching the patterns, sorted.

    Args:
        folder: A folder, or a file.
        patterns: Glob patterns of the names to list.

    Returns:
        The files.
    """
    if folder.is_file():
        return [folder]
    return sorted({path for pattern in patterns for path in folder.rglob(pattern)})


def code_files(settings: Settings) -> list[Path]:
    """List the documented code's files: in mkdocstrings' search paths, or the packages named.

    Args:
        settings: The project's settings.

    Returns:
        The ``.py`` and ``.pyi`` files.
    """
    paths: list[Path] = []
    for folder in [*settings.code_folders, *code_locations(settings)]:
        paths += files_under(folder, ("*.py", "*.pyi"))
    return paths


def text_digest(lines: Iterable[str]) -> str:
    """Hash a source file's lines as griffe reads them.

    Args:
        lines: The file's lines.

    Returns:
        The digest.
    """
    return digest(["\n".join(lines)])


def file_digest(path: Path) -> str:
    """Hash a source file's text as griffe reads it (`text_digest`).

    Args:
        path: The file.

    Returns:
        The digest; an empty string when the file cannot be read.
    """
    try:
        return text_digest(path.read_text(encoding="utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return ""


class FileDigests:
    """The digests of source files' texts as they are now, each file read once per build."""

    def __init__(self) -> None:
        self._now: dict[str, str] = {}

    def unchanged(self, files: Iterable[tuple[str, str]]) -> bool:
        """Tell whether source files still hold the text with these digests.

        Args:
            files: Paths, each with the digest of its text then (`file_digest`).

        Returns:
            Whether every file's text is unchanged.
        """
        return all(self.now(path) == then for path, then in files)

    def now(self, path: str) -> str:
        """Return the digest of a source file's text now (`file_digest`), read once a build.

        Args:
            path: The file.

        Returns:
            Its digest.
        """
        if path not in self._now:
            self._now[path] = file_digest(Path(path))
        return self._now[path]


def language_key(settings: Settings, code: str) -> str:
    """Hash what a language's reference blocks are rendered from, besides the code.

    Args:
        settings: The project's settings.
        code: The language being built.

    Returns:
        A digest of ``mkdocs.yml``, the language's (and the source language's) catalogs,
        and the pipeline's templates and shipped words.
    """
    paths = [settings.config_path]
    for lang in dict.fromkeys((code, settings.source.code)):
        paths += files_under(catalog_path(settings.docs_root, lang, "site").parent, ("*",))
    paths += files_under(pipeline_folder("templates"), ("*",))
    paths += files_under(pipeline_folder("locale"), ("*",))
    parts: list[str | bytes] = [code]
    for path in paths:
        if path.is_file():
            parts += [str(path), path.read_bytes()]
    return digest(parts)


def code_shape_key(settings: Settings) -> str:
    """Hash the shape of all the documented code (`i18ndocs.reference.shape`).

    Args:
        settings: The project's settings.

    Returns:
        A digest of every code file's path and shape: docstring edits leave it as it was.
        Each file's shape is kept in the cache folder for the file's bytes.
    """
    parts: list[str | bytes] = []
    for path in code_files(settings):
        shape = partial(shape_digest, path)
        parts += [str(path), read_through(path, settings.cache_dir / "parsed", "shape", shape)]
    return digest(parts)
