"""The gettext catalogs as files: read, write, update from a template, check.

Two domains, each a standard ``.po`` file per language that Poedit or Weblate can open:
``docstrings`` and ``site`` (`i18ndocs.catalogs.extract` makes their templates).

Templates are ``docs/<source>/catalogs/<domain>.pot``; a language's catalogs are
``docs/<code>/catalogs/<domain>.po``. `update_catalog` merges a template into a catalog:
unchanged units keep their translation; a unit whose English changed gets the translation of
its closest old unit, marked fuzzy (first among the old units of the same context, then
among all); units gone from the template are kept as obsolete entries. Compiled ``.mo``
files go to the build cache and are never committed.
"""

from __future__ import annotations

import difflib
import re
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.project.claims import read_through
from i18ndocs.project.errors import DocsError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

DOMAINS = ("site", "docstrings")
PROJECT = "documentation"
_FUZZY_CUTOFF_SAME_CONTEXT = 0.5
_FUZZY_CUTOFF_ANYWHERE = 0.85


def template_path(docs_root: Path, source: str, domain: str) -> Path:
    """Return where a domain's template is kept.

    Args:
        docs_root: The folder holding one folder per language.
        source: The source language's code.
        domain: ``site`` or ``docstrings``.

    Returns:
        ``<docs_root>/<source>/catalogs/<domain>.pot``.
    """
    return catalog_path(docs_root, source, domain).with_suffix(".pot")


_HEADER = """\
# {what} of the documentation site.
# Translate with any gettext editor; the translators' guide explains the workflow.
#"""


def new_catalog(locale: str | None = None) -> Catalog:
    """Start an empty catalog (a template when no locale is given) with the site's header.

    Args:
        locale: The language code, or None for a template.

    Returns:
        The catalog, dated 2000-01-01 so that extraction gives the same file every time.
    """
    from babel.messages.catalog import Catalog

    what = f"Translations into {locale}" if locale else "Translation template"
    return Catalog(
        header_comment=_HEADER.format(what=what),
        locale=locale.replace("-", "_") if locale else None,
        project=PROJECT,
        version="1",
        charset="utf-8",
        creation_date=datetime(2000, 1, 1, tzinfo=timezone.utc),
        revision_date=datetime(2000, 1, 1, tzinfo=timezone.utc),
        fuzzy=False,
    )


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write a catalog or template in the standard ``.po`` format, atomically.

    Args:
        catalog: What to write.
        path: The ``.po`` or ``.pot`` file.
    """
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    with partial.open("wb") as stream:
        write_po(
            stream, catalog, width=100, omit_header=False, sort_output=False, include_previous=True
        )
    partial.replace(path)


_STRING = r'"(?:[^"\\]|\\[\\"abfnrtv]|\\[0-7]{1,3}|\\x[0-9A-Fa-f]+)*"'
_KEYWORD_LINE = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+({_STRING})\s*$")
_CONTINUATION = re.compile(rf"^{_STRING}\s*$")
_NEXT = {
    None: {"msgctxt", "msgid"},
    "msgctxt": {"msgid"},
    "msgid": {"msgid_plural", "msgstr"},
    "msgid_plural": {"msgstr[]"},
    "msgstr": {"msgctxt", "msgid"},
    "msgstr[]": {"msgstr[]", "msgctxt", "msgid"},
}


def syntax_error(text: str) -> tuple[int, str] | None:
    """Find the first line of a ``.po`` file that breaks the gettext format.

    Babel's reader silently repairs some mistakes (an unterminated string loses its last
    character; a second ``msgstr`` replaces the first), so the text is checked line by line
    first: every line is blank, a comment, a keyword with one quoted string, or a quoted
    continuation string, and keywords come in the order gettext defines; no entry repeats.

    Args:
        text: The file's text.

    Returns:
        The 1-based line and what is wrong there, or None for a well-formed file.
    """
    previous: str | None = None
    entry: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            continue
        if not line or line.startswith("#"):
            continue
        match = _KEYWORD_LINE.match(line)
        if match is None:
            if _CONTINUATION.match(line) and previous is not None:
                entry[-1] += line
                continue
            return number, f"not a gettext keyword followed by one quoted string: {line[:60]!r}"
        keyword = "msgstr[]" if match[1].startswith("msgstr[") else match[1]
        if keyword not in _NEXT[previous]:
            return number, f"{match[1]} cannot follow {previous or 'the start of the file'}"
        if keyword in {"msgctxt", "msgid"} and previous in {"msgstr", "msgstr[]", None}:
            if entry and tuple(entry) in seen:
                return number, "the previous entry repeats an earlier one"
            seen.add(tuple(entry))
            entry = []
        if keyword in {"msgctxt", "msgid"}:
            entry.append(match[2])
        previous = keyword
    if previous in {"msgctxt", "msgid", "msgid_plural"}:
        return len(text.splitlines()), f"the file ends inside an entry, after {previous}"
    if entry and tuple(entry) in seen:
        return len(text.splitlines()), "the last entry repeats an earlier one"
    return None


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a ``.po`` or ``.pot`` file, rejecting syntax errors.

    Args:
        path: The file.
        locale: The catalog's language, for its plural rules.

    Returns:
        The catalog.

    Raises:
        DocsError: The file does not parse; the error names its line.
    """
    from babel.messages.pofile import PoFileError, read_po

    try:
        error = syntax_error(path.read_text(encoding="utf-8"))
        if error is not None:
            raise DocsError(str(path), error[0], f"invalid catalog: {error[1]}")
        with path.open("rb") as stream:
            catalog = read_po(
                stream, locale=locale.replace("-", "_") if locale else None, abort_invalid=True
            )
    except PoFileError as error:
        line = getattr(error, "lineno", None)
        raise DocsError(str(path), line, f"invalid catalog: {error}") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise DocsError(str(path), None, f"invalid catalog: {error}") from None
    for message in catalog:
        _restore_previous(message)
    return catalog


def _restore_previous(message: Message) -> None:
    """Read the ``#| msgid`` comments (the English a fuzzy entry was translated from).

    Babel writes them but reads them back as translator comments; left so, they would be
    written as ``# | msgid`` and lost as previous text.
    """
    from babel.messages.pofile import unescape

    previous: list[list[str]] = []
    kept: list[str] = []
    for comment in message.user_comments:
        if not comment.startswith("|"):
            kept.append(comment)
            continue
        body = comment[1:].strip()
        keyword, _, rest = body.partition(" ")
        if keyword in {"msgid", "msgid_plural"}:
            previous.append([unescape(rest.strip())])
        elif body.startswith('"') and previous:
            previous[-1].append(unescape(body))
    if previous:
        message.previous_id = ["".join(parts) for parts in previous]
        message.user_comments = kept


def _key(message: Message) -> tuple[str, str | None]:
    text = message.id if isinstance(message.id, str) else message.id[0]
    return text, message.context


def is_translated(message: Message) -> bool:
    """Tell whether a message has a translation (every plural form, for plural messages).

    Args:
        message: A catalog message.

    Returns:
        True when no form of its translation is empty; fuzzy or not.
    """
    if isinstance(message.string, str):
        return bool(message.string.strip())
    forms = list(message.string or ())
    return bool(forms) and all(form.strip() for form in forms)


def update_catalog(
    template: Catalog, catalog: Catalog, overridable: Catalog | None = None
) -> Catalog:
    """Merge a template into a language's catalog.

    Args:
        template: The current template.
        catalog: The language's catalog as it was.
        overridable: Messages the catalog may hold besides the template's, kept (after them)
            while it translates them: the pipeline's own words, which a project's ``site``
            catalog overrides entry by entry.

    Returns:
        A new catalog with the template's messages in the template's order: translations
        kept where the English is unchanged, the closest old translation marked fuzzy where
        it changed, no translation where nothing is close; then the overrides; old messages
        no longer in the template are kept as obsolete.
    """
    updated = new_catalog(str(catalog.locale) if catalog.locale else None)
    old = {_key(message): message for message in catalog if message.id}
    wanted = [message for message in template if message.id]
    keys = {_key(message) for message in wanted}
    for message in overridable or ():
        key = _key(message)
        if message.id and key not in keys and key in old and is_translated(old[key]):
            wanted.append(message)
            keys.add(key)
    unused = dict(old)
    for message in wanted:
        key = _key(message)
        fresh = message.clone()
        fresh.string = _empty_string(message, updated)
        previous = old.get(key)
        if previous is not None and is_translated(previous):
            fresh.string = _fitted(previous.string, fresh.string)
            fresh.flags |= previous.flags & {"fuzzy"}
            fresh.user_comments = list(previous.user_comments)
            fresh.previous_id = list(previous.previous_id)
            unused.pop(key, None)
        elif previous is not None:
            unused.pop(key, None)
        else:
            match = _closest(key, unused)
            if match is not None:
                fresh.string = _fitted(match.string, fresh.string)
                fresh.flags.add("fuzzy")
                fresh.previous_id = [_key(match)[0]]
                unused.pop(_key(match), None)
        updated[fresh.id] = fresh
    for (text, context), message in unused.items():
        if is_translated(message):
            updated.obsolete[text if context is None else (text, context)] = message
    updated.obsolete.update(
        {key: value for key, value in catalog.obsolete.items() if key not in updated.obsolete}
    )
    return updated


def catalog_counts(catalog: Catalog) -> dict[str, int]:
    """Count a catalog's messages by state.

    Args:
        catalog: A language's catalog.

    Returns:
        How many messages are translated, fuzzy, untranslated and obsolete.
    """
    messages = [message for message in catalog if message.id]
    return {
        "translated": sum(1 for m in messages if is_translated(m) and not m.fuzzy),
        "fuzzy": sum(1 for m in messages if is_translated(m) and m.fuzzy),
        "untranslated": sum(1 for m in messages if not is_translated(m)),
        "obsolete": len(catalog.obsolete),
    }


def _empty_string(message: Message, catalog: Catalog) -> str | tuple[str, ...]:
    if isinstance(message.id, str):
        return ""
    return ("",) * catalog.num_plurals


def _fitted(old: Any, empty: str | tuple[str, ...]) -> Any:
    """Adapt an old translation to the new message's shape (singular or plural)."""
    if isinstance(empty, str):
        return old if isinstance(old, str) else old[0]
    if isinstance(old, str):
        return (old, *empty[1:])
    return tuple(old[: len(empty)]) + empty[len(old) :]


def _closest(
    key: tuple[str, str | None], unused: dict[tuple[str, str | None], Message]
) -> Message | None:
    """Find the old translated message closest to a new one, same context first."""
    text, context = key
    candidates = [m for k, m in unused.items() if is_translated(m) and k[1] == context]
    best = _best(text, candidates, _FUZZY_CUTOFF_SAME_CONTEXT)
    if best is None:
        best = _best(text, [m for m in unused.values() if is_translated(m)], _FUZZY_CUTOFF_ANYWHERE)
    return best


def _best(text: str, candidates: list[Message], cutoff: float) -> Message | None:
    best: Message | None = None
    best_ratio = cutoff
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, text, _key(candidate)[0])
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def init_catalog(template: Catalog, lang: str) -> Catalog:
    """Start a language's catalog from a template, every message untranslated.

    Args:
        template: The template.
        lang: The language code.

    Returns:
        The new catalog, with the language's plural rules in its header.
    """
    return update_catalog(template, new_catalog(lang))


_PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}")
_CODE = re.compile(r"(`+).+?\1", re.DOTALL)


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(_CODE.sub("", text)))


def kept_check(path: Path, lang: str, cache_dir: Path) -> list[tuple[int | None, str]]:
    """`check_catalog`, its findings kept in the cache folder for the catalog's bytes.

    Args:
        path: The catalog.
        lang: Its language.
        cache_dir: The pipeline's cache folder.

    Returns:
        ``(line, message)`` pairs, in file order.

    Raises:
        DocsError: The file does not parse (nothing is kept).
    """
    check = partial(check_catalog, path, lang)
    return read_through(path, cache_dir / "parsed", f"check {lang}", check)


def check_catalog(path: Path, lang: str) -> list[tuple[int | None, str]]:
    """Find the mistakes in a language's catalog that must stop a build.

    Incomplete or fuzzy entries are not mistakes: their units stay English. Mistakes are a
    file that does not parse, a translation with a ``{placeholder}`` its English does not
    have (formatting it would fail; leaving one out is allowed, as a language may not need
    it), and a translation that adds HTML or link targets its English does not have.

    Args:
        path: The catalog.
        lang: Its language.

    Returns:
        ``(line, message)`` pairs, in file order.

    Raises:
        DocsError: The file does not parse.
    """
    from i18ndocs.pages.unitsafety import unsafe_additions

    found: list[tuple[int | None, str]] = []
    for message in read_catalog(path, lang):
        if not message.id or message.fuzzy or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for index, string in enumerate(strings):
            if not string:
                continue
            english = ids[min(index, len(ids) - 1)]
            expected = _placeholders(english)
            allowed = {name for text in ids for name in _placeholders(text)}
            wrong = not set(_placeholders(string)) <= allowed
            if wrong:
                found.append(
                    (
                        message.lineno,
                        f"the translation's placeholders {_placeholders(string)} are not all "
                        f"in the English {expected}",
                    )
                )
            problems = unsafe_additions(english, string)
            if problems:
                found.append((message.lineno, f"the translation adds {', '.join(problems)}"))
    return found
