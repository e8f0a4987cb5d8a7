"""What the plugin gives the template engines: caches shared across builds, the site's words.

Compiling Jinja templates is a large share of a small site's build, and formatting a long
signature runs a formatter process; both give the same result in every language.
Highlighted source listings are the same in every language too (`i18ndocs.reference.listings`).
Entries are kept under the cache folder, keyed by what they are computed from (a template's
path, checked against its source; a signature's text), so edits are always picked up; languages
building at once compute each entry once between them (`i18ndocs.project.claims`).
"""

from __future__ import annotations

import gettext
import os
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader
from jinja2.bccache import Bucket

from i18ndocs.project.claims import computed_once
from i18ndocs.reference.listings import cached_listings
from i18ndocs.reference.signatures import cache_signature_formatting


class SharedBytecodeCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache on disk, each template compiled by one of the builds running at once.

    Jinja compiles a template it finds no bytecode for, then stores it: a cold build of three
    languages compiled every template three times. Here a miss compiles the template inside
    `computed_once`, so the other languages wait for the stored bytecode instead.
    """

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        """Load a template's bytecode, compiling and storing it first if no build has.

        Args:
            environment: The environment the template belongs to.
            name: The template's name.
            filename: The template's file, if it has one.
            source: The template's source.

        Returns:
            The bucket, with the template's code unless its stored bytecode is outdated
            (then Jinja compiles it and stores it again, as it always does).
        """
        bucket = super().get_bucket(environment, name, filename, source)
        if bucket.code is not None:
            return bucket
        entry = Path(self.directory) / (self.pattern % bucket.key)

        def compile_template() -> bytes:
            bucket.code = environment.compile(source, name, filename)
            return bucket.bytecode_to_string()

        data = computed_once(entry, compile_template)
        if bucket.code is None:
            bucket.bytecode_from_string(data)
        return bucket


class ThemeLoader(FileSystemLoader):
    """The theme's template loader, listing no hidden file or folder; loading is unchanged.

    MkDocs lists the theme's templates to copy its static files, and its own filter drops the
    hidden ones. Material keeps some 14,000 icons in a hidden folder (``.icons``): listing
    and filtering them took about 50 ms per language, for nothing.
    """

    def list_templates(self) -> list[str]:
        """List the templates of every search path, hidden files and folders left out.

        Returns:
            Their names (``/``-separated, relative to their search path), sorted.
        """
        found: set[str] = set()
        for top in self.searchpath:
            for folder, folders, files in os.walk(top, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                prefix = os.path.relpath(folder, top).replace(os.path.sep, "/")
                prefix = "" if prefix == "." else f"{prefix}/"
                found.update(f"{prefix}{name}" for name in files if not name.startswith("."))
        return sorted(found)


def theme_loader(env: Environment) -> None:
    """Give a theme's environment a `ThemeLoader` in place of its plain file loader.

    Args:
        env: An environment MkDocs' theme made.
    """
    loader = env.loader
    if type(loader) is FileSystemLoader:
        env.loader = ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)


def template_cache(cache_dir: Path) -> FileSystemBytecodeCache:
    """Return the bytecode cache of compiled templates.

    Args:
        cache_dir: The pipeline's cache folder.

    Returns:
        A cache under its ``templates`` folder.
    """
    folder = cache_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return SharedBytecodeCache(str(folder))


def equip_mkdocstrings(
    env: Environment,
    words: gettext.NullTranslations,
    highlighting: dict[str, Any],
    cache_dir: Path,
    *,
    signature_cache: bool,
) -> None:
    """Give mkdocstrings' Python handler the caches and the pipeline's template functions.

    Args:
        env: The handler's template environment.
        words: The site's words in the language being built.
        highlighting: The ``pymdownx.highlight`` and ``codehilite`` settings, by name.
        cache_dir: The pipeline's cache folder.
        signature_cache: Whether formatted signatures are cached (`i18ndocs.reference.signatures`).
    """
    env.bytecode_cache = template_cache(cache_dir)
    env.globals["i18ndocs_text"] = partial(_translated_or_empty, words)
    env.globals["i18ndocs_own_label"] = _own_label
    env.globals["i18ndocs_label"] = partial(words.pgettext, "object label")
    env.globals["i18ndocs_listing"] = cached_listings(
        env.filters, highlighting, cache_dir / "listings"
    )
    if signature_cache:
        cache_signature_formatting(cache_dir / "signatures")


OWN_LABELS = frozenset({"Bases:"})
"""The labels the pipeline's templates add to mkdocstrings-python's (no English there)."""


def _own_label(key: str) -> str:
    """Give one of the pipeline's own labels in English (its key); nothing for another key."""
    return key if key in OWN_LABELS else ""


def _translated_or_empty(words: gettext.NullTranslations, key: str) -> str:
    """Translate a label of mkdocstrings' templates, or return nothing without a translation."""
    text = words.gettext(key)
    return "" if text == key else text
