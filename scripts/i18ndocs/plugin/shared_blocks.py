"""Each reference block rendered once for every language, then filled in per language.

A ``:::`` block's HTML differs between languages in a few places only: the docstrings' texts
(converted from Markdown), the labels of mkdocstrings' templates, and the headings (their
permalinks' titles). With the docstrings' texts stood in for by tokens
(`i18ndocs.reference.fields`), the first language process to reach a block renders it with
those places recorded instead of filled in: a `Skeleton`, kept in the cache folder, so that
languages building at once render each block once between them (`i18ndocs.project.claims`)
and later builds of the same sources not at all; after a docstring edit, only the blocks
showing the edited file (skeletons are keyed by the shape of the code,
`i18ndocs.reference.shape`, and the texts of the files they show). Each language then fills
the skeleton in: it converts its own texts with the handler's Markdown and makes the
headings, in the order the render asked for them, and looks its labels up. The HTML, the
headings the table of contents and cross-references read, and what is logged are those of a
usual render.

A block is rendered the usual way, its language's texts put back, when a skeleton cannot be
trusted: the templates changed a recorded place (upper-cased a label, stripped tags), a
token shows up anywhere but in a text converted from Markdown, a word is one English lacks
(templates test a word before falling back to another: a place is always true), or rendering
logged something (kept, it would not be logged again).
"""

from __future__ import annotations

import pickle
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from i18ndocs.plugin.memo.blocks import source_files
from i18ndocs.plugin.memo.store import FileDigests
from i18ndocs.plugin.memo.watching import Watching
from i18ndocs.project.cachefiles import digest, package_versions
from i18ndocs.project.claims import Meanwhile, computed_if_unclaimed, computed_once
from i18ndocs.project.resources import pipeline_digest
from i18ndocs.project.settings import Settings
from i18ndocs.reference.fields import TOKEN, FieldTexts, loaded_fields

PACKAGES = ("mkdocstrings", "mkdocstrings-python", "griffe", "jinja2", "markdown", "pygments")
"""The packages whose versions a skeleton depends on."""

WORD = '{% import "language.html.jinja" as lang with context %}{{ lang.t(key) }}'
"""A word of the templates (``lang.t``), as they write it in the language being built."""

WORD_IN_ENGLISH = '{% import "language.html.jinja" as lang with context %}{{ lang.fallback(key) }}'
"""The last of ``lang.t``'s fallbacks, the same in every language: the word in English."""

STALE_LIMIT = 4
"""How many skeletons of a block, each for newer texts of the files it shows, are looked at."""

PLACE = re.compile(r"<(i18ndocs-[0-9a-f]{12})-(\d+)>")
"""A place in a heading's content: its skeleton's marker (`_Recorder`), and its index."""


@dataclass(frozen=True)
class Convert:
    """A docstring's text converted from Markdown (mkdocstrings' ``convert_markdown``).

    Attributes:
        text: The text, tokens in place of the docstring's texts.
        heading_level: The level its headings start from.
        html_id: The id its ids are prefixed with.
        options: The filter's other options, by name.
        hook: The path of the object its cross-references are relative to, if any.
    """

    text: str
    heading_level: int
    html_id: str
    options: tuple[tuple[str, Any], ...]
    hook: str | None


@dataclass(frozen=True)
class Heading:
    """A heading (mkdocstrings' ``heading`` filter), which the table of contents reads.

    Attributes:
        content: Its HTML, the labels in it recorded too.
        markup: Whether the content was given as markup.
        heading_level: Its level.
        options: The filter's other options, by name.
    """

    content: str
    markup: bool
    heading_level: int
    options: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Label:
    """A word of the templates: ``text`` (``lang.t``), or ``object`` (an object's label).

    Attributes:
        kind: Which of the two.
        key: Its English key.
    """

    kind: str
    key: str


Slot = Convert | Heading | Label


@dataclass(frozen=True)
class Refused:
    """What the cache holds for a block rendered the usual way in every language.

    Attributes:
        files: Each source file the block shows, with its text's digest then.
    """

    files: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Skeleton:
    """A block's HTML with its language's places left open.

    Attributes:
        pieces: The HTML between the places, and each place's index into ``slots``.
        slots: The places, in the order the render asked for them.
        marker: What marks a place in a heading's content.
        files: Each source file the block shows, with its text's digest then.
    """

    pieces: tuple[str | int, ...]
    slots: tuple[Slot, ...]
    marker: str
    files: tuple[tuple[str, str], ...]


class _Recorder:
    """Stands in for the templates' language-dependent filters while a block renders once."""

    def __init__(
        self, data: Any, options: Any, hook_class: Any, english: Callable[[str], str]
    ) -> None:
        self.marker = f"i18ndocs-{secrets.token_hex(6)}"  # as `PLACE` finds it
        self.pattern = re.compile(f"<{self.marker}-(\\d+)>")
        self.data = data
        self.options = options
        self.hook_class = hook_class
        self.english = english
        self.slots: list[Slot] = []
        self.trusted = True

    def _slot(self, slot: Slot) -> Markup:
        self.slots.append(slot)
        return Markup(f"<{self.marker}-{len(self.slots) - 1}>")

    def convert(self, text: str, heading_level: int, html_id: str = "", **options: Any) -> Markup:
        hook: Any = options.pop("autoref_hook", None)
        path = None
        if hook is not None:
            path = getattr(getattr(hook, "current_object", None), "path", None)
            self.trusted &= (
                type(hook) is self.hook_class
                and hook.config is self.options
                and isinstance(path, str)
                and _lookup(self.data, path) is hook.current_object
            )
        slot = Convert(str(text), heading_level, html_id, tuple(options.items()), path)
        return self._slot(slot)

    def heading(self, content: str, heading_level: int, **options: Any) -> Markup:
        markup = isinstance(content, Markup)
        slot = Heading(str(content), markup, heading_level, tuple(options.items()))
        return self._slot(slot)

    def text(self, key: str) -> Markup:
        # Templates test a word before falling back to another (`lang.t(title) or ...`): a place
        # is always true, so only words true in every language (English has them) are shared.
        self.trusted &= isinstance(key, str) and bool(key) and bool(self.english(key).strip())
        return self._slot(Label("text", key))

    def label(self, key: str) -> Markup:
        self.trusted &= isinstance(key, str) and bool(key)
        return self._slot(Label("object", key))

    def skeleton(self, html: str, files: dict[str, str]) -> Skeleton | None:
        """Cut the render's HTML at the places; None when it cannot be trusted."""
        if not self.trusted:
            return None
        pieces: list[str | int] = []
        uses = [0] * len(self.slots)
        start = 0
        for match in self.pattern.finditer(html):
            pieces += [html[start : match.start()], int(match[1])]
            uses[int(match[1])] += 1
            start = match.end()
        pieces.append(html[start:])
        for index, slot in enumerate(self.slots):
            if isinstance(slot, Heading):
                for match in self.pattern.finditer(slot.content):
                    inner = int(match[1])
                    if inner >= index or not isinstance(self.slots[inner], Label):
                        return None
                    uses[inner] += 1
                if _leaks(slot.content, self.marker) or _leaks_options(slot, self.marker):
                    return None
            elif isinstance(slot, Convert) and self.marker in slot.text.lower():
                return None
        static = "".join(piece for piece in pieces if isinstance(piece, str))
        if any(count != 1 for count in uses) or _leaks(static, self.marker):
            return None
        return Skeleton(tuple(pieces), tuple(self.slots), self.marker, tuple(sorted(files.items())))


def _leaks(text: str, marker: str) -> bool:
    """Tell whether text holds a marker or a token (in any case) but in an intact place."""
    lowered = re.sub(f"<{marker}-\\d+>", "", text).lower()
    return marker in lowered or TOKEN.search(lowered) is not None


def _leaks_options(slot: Heading, marker: str) -> bool:
    """Tell whether a heading's options (its table of contents label...) hold a place or token."""
    return any(
        isinstance(value, str) and (marker in value.lower() or TOKEN.search(value.lower()))
        for _, value in slot.options
    )


class SharedBlocks:
    """Renders one build's blocks from skeletons (see the module).

    Wraps the handler's ``render`` on the instance; `i18ndocs.plugin.memo`'s wrapper, in a
    warm process, goes around this one.

    Args:
        handler: mkdocstrings' Python handler.
        settings: The project's settings.
        code_shape: Gives `i18ndocs.plugin.memo.store.code_shape_key` of the build.
        share: Whether blocks are shared; otherwise each renders the usual way (the project
            has its own mkdocstrings templates, which may show anything of a docstring).
    """

    def __init__(
        self, handler: Any, settings: Settings, code_shape: Callable[[], str], share: bool
    ) -> None:
        self.handler = handler
        self.share = share
        self.folder = settings.cache_dir / "blocks"
        self.base = _base_key(settings, code_shape()) if share else ""
        self.real_render: Callable[..., str] = handler.render
        env = handler.env
        self.real_convert: Callable[..., Markup] = env.filters["convert_markdown"]
        self.real_heading: Callable[..., Markup] = env.filters["heading"]
        self.real_text: Callable[[str], str] = env.globals["i18ndocs_text"]
        self.real_label: Callable[[str], str] = env.globals["i18ndocs_label"]
        self.digests = FileDigests()  # the source files' digests now, read once a build
        self.texts: dict[tuple[str, str, str], str] = {}
        self.templates: dict[str, Any] = {}
        self.depth = 0
        self.gathered: tuple[tuple[str, ...], FieldTexts] | None = None
        self.rendering: tuple[Any, str | None] | None = None
        """The loaded code and the locale, once a block has rendered: the handler is ready."""
        self.meanwhile: Meanwhile | None = None
        """Work to do while another build records a block this one needs (`plugin.lookahead`)."""
        handler.render = self.render

    def render(self, data: Any, options: Any, locale: str | None = None) -> str:
        """Render a block from its skeleton, or the usual way.

        Args:
            data: The collected object.
            options: The block's options.
            locale: The locale mkdocstrings passes.

        Returns:
            The block's HTML.
        """
        fields = self._fields(data)
        if self.share and not self.depth and fields.texts:
            self.rendering = (data.modules_collection, locale)
            skeleton = self._skeleton(data, options, locale)
            if skeleton is not None:
                html = self._fill(skeleton, fields, data, options, locale)
                if html is not None:
                    return html
        with fields.shown():
            return self.real_render(data, options, locale=locale)

    def _fields(self, data: Any) -> FieldTexts:
        """The texts of the packages loaded so far (gathered again when one more is)."""
        collection = data.modules_collection
        names = tuple(collection.members)
        if self.gathered is None or self.gathered[0] != names:
            self.gathered = (names, loaded_fields(collection))
        return self.gathered[1]

    def _skeleton(self, data: Any, options: Any, locale: str | None) -> Skeleton | None:
        """The block's skeleton: from the cache, or rendered now (and kept).

        The key holds the shape of all the code, not its docstrings: after a docstring edit,
        a skeleton of a file it shows is stale, and the skeleton of the files' texts now is
        kept under a key made from the stale one and those texts.
        """
        key = self._key(data, options)
        for _ in range(STALE_LIMIT):
            entry = self._entry(key)
            record = partial(self._record, data, options, locale)
            stored = computed_once(entry, record, meanwhile=self.meanwhile)
            try:
                kept = pickle.loads(stored)
            except Exception:  # a damaged entry: rendered the usual way, as a miss would be
                return None
            if not isinstance(kept, (Skeleton, Refused)):
                return None
            if self.digests.unchanged(kept.files):
                return kept if isinstance(kept, Skeleton) else None
            key = digest([key, *(self.digests.now(path) for path, _ in kept.files)])
        return None

    def record_unclaimed(self, data: Any, options: Any) -> bool:
        """Record a block's skeleton now, unless it is kept or another build is recording it.

        Args:
            data: The collected object.
            options: The block's options.

        Returns:
            Whether it was recorded now.
        """
        if not self.share or self.rendering is None or not self._fields(data).texts:
            return False
        entry = self._entry(self._key(data, options))
        return computed_if_unclaimed(entry, partial(self._record, data, options, self.rendering[1]))

    def _key(self, data: Any, options: Any) -> str:
        return digest([self.base, str(data.path), _options_key(options)])

    def _entry(self, key: str) -> Path:
        entry = self.folder / key[:2] / key
        entry.parent.mkdir(parents=True, exist_ok=True)
        return entry

    def _record(self, data: Any, options: Any, locale: str | None) -> bytes:
        """Render a block with its places recorded; `Refused` when it cannot be shared."""
        env = self.handler.env
        hook_class = env.globals.get("AutorefsHook", type(None))
        recorder = _Recorder(data, options, hook_class, self._english_word)
        env.filters["convert_markdown"] = recorder.convert
        env.filters["heading"] = recorder.heading
        env.globals["i18ndocs_text"] = recorder.text
        env.globals["i18ndocs_label"] = recorder.label
        try:
            with Watching() as logged:
                html = self.real_render(data, options, locale=locale)
        finally:
            env.filters["convert_markdown"] = self.real_convert
            env.filters["heading"] = self.real_heading
            env.globals["i18ndocs_text"] = self.real_text
            env.globals["i18ndocs_label"] = self.real_label
        files = source_files(data, inherited=bool(getattr(options, "inherited_members", True)))
        if files is None:
            return pickle.dumps(Refused(()))
        skeleton = None if logged.seen else recorder.skeleton(html, files)
        return pickle.dumps(skeleton or Refused(tuple(sorted(files.items()))))

    def _fill(
        self, skeleton: Skeleton, fields: FieldTexts, data: Any, options: Any, locale: str | None
    ) -> str | None:
        """Fill a skeleton in with the language's texts, headings and labels.

        Returns:
            The HTML; None when a text or an object of the skeleton is not this build's
            (nothing was converted yet, so the block can still render the usual way).
        """
        texts: list[str | None] = []
        hooks: list[Any] = []
        hook_class = self.handler.env.globals["AutorefsHook"]
        for slot in skeleton.slots:
            if isinstance(slot, Convert):
                texts.append(fields.fill(slot.text))
                target = _lookup(data, slot.hook) if slot.hook else None
                hooks.append(hook_class(target, options) if target is not None else None)
                if texts[-1] is None or (slot.hook and target is None):
                    return None
            else:
                texts.append(None)
                hooks.append(None)
        values: list[str] = []
        marker = skeleton.marker

        def value(match: re.Match[str]) -> str:
            return values[int(match[2])] if match[1] == marker else match[0]

        self.depth += 1  # a block inside a docstring renders the usual way
        try:
            for index, slot in enumerate(skeleton.slots):
                if isinstance(slot, Label):
                    values.append(self._word(slot, options, locale))
                elif isinstance(slot, Heading):
                    content = PLACE.sub(value, slot.content)
                    shown = Markup(content) if slot.markup else content
                    heading = self.real_heading(shown, slot.heading_level, **dict(slot.options))
                    values.append(str(heading))
                else:
                    converted = self.real_convert(
                        texts[index],
                        slot.heading_level,
                        slot.html_id,
                        autoref_hook=hooks[index],
                        **dict(slot.options),
                    )
                    values.append(str(converted))
        finally:
            self.depth -= 1
        return "".join(p if isinstance(p, str) else values[p] for p in skeleton.pieces)

    def _english_word(self, key: str) -> str:
        """A word of mkdocstrings' templates in English, the last of ``lang.t``'s fallbacks."""
        return self._words(WORD_IN_ENGLISH, key, "en", None)

    def _word(self, label: Label, options: Any, locale: str | None) -> str:
        """A label as the templates write it in this language."""
        if label.kind == "object":
            return str(escape(self.real_label(label.key)))
        return self._words(WORD, label.key, locale or "en", options)

    def _words(self, source: str, key: str, locale: str, options: Any) -> str:
        """Render a word with a template of `WORD`'s kind, once per build."""
        found = self.texts.get((source, key, locale))
        if found is None:
            if source not in self.templates:
                self.templates[source] = self.handler.env.from_string(source)
            found = str(self.templates[source].render(key=key, locale=locale, config=options))
            self.texts[(source, key, locale)] = found
        return found


def _lookup(data: Any, path: str) -> Any:
    """Find a loaded object by its path (None when it is not loaded).

    Members are looked up as declared first: asking a class for an inherited member makes
    griffe list all of them, which registers aliases a usual render would not.
    """
    collection = data.modules_collection
    try:
        return collection.get_member(path)
    except Exception:  # an inherited member, or one griffe cannot find
        pass
    try:
        return collection[path]
    except Exception:  # any failure to look up: the block renders the usual way
        return None


def _options_key(options: Any) -> str:
    """The block's options, but the griffe extensions (whose options name the language)."""
    try:
        named = [(f.name, getattr(options, f.name)) for f in fields(options)]
    except TypeError:
        return repr(options)
    return repr([(name, value) for name, value in named if name != "extensions"])


def _base_key(settings: Settings, code_shape: str) -> str:
    """Hash what every block's skeleton depends on besides its object and options."""
    return digest(
        [
            settings.config_text,
            code_shape,
            package_versions(*PACKAGES),
            pipeline_digest(),
        ]
    )
