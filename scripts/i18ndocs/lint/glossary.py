"""Per-language glossaries: the chosen translation of each technical term.

A glossary is a YAML file that translators edit, one per language, at
``glossary/<code>.yml`` next to ``mkdocs.yml``. It lives outside ``docs/`` on
purpose: MkDocs copies every non-Markdown file of a language's folder into the
site, and ``docs.py status --check`` takes any other folder under ``docs/`` for
an undeclared language. The file looks like this::

    terms:
      - english: close code
        translation: código de cierre
        variants: [códigos de cierre]
        avoid: [código de clausura, códigos de clausura]
        notes: Always "de cierre", never "de clausura".
    keep_english:
      - WebSocket
      - term: endpoint
        notes: The usual word among Spanish-speaking developers.

``terms`` maps an English term to its translation; ``variants`` lists the other
forms the translation may take (plural, inflection, a word order). ``keep_english``
lists terms that stay in English in this language. The lint (`i18ndocs.lint.checks`)
checks that a term found in an English text unit appears, in one of its allowed
forms, in the translated unit.

``avoid`` (in a term or a kept term) lists renderings known to be wrong for the
term, each form written out (no plural is implied). When the English unit uses the
term and the translation contains one of them, the lint reports it at its line, even
if an allowed form appears too.

Matching ignores case and treats any run of whitespace as one space. An English
term also matches its plural with ``s`` or ``es`` (``header`` matches
``headers``); ``english_variants`` adds irregular forms. Terms in Latin script
match whole words only; terms in Chinese (or any script without spaces) match
anywhere in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml  # type: ignore[import-untyped, unused-ignore]

GLOSSARY_DIR = "glossary"
"""The folder, next to ``mkdocs.yml``, holding one glossary per language."""

_TERM_KEYS = frozenset({"english", "translation", "variants", "english_variants", "avoid", "notes"})
_KEEP_KEYS = frozenset({"term", "variants", "avoid", "notes"})
_TOP_KEYS = frozenset({"terms", "keep_english"})
# Letters of scripts that separate words with spaces: a Latin-script term must not touch them.
_WORD = r"[0-9A-Za-z_\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]"


class GlossaryError(ValueError):
    """A glossary file cannot be read.

    Args:
        path: The glossary file, as shown to the reader.
        line: The 1-based line at fault.
        message: What is wrong.
    """

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Attributes:
        english: The English term, as written in the glossary.
        translation: The chosen translation (the English term itself for a kept term).
        variants: Other accepted forms of the translation.
        english_variants: Other English forms beyond the regular plural.
        avoid: Renderings of the term the translation must not use.
        notes: Advice for translators.
        line: The 1-based line of the entry in the glossary file.
        keep: Whether the term stays in English in this language.
    """

    english: str
    translation: str
    variants: tuple[str, ...] = ()
    english_variants: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    notes: str = ""
    line: int = 1
    keep: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        """Every accepted form of the translation, the chosen one first."""
        return (self.translation, *self.variants)

    def in_english(self, text: str) -> bool:
        """Tell whether an English text uses this term.

        Args:
            text: English prose, without code.

        Returns:
            True if the term, its plural or an English variant occurs in the text.
        """
        forms = (self.english, *self.english_variants)
        return any(_pattern(form, plural=True).search(text) for form in forms)

    def kept_as_name(self, english: str, translation: str) -> bool:
        """Tell whether every use of the term is a capitalized name the translation keeps.

        ``Headers`` and ``State`` in "Reference for URL, Headers and State" name classes:
        a translation that keeps them verbatim is right, whatever the glossary says.

        Args:
            english: English prose, without code.
            translation: Translated prose, without code.

        Returns:
            True if each occurrence in the English starts with a capital letter and
            occurs, with the same capitalization, in the translation.
        """
        forms = (self.english, *self.english_variants)
        found = [
            match.group(0)
            for form in forms
            for match in _pattern(form, plural=True).finditer(english)
        ]
        return bool(found) and all(
            word[0].isupper()
            and re.search(rf"(?<!{_WORD}){re.escape(word)}(?!{_WORD})", translation) is not None
            for word in found
        )

    def in_translation(self, text: str) -> bool:
        """Tell whether a translated text uses one of the accepted forms.

        Args:
            text: Translated prose, without code.

        Returns:
            True if the translation or one of its variants occurs in the text (for a
            term kept in English, also its English plural).
        """
        return any(_pattern(form, plural=self.keep).search(text) for form in self.forms)

    def avoided_in(self, text: str) -> list[tuple[int, str]]:
        """Find the renderings to avoid that a translated text uses.

        Args:
            text: Translated prose, without code.

        Returns:
            Each occurrence as its offset in the text and the words found, in text order.
        """
        found = [
            (match.start(), " ".join(match.group(0).split()))
            for form in self.avoid
            for match in _pattern(form, plural=False).finditer(text)
        ]
        return sorted(found)


@dataclass(frozen=True)
class Glossary:
    """The glossary of one language.

    Attributes:
        path: The glossary file, as shown to the reader.
        terms: Every entry, translated terms then terms kept in English.
    """

    path: str
    terms: tuple[Term, ...]

    def term(self, english: str) -> Term | None:
        """Find the entry of an English term.

        Args:
            english: The English term, in any case.

        Returns:
            Its entry, or None when the glossary does not have it.
        """
        wanted = english.casefold()
        return next((term for term in self.terms if term.english.casefold() == wanted), None)


def _is_spaced_script(form: str) -> bool:
    """Tell whether a form is written in a script whose words are separated by spaces."""
    return all(re.fullmatch(_WORD, char) or not char.isalpha() for char in form)


def _pattern(form: str, *, plural: bool) -> re.Pattern[str]:
    """Compile the pattern matching one form of a term in prose."""
    body = r"\s+".join(re.escape(word) for word in form.split())
    if plural:
        body += "(?:s|es)?"
    if _is_spaced_script(form):
        body = rf"(?<!{_WORD}){body}(?!{_WORD})"
    return re.compile(body, re.IGNORECASE)


def glossary_path(root: Path, code: str) -> Path:
    """Return where a language's glossary lives.

    Args:
        root: The repository root, holding ``mkdocs.yml``.
        code: The language code.

    Returns:
        The path ``glossary/<code>.yml`` under the root (it may not exist).
    """
    return root / GLOSSARY_DIR / f"{code}.yml"


def load_glossary(path: Path, shown: str | None = None) -> Glossary:
    """Read and validate a glossary file.

    Args:
        path: The YAML file.
        shown: How to name the file in messages; default: the path as given.

    Returns:
        The glossary.

    Raises:
        GlossaryError: The file is not valid YAML, or an entry is malformed or repeated;
            the error names the file and line.
    """
    name = shown or path.as_posix()
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 1 if mark is None else mark.line + 1
        problem = getattr(error, "problem", error)
        raise GlossaryError(name, line, f"not valid YAML: {problem}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryError(name, 1, f"cannot be read as UTF-8 text ({error})") from None
    if node is None:
        return Glossary(name, ())
    top = _mapping(node, name, _TOP_KEYS)
    terms: list[Term] = []
    for entry in _sequence(top.get("terms"), name):
        terms.append(_term(entry, name))
    for entry in _sequence(top.get("keep_english"), name):
        terms.append(_kept(entry, name))
    seen: dict[str, int] = {}
    for term in terms:
        accepted = {" ".join(form.casefold().split()) for form in term.forms}
        clash = next((f for f in term.avoid if " ".join(f.casefold().split()) in accepted), None)
        if clash is not None:
            raise GlossaryError(
                name, term.line, f"{clash!r} is both an accepted form and a rendering to avoid"
            )
        key = term.english.casefold()
        if key in seen:
            raise GlossaryError(
                name, term.line, f"{term.english!r} is already in the glossary (line {seen[key]})"
            )
        seen[key] = term.line
    return Glossary(name, tuple(terms))


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(node: yaml.Node, name: str, keys: frozenset[str]) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise GlossaryError(name, _line(node), "expected a mapping of keys to values")
    result: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in keys:
            allowed = ", ".join(sorted(keys))
            raise GlossaryError(name, _line(key_node), f"unknown key {key!r} (allowed: {allowed})")
        result[key] = value_node
    return result


def _sequence(node: yaml.Node | None, name: str) -> list[yaml.Node]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~")):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise GlossaryError(name, _line(node), "expected a list")
    return list(node.value)


def _text(node: yaml.Node | None, name: str, what: str, *, required: bool) -> str:
    if node is None:
        return ""
    value = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    if not isinstance(node, yaml.ScalarNode) or (required and not value):
        raise GlossaryError(name, _line(node), f"{what} must be a non-empty text")
    return value


def _texts(node: yaml.Node | None, name: str, what: str) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode) and node.value:
        return (_text(node, name, what, required=True),)
    return tuple(_text(item, name, what, required=True) for item in _sequence(node, name))


def _term(node: yaml.Node, name: str) -> Term:
    fields = _mapping(node, name, _TERM_KEYS)
    for required in ("english", "translation"):
        if required not in fields:
            raise GlossaryError(name, _line(node), f"a term needs {required!r}")
    return Term(
        english=_text(fields["english"], name, "english", required=True),
        translation=_text(fields["translation"], name, "translation", required=True),
        variants=_texts(fields.get("variants"), name, "a variant"),
        english_variants=_texts(fields.get("english_variants"), name, "an English variant"),
        avoid=_texts(fields.get("avoid"), name, "a rendering to avoid"),
        notes=_text(fields.get("notes"), name, "notes", required=False),
        line=_line(node),
    )


def _kept(node: yaml.Node, name: str) -> Term:
    if isinstance(node, yaml.ScalarNode):
        word = _text(node, name, "a kept term", required=True)
        return Term(english=word, translation=word, line=_line(node), keep=True)
    fields = _mapping(node, name, _KEEP_KEYS)
    if "term" not in fields:
        raise GlossaryError(name, _line(node), "a kept term needs 'term'")
    word = _text(fields["term"], name, "term", required=True)
    return Term(
        english=word,
        translation=word,
        variants=_texts(fields.get("variants"), name, "a variant"),
        avoid=_texts(fields.get("avoid"), name, "a rendering to avoid"),
        notes=_text(fields.get("notes"), name, "notes", required=False),
        line=_line(node),
        keep=True,
    )
