"""The translation status model: one source of truth for every language's progress.

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

Missing and outdated pages are work in progress. Structural errors are mistakes
in the tree itself: a translation without an English source (an orphan), a
malformed fingerprint or front matter, a directory for an undeclared language.

Every state is computed for a *unit*: a page, or a catalog unit (a docstring unit or a
word the site shows, `i18ndocs.status.units`), whose fuzzy translation counts as outdated.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import yaml  # type: ignore[import-untyped, unused-ignore]

if TYPE_CHECKING:
    from i18ndocs.status.units import SourceUnit

FINGERPRINT_KEY = "source_hash"
"""The front matter key holding the fingerprint of the English source."""

FINGERPRINT_LENGTH = 12
"""How many hexadecimal digits `mark-updated` records."""

SOURCE_LANGUAGE = "en"
"""The code of the source language, whose directory every other one mirrors."""

_MAX_FINGERPRINT_LENGTH = 64
_HEX_DIGITS = frozenset("0123456789abcdef")
_OPENING = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_KEY_LINE = re.compile(rf"^{FINGERPRINT_KEY}[ \t]*:[^\r\n]*", re.MULTILINE)


class PageState(str, enum.Enum):
    """The translation state of one unit (a page) in one language."""

    TRANSLATED = "translated"
    OUTDATED = "outdated"
    MISSING = "missing"


class UnitKind(str, enum.Enum):
    """What a status unit is: a page, a docstring unit, or a word the site shows."""

    PAGE = "page"
    DOCSTRING = "docstring"
    SITE_TEXT = "site-text"


class ErrorKind(str, enum.Enum):
    """The kinds of structural error that ``docs.py status --check`` rejects."""

    ORPHAN = "orphan"
    MALFORMED_FINGERPRINT = "malformed-fingerprint"
    MALFORMED_FRONT_MATTER = "malformed-front-matter"
    UNDECLARED_LANGUAGE = "undeclared-language"
    MISSING_LANGUAGE = "missing-language"
    OUTSIDE = "outside-project"
    CATALOG = "catalog"


class FrontMatterError(ValueError):
    """A Markdown file's front matter cannot be read.

    Args:
        message: What is wrong.
        line: The 1-based line of the file where the problem is.
    """

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


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


class UnknownLanguageError(KeyError):
    """A language code that the status report does not cover was asked for."""

    def __str__(self) -> str:
        """Return the message itself, without the quotes `KeyError` adds."""
        return str(self.args[0]) if self.args else "unknown language"


class DeclaredLanguage(Protocol):
    """A language as declared in ``mkdocs.yml`` (see `i18ndocs.project.languages`)."""

    @property
    def code(self) -> str:
        """The language code, also the name of its directory under ``docs/``."""

    @property
    def name(self) -> str:
        """The language's own name for itself."""

    @property
    def source(self) -> bool:
        """Whether this is the source language."""


@dataclass(frozen=True)
class FrontMatter:
    """The front matter of a Markdown file, split from its body.

    Attributes:
        data: The parsed YAML mapping; empty when the file has no front matter.
        body: The text after the front matter.
        key_lines: The 1-based file line of each top-level key found in the block.
    """

    data: dict[str, object]
    body: str
    key_lines: dict[str, int]


@dataclass(frozen=True)
class UnitStatus:
    """The state of one unit in one language.

    Attributes:
        kind: What the unit is.
        key: The unit's identity; for a page, its path relative to the language directory.
        state: Its translation state.
        pages: For a docstring unit, the pages that render it.
    """

    kind: UnitKind
    key: str
    state: PageState
    pages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Counts:
    """How many units of one kind are in each state.

    Attributes:
        translated: Units whose translation matches the English source.
        outdated: Units whose translation describes an older English text.
        missing: Units without any translation.
    """

    translated: int
    outdated: int
    missing: int

    @property
    def total(self) -> int:
        """The number of units, whatever their state."""
        return self.translated + self.outdated + self.missing

    def of(self, state: PageState) -> int:
        """Return the count of one state.

        Args:
            state: The state to count.

        Returns:
            The number of units in that state.
        """
        return {
            PageState.TRANSLATED: self.translated,
            PageState.OUTDATED: self.outdated,
            PageState.MISSING: self.missing,
        }[state]

    def percent(self, state: PageState) -> float:
        """Return the share of one state, rounded to one decimal.

        Args:
            state: The state to measure.

        Returns:
            The percentage of units in that state; 0.0 when there are no units.
        """
        if self.total == 0:
            return 0.0
        return round(100 * self.of(state) / self.total, 1)

    def to_dict(self) -> dict[str, object]:
        """Return the counts and percentages as JSON-serialisable data.

        Returns:
            A mapping with ``total``, one count per state and ``percent`` per state.
        """
        return {
            "total": self.total,
            **{state.value: self.of(state) for state in PageState},
            "percent": {state.value: self.percent(state) for state in PageState},
        }


@dataclass(frozen=True)
class LanguageStatus:
    """The status of every unit in one translated language.

    Attributes:
        code: The language code.
        name: The language's own name for itself.
        units: One entry per English unit, in a stable order.
    """

    code: str
    name: str
    units: tuple[UnitStatus, ...]

    def counts(self, kind: UnitKind = UnitKind.PAGE) -> Counts:
        """Count the units of one kind per state.

        Args:
            kind: Which units to count.

        Returns:
            The counts of translated, outdated and missing units.
        """
        states = [unit.state for unit in self.units if unit.kind is kind]
        return Counts(
            translated=states.count(PageState.TRANSLATED),
            outdated=states.count(PageState.OUTDATED),
            missing=states.count(PageState.MISSING),
        )

    def needing_work(self, kind: UnitKind = UnitKind.PAGE) -> tuple[UnitStatus, ...]:
        """List the units of one kind that are missing or outdated.

        Args:
            kind: Which units to list.

        Returns:
            The units not in the ``TRANSLATED`` state, in report order.
        """
        return tuple(
            unit
            for unit in self.units
            if unit.kind is kind and unit.state is not PageState.TRANSLATED
        )

    def page_unit_counts(self) -> dict[str, Counts]:
        """Count the docstring units of each page that renders some, per state.

        Returns:
            The counts by page path, in page order.
        """
        states: dict[str, list[PageState]] = {}
        for unit in self.units:
            if unit.kind is UnitKind.DOCSTRING:
                for page in unit.pages:
                    states.setdefault(page, []).append(unit.state)
        return {
            page: Counts(
                translated=found.count(PageState.TRANSLATED),
                outdated=found.count(PageState.OUTDATED),
                missing=found.count(PageState.MISSING),
            )
            for page, found in sorted(states.items())
        }

    def to_dict(self) -> dict[str, object]:
        """Return this language's status as JSON-serialisable data.

        Returns:
            A mapping with ``code``, ``name``, a ``summary`` per unit kind and every unit.
        """
        kinds = sorted({unit.kind for unit in self.units}, key=lambda kind: kind.value)
        return {
            "code": self.code,
            "name": self.name,
            "summary": {kind.value: self.counts(kind).to_dict() for kind in kinds},
            "pages": {page: c.to_dict() for page, c in self.page_unit_counts().items()},
            "units": [
                {"kind": unit.kind.value, "key": unit.key, "state": unit.state.value}
                | ({"pages": list(unit.pages)} if unit.pages else {})
                for unit in self.units
            ],
        }


@dataclass(frozen=True)
class StructuralError:
    """A mistake in the docs tree that ``docs.py status --check`` rejects.

    Attributes:
        kind: The kind of mistake.
        path: The offending file or directory, relative to the project root.
        line: The 1-based line in that file, or None for a directory.
        message: What is wrong, in one sentence.
    """

    kind: ErrorKind
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        """Format the error as ``path:line: message``."""
        location = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{location}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """Return the error as JSON-serialisable data.

        Returns:
            A mapping with ``kind``, ``path``, ``line`` and ``message``.
        """
        return {
            "kind": self.kind.value,
            "path": self.path,
            "line": self.line,
            "message": self.message,
        }


@dataclass(frozen=True)
class StatusReport:
    """The translation status of the whole documentation.

    Attributes:
        source: The source language code.
        languages: One status per translated language, in declaration order.
        errors: Every structural error found, sorted by path and line.
    """

    source: str
    languages: tuple[LanguageStatus, ...]
    errors: tuple[StructuralError, ...]

    def language(self, code: str) -> LanguageStatus:
        """Return the status of one translated language.

        Args:
            code: The language code.

        Returns:
            That language's status.

        Raises:
            UnknownLanguageError: The code is not a declared translated language.
        """
        for status in self.languages:
            if status.code == code:
                return status
        known = ", ".join(status.code for status in self.languages)
        raise UnknownLanguageError(
            f"{code!r} is not a declared translated language (declared: {known})"
        )

    def to_dict(self) -> dict[str, object]:
        """Return the whole report as JSON-serialisable data.

        Returns:
            A mapping with ``source``, ``languages`` and ``errors``.
        """
        return {
            "source": self.source,
            "languages": [status.to_dict() for status in self.languages],
            "errors": [error.to_dict() for error in self.errors],
        }


def read_front_matter(text: str) -> FrontMatter:
    """Split a Markdown text into its YAML front matter and its body.

    The front matter is a block opened by a ``---`` first line and closed by a
    ``---`` or ``...`` line, as MkDocs reads it.

    Args:
        text: The file's content.

    Returns:
        The parsed front matter and the body.

    Raises:
        FrontMatterError: The block is never closed, is not valid YAML, or is not a mapping.
    """
    opening = _OPENING.match(text)
    if opening is None:
        return FrontMatter(data={}, body=text, key_lines={})
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise FrontMatterError("front matter opened on line 1 is never closed by '---'", 1)
    block = text[opening.end() : closing.start()]
    body_start = text.find("\n", closing.end())
    body = "" if body_start == -1 else text[body_start + 1 :]
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = 1 if mark is None else mark.line + 2
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of keys to values", 1)
    key_lines: dict[str, int] = {}
    for number, line_text in enumerate(block.splitlines(), start=2):
        key, colon, _ = line_text.partition(":")
        if colon and key and not key[0].isspace() and key.strip() not in key_lines:
            key_lines[key.strip()] = number
    return FrontMatter(
        data={str(key): value for key, value in data.items()}, body=body, key_lines=key_lines
    )


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


def is_blank(text: str) -> bool:
    """Tell whether a page has nothing to show: an empty body, front matter aside.

    Args:
        text: The page's content.

    Returns:
        True when the body is only whitespace; False too when the front matter does not
        parse (that is a mistake to report, not an empty page).
    """
    try:
        body = read_front_matter(text).body
    except FrontMatterError:
        return False
    return not body.strip()


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


def read_page(path: Path) -> str:
    """Read a Markdown page the way MkDocs does.

    Args:
        path: The file to read.

    Returns:
        Its text, decoded as UTF-8 without a byte order mark, with ``\\n`` line endings.
    """
    return path.read_text(encoding="utf-8-sig")


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


def _markdown_pages(directory: Path) -> list[str]:
    if not directory.is_dir():
        return []
    return sorted(path.relative_to(directory).as_posix() for path in directory.rglob("*.md"))


def _relative(path: Path, docs_root: Path) -> str:
    return path.relative_to(docs_root.parent).as_posix()


def _page_error(path: Path, docs_root: Path) -> StructuralError | None:
    shown = _relative(path, docs_root)
    project = docs_root.resolve().parent
    if not path.resolve().is_relative_to(project):
        message = f"links to {path.resolve()}, outside the project; it is never published"
        return StructuralError(ErrorKind.OUTSIDE, shown, None, message)
    try:
        recorded_fingerprint(read_front_matter(read_page(path)))
    except FrontMatterError as error:
        return StructuralError(ErrorKind.MALFORMED_FRONT_MATTER, shown, error.line, error.message)
    except FingerprintError as error:
        return StructuralError(ErrorKind.MALFORMED_FINGERPRINT, shown, error.line, error.message)
    except UnicodeDecodeError as error:
        message = f"not valid UTF-8 at byte {error.start}"
        return StructuralError(ErrorKind.MALFORMED_FRONT_MATTER, shown, 1, message)
    return None


def _language_status(
    docs_root: Path, source: str, language: DeclaredLanguage, english_pages: Sequence[str]
) -> tuple[LanguageStatus, list[StructuralError]]:
    errors: list[StructuralError] = []
    english = set(english_pages)
    for rel_path in _markdown_pages(docs_root / language.code):
        path = docs_root / language.code / rel_path
        if rel_path not in english:
            message = f"translation has no English source docs/{source}/{rel_path}"
            errors.append(StructuralError(ErrorKind.ORPHAN, _relative(path, docs_root), 1, message))
        error = _page_error(path, docs_root)
        if error is not None:
            errors.append(error)
    units = tuple(
        UnitStatus(
            UnitKind.PAGE, rel_path, page_state(docs_root, language.code, rel_path, source=source)
        )
        for rel_path in english_pages
    )
    return LanguageStatus(language.code, language.name, units), errors


def _undeclared_directories(docs_root: Path, codes: Iterable[str]) -> list[StructuralError]:
    declared = set(codes)
    return [
        StructuralError(
            ErrorKind.UNDECLARED_LANGUAGE,
            _relative(child, docs_root),
            None,
            f"directory for language {child.name!r}, which mkdocs.yml does not declare",
        )
        for child in sorted(docs_root.iterdir())
        if child.is_dir() and not child.name.startswith(".") and child.name not in declared
    ]


def collect_status(
    docs_root: Path,
    languages: Sequence[DeclaredLanguage],
    units: Sequence[SourceUnit] | None = None,
) -> StatusReport:
    """Compute the translation status of every declared language.

    Args:
        docs_root: The ``docs`` directory holding one directory per language.
        languages: The declared languages, the source language included.
        units: The English catalog units (`i18ndocs.status.units.source_units`), whose
            state in each language's catalogs is reported too; None for pages only.

    Returns:
        The status of every non-source language and every structural error.
    """
    source = next((language.code for language in languages if language.source), SOURCE_LANGUAGE)
    english_pages = _markdown_pages(docs_root / source)
    statuses: list[LanguageStatus] = []
    errors = _undeclared_directories(docs_root, (language.code for language in languages))
    for language in languages:
        if language.code == source:
            continue
        if not (docs_root / language.code).is_dir():
            errors.append(
                StructuralError(
                    ErrorKind.MISSING_LANGUAGE,
                    _relative(docs_root / language.code, docs_root),
                    None,
                    f"language {language.code!r} is declared but has no folder; "
                    f"create it (docs.py new-lang adds one) or remove the declaration",
                )
            )
        status, language_errors = _language_status(docs_root, source, language, english_pages)
        if units is not None:
            from i18ndocs.status.units import unit_statuses

            found, catalog_errors = unit_statuses(docs_root, language.code, list(units))
            status = LanguageStatus(status.code, status.name, (*status.units, *found))
            language_errors.extend(catalog_errors)
        statuses.append(status)
        errors.extend(language_errors)
    errors.sort(key=lambda error: (error.path, error.line or 0, error.kind.value))
    return StatusReport(source, tuple(statuses), tuple(errors))


def _yaml_scalar(value: str) -> str:
    return value if yaml.safe_load(value) == value else f'"{value}"'


def stamp(docs_root: Path, lang: str, rel_path: str, *, source: str = SOURCE_LANGUAGE) -> bool:
    """Record the current English fingerprint in a translated page.

    Only the ``source_hash`` line changes (or is added); every other byte of the
    file is kept, line endings included. A page that already records a matching
    fingerprint is left alone.

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
    shown = _relative(path, docs_root)
    if lang == source:
        raise StampError(f"{shown} is a source page; only translations record a fingerprint")
    if not path.is_file():
        raise StampError(f"{shown} does not exist")
    if not english.is_file():
        raise StampError(f"{shown} has no English source {_relative(english, docs_root)}")
    if page_state(docs_root, lang, rel_path, source=source) is PageState.TRANSLATED:
        return False
    value = fingerprint(read_page(english))[:FINGERPRINT_LENGTH]
    try:
        original = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise StampError(f"{shown} is not valid UTF-8 at byte {error.start}") from None
    path.write_bytes(_with_fingerprint(original, value, shown).encode("utf-8"))
    return True


def _with_fingerprint(text: str, value: str, shown: str) -> str:
    newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    line = f"{FINGERPRINT_KEY}: {_yaml_scalar(value)}"
    opening = _OPENING.match(text)
    if opening is None:
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        updated = f"{bom}---{newline}{line}{newline}---{newline}{newline}{text[len(bom) :]}"
    else:
        closing = _CLOSING.search(text, opening.end())
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
