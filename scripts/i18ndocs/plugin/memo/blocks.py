"""The reference blocks' memo: mkdocstrings' Python handler, wrapped (`HandlerMemo`).

The HTML of each ``:::`` block is keyed by the object, its options, the language,
`i18ndocs.plugin.memo.store.language_key` (what rendering reads besides the code: the
language's catalogs, the pipeline's templates and words, ``mkdocs.yml``) and the text of
each source file the rendered objects come from (`source_files`: the object's, its members'
and inherited members', alias targets', their packages'). On a hit, ``collect`` does not
load the code with griffe and ``render`` returns the remembered HTML; what rendering left
behind is replayed: the headings the extension reads with ``get_headings`` (for the table
of contents and cross-references), and the aliases ``get_aliases`` answered for them (keyed
by the shape of all the code, `i18ndocs.plugin.memo.store.code_shape_key`). A docstring
edit so renders again only the blocks showing objects of its file. A block whose collection
or rendering logged anything (a docstring warning, say) is not remembered, so it logs again
next time.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from xml.etree.ElementTree import Element

from i18ndocs.plugin.memo.store import FileDigests, Store, text_digest
from i18ndocs.plugin.memo.watching import Watching


@dataclass(frozen=True)
class Rendered:
    """What rendering one ``:::`` block produced.

    Attributes:
        html: The block's HTML.
        headings: The headings the extension reads after it (`get_headings`).
        files: Each source file the rendered objects come from, with the digest of the
            text it was rendered from (`source_files`).
    """

    html: str
    headings: tuple[Element, ...]
    files: tuple[tuple[str, str], ...]


block_store: Store[tuple[str, ...], Rendered] = Store()
"""The blocks remembered, by `HandlerMemo`'s key."""

alias_store: Store[tuple[str, ...], tuple[str, ...]] = Store()
"""The aliases ``get_aliases`` answered, by object and all the code."""


def source_files(data: Any, inherited: bool = True) -> dict[str, str] | None:
    """List the source files a collected object's rendering reads, with their text's digest.

    They are the files of the object, of its members and inherited members (recursively),
    of the targets of aliases among them, and of the packages holding each.

    Args:
        data: The griffe object ``collect`` returned.
        inherited: Whether to walk inherited members too. Listing them makes griffe register
            them as aliases of what they inherit, which a render not showing them never does.

    Returns:
        The digest of each file's text as griffe read it, by path; None when a class's
        bases cannot be resolved (such a block is not remembered). An alias whose target
        griffe did not load (an import from outside the code) adds no file.
    """
    from griffe import AliasResolutionError

    files: dict[str, str] = {}
    seen: set[int] = set()
    pending = [data]
    while pending:
        item = pending.pop()
        try:
            target = item.final_target if item.is_alias else item
        except AliasResolutionError:
            continue  # code griffe did not load (an import from elsewhere): not the project's
        if id(target) in seen:
            continue
        seen.add(id(target))
        owner = target
        while owner is not None:
            module = owner.module if not owner.is_module else owner
            path = module.filepath
            if isinstance(path, Path) and str(path) not in files:
                files[str(path)] = text_digest(module.lines)
            owner = module.parent
        pending += target.members.values()
        if target.is_class and inherited:
            try:
                pending += target.inherited_members.values()
            except AliasResolutionError:
                return None
    return files


class BlockListener(Protocol):
    """What is told of the outer blocks a page's conversion collects and renders (`PageMemo`)."""

    def collected(self, identifier: str, options: Any) -> None:
        """An outer block is collected.

        Args:
            identifier: The object's path.
            options: The block's options.
        """

    def rendered(self, files: tuple[tuple[str, str], ...] | None) -> None:
        """An outer block is rendered (or replayed).

        Args:
            files: The source files it shows, with their digests (`Rendered.files`); None
                when the block is not remembered.
        """

    def aliased(self, identifier: str) -> None:
        """The aliases of a rendered object are asked for.

        Args:
            identifier: The object's path.
        """


@dataclass(frozen=True)
class _Skipped:
    """What ``collect`` returns for a remembered block: ``render`` looks it up."""

    key: tuple[str, ...]
    identifier: str
    options: Any


class HandlerMemo:
    """Remembers the blocks of one build's mkdocstrings Python handler (see the module).

    Args:
        handler: The handler instance; its ``collect``, ``render``, ``get_headings`` and
            ``get_aliases`` are wrapped on the instance.
        key: `language_key` of the build.
        code: `code_shape_key` of the build.

    Attributes:
        listener: Told of each outer block and alias lookup, when set (`PageMemo`).
    """

    def __init__(self, handler: Any, key: str, code: str) -> None:
        self.handler = handler
        self.key = key
        self.code = code
        self.digests = FileDigests()  # the source files' digests now, read once a build
        self.real_collect: Callable[..., Any] = handler.collect
        self.real_render: Callable[..., str] = handler.render
        self.real_headings: Callable[[], Sequence[Element]] = handler.get_headings
        self.real_aliases: Callable[[str], tuple[str, ...]] = handler.get_aliases
        self.modules: set[str] = set()  # top-level modules collected, or skipped as remembered
        self.loaded = False  # whether griffe has loaded the code in this build
        self.skipped: list[_Skipped] = []
        self.replay: list[Element] = []
        self.missed: tuple[str, ...] | None = None  # the key of the block being collected
        self.depth = 0
        self.listener: BlockListener | None = None
        handler.collect, handler.render = self.collect, self.render
        handler.get_headings, handler.get_aliases = self.get_headings, self.get_aliases

    def _block_key(self, identifier: str, options: Any) -> tuple[str, ...]:
        """Key a block by the build's sources, the object, its options, the code loaded."""
        return (self.key, identifier, repr(options), repr(sorted(self.modules)))

    def collect(self, identifier: str, options: Any) -> Any:
        """Collect an object, or return a token when its block is remembered.

        Args:
            identifier: The object's path.
            options: The block's options.

        Returns:
            The griffe object, or a `_Skipped` token.
        """
        if options == {} or self.depth:
            return self.real_collect(identifier, options)
        if self.listener is not None:
            self.listener.collected(identifier, options)
        key = self._note(identifier, options)
        if self.fresh(block_store.get(key)):
            token = _Skipped(key, identifier, options)
            self.skipped.append(token)
            return token
        with Watching() as logged:  # loading the code may warn: such a block is not kept
            self._load_skipped()
            data = self.real_collect(identifier, options)
        self.missed = None if logged.seen else key
        return data

    def _note(self, identifier: str, options: Any) -> tuple[str, ...]:
        """Note the modules a block loads; return its key."""
        self.modules.add(identifier.split(".", 1)[0])
        self.modules.update(getattr(options, "preload_modules", ()) or ())
        return self._block_key(identifier, options)

    def skip(self, identifier: str, options: Any) -> None:
        """Skip a block as if it were collected and remembered (a remembered page's block).

        The code it would load is loaded when needed (`get_aliases`, a later block), and
        its remembered rendering is kept for the next build.

        Args:
            identifier: The object's path.
            options: The block's options.
        """
        key = self._note(identifier, options)
        block_store.get(key)
        self.skipped.append(_Skipped(key, identifier, options))

    def fresh(self, rendered: Rendered | None) -> bool:
        """Tell whether a remembered block's source files still hold the text it was rendered from.

        Args:
            rendered: The remembered block, if any.

        Returns:
            Whether it can be used.
        """
        return rendered is not None and self.digests.unchanged(rendered.files)

    def render(self, data: Any, options: Any, locale: str | None = None) -> str:
        """Render a block, or replay the remembered one.

        Args:
            data: What `collect` returned.
            options: The block's options.
            locale: The locale mkdocstrings passes.

        Returns:
            The block's HTML.
        """
        if isinstance(data, _Skipped):
            rendered = block_store.get(data.key)
            assert rendered is not None  # kept for this build by collect's lookup
            self.replay = [copy.deepcopy(heading) for heading in rendered.headings]
            if self.listener is not None:
                self.listener.rendered(rendered.files)
            return rendered.html
        key, self.missed = self.missed, None
        if self.depth:  # a block inside a docstring: its headings go to the outer block
            return self.real_render(data, options, locale=locale)
        self.depth += 1
        try:
            with Watching() as logged:
                html = self.real_render(data, options, locale=locale)
        finally:
            self.depth -= 1
        self.replay = list(self.real_headings())
        files = source_files(data)
        kept = None
        if key is not None and not logged.seen and files is not None:
            headings = tuple(copy.deepcopy(heading) for heading in self.replay)
            kept = tuple(sorted(files.items()))
            block_store.put(key, Rendered(html, headings, kept))
        if self.listener is not None:
            self.listener.rendered(kept)
        return html

    def get_headings(self) -> Sequence[Element]:
        """Return the headings of the last block, rendered or replayed.

        Returns:
            The headings, handed over once.
        """
        headings, self.replay = [*self.replay, *self.real_headings()], []
        return headings

    def get_aliases(self, identifier: str) -> tuple[str, ...]:
        """Return an object's aliases, remembered when the code was not loaded this build.

        Args:
            identifier: The object's path.

        Returns:
            Its other paths.
        """
        if self.listener is not None:
            self.listener.aliased(identifier)
        key = (self.key, self.code, identifier, repr(sorted(self.modules)))
        if not self.loaded:
            remembered = alias_store.get(key)
            if remembered is not None:
                return remembered
            self._load_skipped()
        aliases = tuple(self.real_aliases(identifier))
        alias_store.put(key, aliases)
        return aliases

    def _load_skipped(self) -> None:
        """Load the code as the skipped blocks would have, in their order."""
        for token in self.skipped:
            self.real_collect(token.identifier, token.options)
        self.skipped.clear()
        self.loaded = True
