"""Suggestions for translators: translation memory and glossary hints for a unit to translate.

A unit to translate is a catalog entry with no translation (new) or a fuzzy one (outdated).
Its suggestions are:

* **memory**: the translations already reviewed in the language's catalogs (both domains,
  obsolete entries included; fuzzy ones are not reviewed, so left out) whose English is most
  like the unit's, best first, each with its similarity: difflib's ratio, as the fuzzy
  matching of `i18ndocs.catalogs.po` measures it, kept from `MIN_SIMILARITY` up;
* **glossary**: the glossary's choice (`i18ndocs.lint.glossary`) for every glossary term the
  unit's English uses, in the glossary's order.

``catalog update`` writes the best of each into the ``.po`` file as translator comments,
which Poedit and Weblate show next to the entry::

    # suggestion (87%): Una función endpoint que responde a una petición.
    # glossary: header → cabecera

The comments are the pipeline's: each update removes them and writes the current ones, and
accepting a suggestion removes them. `accept` writes a memory suggestion as the translation:
a translation of exactly the unit's English is final; one of a different English is marked
fuzzy, with that English as the previous one (``#|``), so that an editor shows the translator
what differs and the unit stays English on the site until someone reviews it.

`suggestions_for` serves one unit (``status --diff``); `load_suggester` serves many.
"""

from __future__ import annotations

import difflib
import hashlib
import heapq
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from i18ndocs.catalogs.po import DOMAINS, is_translated, read_catalog
from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.lint.glossary import Glossary, GlossaryError, glossary_path, load_glossary
from i18ndocs.lint.units import prose
from i18ndocs.project.errors import DocsError
from i18ndocs.project.settings import Settings

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

MIN_SIMILARITY = 0.6
"""The least similarity of a memory suggestion: below it, retyping is quicker than editing."""
TOP = 3
"""How many memory suggestions a unit gets."""
SHORTLIST = 12
"""How many entries, those sharing the most words with a unit, difflib compares with it."""
COMMENT_WIDTH = 98
"""The longest comment written: ``write_catalog`` wraps at 100 columns, ``# `` included."""
_MARKS = ("suggestion (", "glossary: ")
_WORD = re.compile(r"\w+")


class SuggestionKind(Enum):
    """Where a suggestion comes from."""

    MEMORY = "memory"
    GLOSSARY = "glossary"


@dataclass(frozen=True)
class Suggestion:
    """A suggested translation for a unit, or for one of its terms.

    Attributes:
        kind: Translation memory or glossary.
        english: The English it translates: a catalog entry's, or a glossary term.
        translation: The translation: the entry's, or the glossary's choice.
        similarity: How alike ``english`` and the unit's English are, 0 to 1 (1 for a
            glossary term, which the unit contains).
        context: The memory entry's context (msgctxt), if any.
        keep: For a glossary term, whether it stays in English.
    """

    kind: SuggestionKind
    english: str
    translation: str
    similarity: float = 1.0
    context: str | None = None
    keep: bool = False

    @property
    def percent(self) -> int:
        """The similarity as a whole percentage, rounded down (100 only for the same English)."""
        return int(self.similarity * 100)

    def comment(self) -> str:
        """The translator comment ``catalog update`` writes for this suggestion.

        Returns:
            One line, at most `COMMENT_WIDTH` characters: a long translation is cut, its line
            breaks shown as spaces (``catalog suggest`` shows it whole).
        """
        if self.kind is SuggestionKind.GLOSSARY:
            choice = "keep in English" if self.keep else self.translation
            return _fit(f"glossary: {self.english} → {choice}")
        return _fit(f"suggestion ({self.percent}%): {self.translation}")


def _fit(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= COMMENT_WIDTH else text[: COMMENT_WIDTH - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Entry:
    english: str
    translation: str
    context: str | None


@dataclass
class TranslationMemory:
    """The reviewed translations of one language, searchable by English similarity.

    Args:
        entries: ``(context, english, translation)`` triples; repeated pairs count once.
    """

    entries: Sequence[tuple[str | None, str, str]]
    _unique: list[_Entry] = field(init=False, repr=False)
    _words: list[frozenset[str]] = field(init=False, repr=False)
    _index: dict[str, list[int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        unique = {(e, t): _Entry(e, t, c) for c, e, t in self.entries if e.strip() and t.strip()}
        self._unique = list(unique.values())
        self._words = [_words(entry.english) for entry in self._unique]
        self._index = {}
        for number, words in enumerate(self._words):
            for word in words:
                self._index.setdefault(word, []).append(number)

    @classmethod
    def from_catalogs(cls, catalogs: Iterable[Catalog]) -> TranslationMemory:
        """Collect the reviewed singular translations of catalogs, obsolete entries included.

        Args:
            catalogs: One language's catalogs.

        Returns:
            The memory.
        """
        entries = []
        for catalog in catalogs:
            for message in [*catalog, *catalog.obsolete.values()]:
                if _reviewed(message):
                    entries.append((message.context, str(message.id), str(message.string)))
        return cls(entries)

    def __len__(self) -> int:
        return len(self._unique)

    def closest(
        self, english: str, context: str | None = None, *, limit: int = TOP
    ) -> list[Suggestion]:
        """Find the translations whose English is most like a text.

        Comparing a text with every entry by difflib's ratio takes minutes for a thousand
        units: the `SHORTLIST` entries sharing the most words with the text (by the Dice
        coefficient of their sets of words, through an index of words) are compared, and
        difflib's cheap upper bounds skip those that cannot reach the ``limit``-th best.

        Args:
            english: The unit's English.
            context: The unit's context: an entry with this context and this English is the
                unit itself and is skipped; on equal scores, entries of this context first.
            limit: How many to return at most.

        Returns:
            Up to ``limit`` memory suggestions of at least `MIN_SIMILARITY`, best first;
            one per distinct translation.
        """
        words = _words(english)
        shared: Counter[int] = Counter()
        for word in words:
            shared.update(self._index.get(word, ()))
        shortlist = heapq.nlargest(
            SHORTLIST, shared, key=lambda n: shared[n] / (len(words) + len(self._words[n]))
        )
        matcher = difflib.SequenceMatcher(None)
        matcher.set_seq2(english)  # difflib caches what it learns of the second sequence
        kept: dict[str, tuple[float, bool, int, _Entry]] = {}  # the best entry per translation
        floor = MIN_SIMILARITY
        for number in shortlist:
            entry = self._unique[number]
            if entry.english == english and entry.context == context:
                continue
            matcher.set_seq1(entry.english)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            score = matcher.ratio()
            item = (score, entry.context == context, -number, entry)
            if score < floor or item[:3] <= kept.get(entry.translation, (0.0, False, 0))[:3]:
                continue
            kept[entry.translation] = item
            if len(kept) >= limit:
                floor = max(floor, heapq.nlargest(limit, kept.values())[-1][0])
        return [
            Suggestion(SuggestionKind.MEMORY, e.english, e.translation, score, e.context)
            for score, _, _, e in sorted(kept.values(), reverse=True)[:limit]
        ]


def _words(text: str) -> frozenset[str]:
    """Return the set of a text's words, in lower case."""
    return frozenset(_WORD.findall(text.casefold()))


def _reviewed(message: Message) -> bool:
    """Tell whether a message is a reviewed singular translation, fit for the memory."""
    return (
        isinstance(message.id, str)
        and bool(message.id)
        and isinstance(message.string, str)
        and is_translated(message)
        and not message.fuzzy
    )


def glossary_hints(glossary: Glossary | None, english: str) -> list[Suggestion]:
    """Find the glossary's choice for every glossary term an English text uses.

    Args:
        glossary: The language's glossary, or None.
        english: The unit's English (its inline code and link targets are not read).

    Returns:
        One glossary suggestion per term found, in the glossary's order.
    """
    if glossary is None:
        return []
    text = prose(english)
    return [
        Suggestion(SuggestionKind.GLOSSARY, term.english, term.translation, keep=term.keep)
        for term in glossary.terms
        if term.in_english(text)
    ]


@dataclass
class Suggester:
    """What suggests translations in one language: its memory and its glossary.

    Attributes:
        memory: The language's reviewed translations.
        glossary: The language's glossary, or None when it has none.
    """

    memory: TranslationMemory
    glossary: Glossary | None

    def suggest(self, context: str | None, english: str) -> list[Suggestion]:
        """Suggest translations for one unit.

        Args:
            context: The unit's context (msgctxt), if any.
            english: The unit's English.

        Returns:
            The memory suggestions, best first, then the glossary hints.
        """
        return self.memory.closest(english, context) + glossary_hints(self.glossary, english)


def read_glossary(root: Path, code: str) -> Glossary | None:
    """Read a language's glossary, if it has one.

    Args:
        root: The project's root, holding ``glossary/``.
        code: The language.

    Returns:
        The glossary, or None.

    Raises:
        DocsError: The glossary cannot be read; the error names its file and line.
    """
    path = glossary_path(root, code)
    if not path.is_file():
        return None
    try:
        return load_glossary(path, path.relative_to(root).as_posix())
    except GlossaryError as error:
        raise DocsError(error.path, error.line, error.message) from None


def load_suggester(settings: Settings, code: str) -> Suggester:
    """Read one language's catalogs and glossary into a suggester.

    Args:
        settings: The project's settings.
        code: The language.

    Returns:
        The suggester.

    Raises:
        DocsError: A catalog or the glossary cannot be read.
    """
    return _load(settings.root, settings.docs_root, code)


def _load(root: Path, docs_root: Path, code: str) -> Suggester:
    paths = [catalog_path(docs_root, code, domain) for domain in DOMAINS]
    catalogs = [read_catalog(path, code) for path in paths if path.is_file()]
    return Suggester(TranslationMemory.from_catalogs(catalogs), read_glossary(root, code))


def suggestions_for(
    settings: Settings, code: str, context: str | None, english: str
) -> list[Suggestion]:
    """Suggest translations for one unit, such as an outdated one ``status --diff`` shows.

    The language's catalogs and glossary are read once per state of their files.

    Args:
        settings: The project's settings.
        code: The language.
        context: The unit's context (msgctxt), if any.
        english: The unit's English as it is now.

    Returns:
        The memory suggestions, best first, then the glossary hints.

    Raises:
        DocsError: A catalog or the glossary cannot be read.
    """
    files = [catalog_path(settings.docs_root, code, d) for d in DOMAINS]
    files.append(glossary_path(settings.root, code))
    stamp = tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file())
    return _cached(settings.root, settings.docs_root, code, stamp).suggest(context, english)


@lru_cache(maxsize=4)
def _cached(root: Path, docs_root: Path, code: str, stamp: tuple[object, ...]) -> Suggester:
    del stamp  # only part of the cache's key: the state of the files read
    return _load(root, docs_root, code)


def unit_id(context: str | None, english: str) -> str:
    """Name a unit in a few characters that ``catalog suggest`` shows and ``accept`` takes.

    Args:
        context: The unit's context, if any.
        english: The unit's English.

    Returns:
        Eight hexadecimal digits, the same for the same unit on every machine.
    """
    key = f"{context or ''}\x04{english}".encode()
    return hashlib.sha256(key).hexdigest()[:8]


def english_of(message: Message) -> str:
    """Return a message's English (the singular, for a plural message).

    Args:
        message: A catalog message.

    Returns:
        Its msgid.
    """
    return message.id if isinstance(message.id, str) else str(message.id[0])


def to_translate(catalog: Catalog) -> Iterator[Message]:
    """Walk a catalog's units to translate: untranslated or fuzzy.

    Args:
        catalog: A language's catalog.

    Yields:
        Each such message, in file order.
    """
    for message in catalog:
        if message.id and (message.fuzzy or not is_translated(message)):
            yield message


@dataclass(frozen=True)
class SuggestionCounts:
    """What `annotate` found in a catalog.

    Attributes:
        pending: Units to translate.
        suggested: Those with a memory suggestion.
        exact: Those whose best memory suggestion translates exactly their English.
    """

    pending: int
    suggested: int
    exact: int


def clear_comments(message: Message) -> None:
    """Remove the suggestion comments the pipeline wrote on a message, keeping any other.

    Args:
        message: A catalog message.
    """
    message.user_comments = [c for c in message.user_comments if not c.startswith(_MARKS)]


def annotate(catalog: Catalog, suggester: Suggester) -> SuggestionCounts:
    """Write each unit to translate's best memory suggestion and glossary hints as comments.

    Comments of an earlier run are replaced, and removed from units translated since.

    Args:
        catalog: A language's catalog, changed in place.
        suggester: The language's suggester.

    Returns:
        How many units are to translate, and how many got a memory suggestion.
    """
    for message in catalog:
        clear_comments(message)
    pending = suggested = exact = 0
    for message in to_translate(catalog):
        pending += 1
        found = suggester.suggest(message.context, english_of(message))
        memory = [s for s in found if s.kind is SuggestionKind.MEMORY]
        if memory and isinstance(message.id, str):
            suggested += 1
            exact += memory[0].english == message.id
            message.user_comments.append(memory[0].comment())
        message.user_comments += [s.comment() for s in found if s.kind is SuggestionKind.GLOSSARY]
    return SuggestionCounts(pending, suggested, exact)


def accept(message: Message, suggestion: Suggestion) -> bool:
    """Write a memory suggestion as a unit's translation.

    Args:
        message: The unit's catalog message (singular).
        suggestion: One of its memory suggestions.

    Returns:
        True when the translation is final (the suggestion translates exactly the unit's
        English); False when it is marked fuzzy, to be reviewed against the English it
        translated, kept as the previous msgid.

    Raises:
        ValueError: The message is plural, or the suggestion is a glossary hint.
    """
    if not isinstance(message.id, str) or suggestion.kind is not SuggestionKind.MEMORY:
        raise ValueError("only a memory suggestion for a singular unit can be accepted")
    message.string = suggestion.translation
    clear_comments(message)
    if suggestion.english == message.id:
        message.flags.discard("fuzzy")
        message.previous_id = []
        return True
    message.flags.add("fuzzy")
    message.previous_id = [suggestion.english]
    return False
