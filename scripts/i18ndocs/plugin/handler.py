"""What the plugin gives the template engines: caches shared across builds, the site's words.

Compiling Jinja templates is a large share of a small site's build, and formatting a long
signature runs a formatter process; both give the same result in every language.
Highlighted source listings are the same in every language too (`i18ndocs.reference.listings`).
Entries are kept under the cache folder, keyed by what they are computed from (a template's
path, checked against its source; a signature's text), so edits are always picked up.
"""

from __future__ import annotations

import gettext
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache

from i18ndocs.reference.listings import cached_listings
from i18ndocs.reference.signatures import cache_signature_formatting


def template_cache(cache_dir: Path) -> FileSystemBytecodeCache:
    """Return the bytecode cache of compiled templates.

    Args:
        cache_dir: The pipeline's cache folder.

    Returns:
        A cache under its ``templates`` folder.
    """
    folder = cache_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


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
    env.globals["i18ndocs_label"] = partial(words.pgettext, "object label")
    env.globals["i18ndocs_listing"] = cached_listings(
        env.filters, highlighting, cache_dir / "listings"
    )
    if signature_cache:
        cache_signature_formatting(cache_dir / "signatures")


def _translated_or_empty(words: gettext.NullTranslations, key: str) -> str:
    """Translate a label of mkdocstrings' templates, or return nothing without a translation."""
    text = words.gettext(key)
    return "" if text == key else text
