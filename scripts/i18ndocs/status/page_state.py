"""The state of a translated page: the fingerprint of the English text it was translated from.

English (``docs/en``) is the source. A page of another language lives at the same
relative path under ``docs/<code>`` and records, in its YAML front matter, the
fingerprint of the English text it was translated from::

    ---
    source_hash: 1a2b3c4d5e6f
    ---

The fingerprint is the start of the SHA-256 of the English page's body: front
matter removed, line endings unified, trailing whitespace and surrounding blank
lines dropped, so cosmetic edits do not flag a translation. A page's state is:

* ``TRANSLATED``: the recorded fingerprint matches the current English text;
* ``OUTDATED``: it does not match, or the page records no valid fingerprint
  (nothing proves it describes the current English text);
* ``MISSING``: the language has no file at that path yet.

`stamp` (``docs.py mark-updated``) records the current fingerprint in a translation, and keeps
the English text itself as a snapshot (`i18ndocs.status.snapshots`), so that `page_change` can
later show what changed in the English.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import yaml  # type: ignore[import-untyped, unused-ignore]

from i18ndocs.pages.frontmatter import (
    CLOSING,
    OPENING,
    FrontMatter,
    FrontMatterError,
    is_blank,
    read_front_matter,
    read_page,
)
from i18ndocs.status.model import SOURCE_LANGUAGE, Change, PageState
from i18ndocs.status.snapshots import snapshot_path, write_snapshot

FINGERPRINT_KEY = "source_hash"
"""The front matter key holding the fingerprint of the English source."""


FINGERPRINT_LENGTH = 12
"""How many hexadecimal digits `mark-updated` records."""


_MAX_FINGERPRINT_LENGTH = 64


_HEX_DIGITS = frozenset("0123456789abcdef")


_KEY_LINE = re.compile(rf"^{FINGERPRINT_KEY}[ \t]*:[^\r\n]*", re.MULTILINE)


class FingerprintError(ValueError):
    """A recorded fingerprint is not 12 to 64 lowercase hexadecimal digits in a string.

    Args:
        message: What is wrong.
        line: The 1-based line of the file holding the fingerprint.
    """

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class StampError(ValueError):
    """A translated page cannot be marked as up to date."""


TRANSLATED_KEYS = ("title", "description")
"""The front matter keys a translation translates: changing one outdates translations."""


def normalized_body(text: str) -> str:
    """Return the part of a page that its fingerprint covers.

    Args:
        text: The page's content.

    Returns:
        The body without front matter, with ``\\n`` line endings, no trailing
        whitespace on any line and no blank lines at either end; preceded, when the
        front matter has a ``title`` or ``description``, by one line for each (those are
        shown on the site and translated too).
    """
    try:
        front_matter = read_front_matter(text)
        body, data = front_matter.body, front_matter.data
    except FrontMatterError:
        body, data = text, {}
    lines = [line.rstrip() for line in body.lstrip("\ufeff").splitlines()]
    normalized = "\n".join(lines).strip("\n") + "\n"
    shown = [f"{key}: {data[key]}" for key in TRANSLATED_KEYS if data.get(key) is not None]
    if shown:
        normalized = "\0".join(shown) + "\0\n" + normalized
    return normalized


def fingerprint(text: str) -> str:
    """Return the full fingerprint of an English page's text.

    Args:
        text: The English page's content.

    Returns:
        The 64 hexadecimal digits of the SHA-256 of its normalized body. A
        recorded fingerprint matches when it is a prefix of this value.
    """
    return hashlib.sha256(normalized_body(text).encode("utf-8")).hexdigest()


def recorded_fingerprint(front_matter: FrontMatter) -> str | None:
    """Return the fingerprint a translated page records, if any.

    Args:
        front_matter: The translated page's front matter.

    Returns:
        The recorded fingerprint, or None when the page records none.

    Raises:
        FingerprintError: The value is not 12 to 64 lowercase hexadecimal digits in a string.
    """
    if FINGERPRINT_KEY not in front_matter.data:
        return None
    value = front_matter.data[FINGERPRINT_KEY]
    line = front_matter.key_lines.get(FINGERPRINT_KEY, 1)
    if not isinstance(value, str):
        raise FingerprintError(
            f"{FINGERPRINT_KEY} must be a string of hexadecimal digits, "
            f"not {type(value).__name__} (quote it)",
            line,
        )
    if not set(value) <= _HEX_DIGITS:
        raise FingerprintError(
            f"{FINGERPRINT_KEY} {value!r} is not lowercase hexadecimal digits", line
        )
    if not FINGERPRINT_LENGTH <= len(value) <= _MAX_FINGERPRINT_LENGTH:
        raise FingerprintError(
            f"{FINGERPRINT_KEY} {value!r} has {len(value)} digits, expected "
            f"{FINGERPRINT_LENGTH} to {_MAX_FINGERPRINT_LENGTH}",
            line,
        )
    return value


def page_state(
    docs_root: Path, lang: str, rel_path: str, *, source: str = SOURCE_LANGUAGE
) -> PageState:
    """Return the translation state of one page in one language.

    A translation whose front matter or fingerprint is malformed, or that is not
    UTF-8, counts as outdated; ``docs.py status --check`` reports the mistake. A
    page without an English source counts as translated, since there is nothing
    to be behind of: this covers generated pages, and orphan translations that
    ``--check`` reports.

    Args:
        docs_root: The ``docs`` directory holding one directory per language.
        lang: The language code.
        rel_path: The page's path relative to the language directory, with ``/``.
        source: The source language code.

    Returns:
        ``TRANSLATED`` for the source language and for up-to-date translations,
        ``OUTDATED`` or ``MISSING`` otherwise.

    Raises:
        UnicodeDecodeError: The English page is not UTF-8.
    """
    if lang == source:
        return PageState.TRANSLATED
    english = docs_root / source / rel_path
    if not english.is_file():
        return PageState.TRANSLATED
    translation = docs_root / lang / rel_path
    if not translation.is_file():
        return PageState.MISSING
    try:
        if is_blank(read_page(translation)):
            return PageState.MISSING
        recorded = recorded_fingerprint(read_front_matter(read_page(translation)))
    except (FrontMatterError, FingerprintError, UnicodeDecodeError):
        return PageState.OUTDATED
    if recorded is not None and fingerprint(read_page(english)).startswith(recorded):
        return PageState.TRANSLATED
    return PageState.OUTDATED


def project_relative(path: Path, docs_root: Path) -> str:
    """Name a file of the language folders the way reports show it (``docs/es/index.md``).

    Args:
        path: A file under ``docs_root``.
        docs_root: The folder holding one folder per language.

    Returns:
        Its path relative to the folder holding ``docs_root``, with ``/``.
    """
    return path.relative_to(docs_root.parent).as_posix()


def _yaml_scalar(value: str) -> str:
    return value if yaml.safe_load(value) == value else f'"{value}"'


def stamp(docs_root: Path, lang: str, rel_path: str, *, source: str = SOURCE_LANGUAGE) -> bool:
    """Record the current English fingerprint in a translated page, and keep that English.

    Only the ``source_hash`` line changes (or is added); every other byte of the
    file is kept, line endings included. A page that already records a matching
    fingerprint is left alone. Either way the English text is kept as the snapshot of the
    fingerprint the page records (`i18ndocs.status.snapshots`), if it is not kept already.

    Args:
        docs_root: The ``docs`` directory holding one directory per language.
        lang: The translated page's language code.
        rel_path: The page's path relative to the language directory, with ``/``.
        source: The source language code.

    Returns:
        True if the file changed, False if it was already up to date.

    Raises:
        StampError: The page is a source page, it or its English source does not
            exist, or its front matter cannot be edited safely.
    """
    path = docs_root / lang / rel_path
    english = docs_root / source / rel_path
    shown = project_relative(path, docs_root)
    if lang == source:
        raise StampError(f"{shown} is a source page; only translations record a fingerprint")
    if not path.is_file():
        raise StampError(f"{shown} does not exist")
    if not english.is_file():
        raise StampError(f"{shown} has no English source {project_relative(english, docs_root)}")
    text = read_page(english)
    if page_state(docs_root, lang, rel_path, source=source) is PageState.TRANSLATED:
        recorded = recorded_fingerprint(read_front_matter(read_page(path)))
        write_snapshot(snapshot_path(docs_root, source, recorded or ""), text)
        return False
    value = fingerprint(text)[:FINGERPRINT_LENGTH]
    try:
        original = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise StampError(f"{shown} is not valid UTF-8 at byte {error.start}") from None
    path.write_bytes(_with_fingerprint(original, value, shown).encode("utf-8"))
    write_snapshot(snapshot_path(docs_root, source, value), text)
    return True


def diff_text(text: str) -> str:
    """Return what a diff of an English page compares: its fingerprinted text, readable.

    Args:
        text: The English page's content.

    Returns:
        `normalized_body`, its translated front matter keys on lines of their own.
    """
    return normalized_body(text).replace("\0\n", "\n\n").replace("\0", "\n")


def page_change(
    docs_root: Path, lang: str, rel_path: str, *, source: str = SOURCE_LANGUAGE
) -> Change:
    """Return how the English of a translated page changed since it was translated.

    Args:
        docs_root: The ``docs`` directory holding one directory per language.
        lang: The translated page's language code.
        rel_path: The page's path relative to the language directory, with ``/``.
        source: The source language code.

    Returns:
        The English the page was translated from (None when the page records no valid
        fingerprint, or no snapshot of its English was kept) and the English now.

    Raises:
        UnicodeDecodeError: The English page is not UTF-8.
    """
    new = read_page(docs_root / source / rel_path)
    try:
        recorded = recorded_fingerprint(read_front_matter(read_page(docs_root / lang / rel_path)))
    except (FrontMatterError, FingerprintError, UnicodeDecodeError, OSError):
        recorded = None
    if recorded is None:
        return Change(None, diff_text(new))
    kept = snapshot_path(docs_root, source, recorded)
    try:
        old: str | None = read_page(kept)
    except (OSError, UnicodeDecodeError):
        old = None
    if old is not None and not fingerprint(old).startswith(recorded):
        old = None  # not the text the page was translated from: edited by hand
    return Change(None if old is None else diff_text(old), diff_text(new), recorded)


def recorded_fingerprints(docs_root: Path, source: str, codes: Sequence[str]) -> set[str]:
    """Collect the fingerprints the translations of some languages record.

    Args:
        docs_root: The ``docs`` directory holding one directory per language.
        source: The source language code.
        codes: The translated languages.

    Returns:
        Every valid fingerprint found; malformed pages are left out.
    """
    found = set()
    for code, rel_path in translated_pages(docs_root, source, codes):
        try:
            recorded = recorded_fingerprint(
                read_front_matter(read_page(docs_root / code / rel_path))
            )
        except (FrontMatterError, FingerprintError, UnicodeDecodeError):
            continue
        if recorded is not None:
            found.add(recorded)
    return found


def _with_fingerprint(text: str, value: str, shown: str) -> str:
    newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    line = f"{FINGERPRINT_KEY}: {_yaml_scalar(value)}"
    opening = OPENING.match(text)
    if opening is None:
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        updated = f"{bom}---{newline}{line}{newline}---{newline}{newline}{text[len(bom) :]}"
    else:
        closing = CLOSING.search(text, opening.end())
        if closing is None:
            raise StampError(f"{shown}:1: front matter is never closed by '---'")
        existing = _KEY_LINE.search(text, opening.end(), closing.start())
        if existing is None:
            updated = f"{text[: closing.start()]}{line}{newline}{text[closing.start() :]}"
        else:
            updated = f"{text[: existing.start()]}{line}{text[existing.end() :]}"
    try:
        front_matter = read_front_matter(updated.lstrip("\ufeff").replace("\r\n", "\n"))
        recorded = recorded_fingerprint(front_matter)
    except (FrontMatterError, FingerprintError) as error:
        raise StampError(f"{shown}:{error.line}: {error.message}") from None
    if recorded != value:
        raise StampError(f"{shown}: {FINGERPRINT_KEY} spans several lines; put it on one line")
    return updated


def translated_pages(docs_root: Path, source: str, codes: Sequence[str]) -> list[tuple[str, str]]:
    """List the translations that have an English page, language by language.

    Args:
        docs_root: The ``docs`` directory holding one directory per language.
        source: The source language code.
        codes: The translated languages to list.

    Returns:
        (language, page) pairs, the page relative to its language folder, with ``/``.
    """
    pages: list[tuple[str, str]] = []
    for code in codes:
        directory = docs_root / code
        for path in sorted(directory.rglob("*.md")) if directory.is_dir() else []:
            rel_path = path.relative_to(directory).as_posix()
            if (docs_root / source / rel_path).is_file():
                pages.append((code, rel_path))
    return pages
