"""Which docstrings the pages render: the objects behind their ``:::`` directives.

mkdocstrings' Python handler renders, for each directive, its object and then, recursively,
the members its options select. The rule followed here is the handler's (its templates'
``filter_objects``), with griffe's public API:

* ``members``: on the directive's own object only, a list of names keeps exactly those
  members, ``false`` or ``[]`` none (inherited ones selected by ``inherited_members`` aside),
  ``true`` all of them; unset, the other options decide;
* ``inherited_members``: ``true`` keeps every inherited member, a list keeps those named,
  ``false`` none;
* ``filters``: regular expressions searched in a member's name, a leading ``!`` excluding
  (the default ``["!^_[^_]"]`` leaves out private names), or ``"public"`` (griffe's
  ``is_public``); a member imported from elsewhere is shown only when public;
* ``show_if_no_docstring``: without it, a member is shown only if it or one of its own
  members has a docstring;
* ``show_submodules``: submodules are rendered only with it;
* ``merge_init_into_class``: ``__init__`` is not rendered as a member, its docstring is shown
  in its class's;
* ``show_docstring_*``: the kinds of sections shown;
* ``docstring_style`` and ``docstring_options``: how docstrings are parsed.

A directive's ``options`` override the global ones for everything it renders. Re-exports and
inherited members render their target's docstring, whose units are named by the target's path.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from i18ndocs.catalogs.docunits import SECTION_OPTIONS, DocUnit, docstring_units, documented_objects
from i18ndocs.pages.directives import Directive, read_directives
from i18ndocs.pages.directives import handler_options as global_handler_options
from i18ndocs.project.errors import DocsError
from i18ndocs.project.languages import CONFIG_FILE
from i18ndocs.project.settings import Settings

if TYPE_CHECKING:
    from griffe import Alias, Object, Parser
    from mkdocstrings_handlers.python import PythonOptions


@dataclass(frozen=True)
class DocstringScope:
    """The docstring units the pages render, and the documented objects they leave out.

    Attributes:
        units: The units, objects in the order griffe walks the code (stable as pages move).
        off_pages: The paths of the objects with a docstring that no page renders.
    """

    units: tuple[DocUnit, ...]
    off_pages: tuple[str, ...]


def handler_options(global_options: Mapping[str, Any], local: Mapping[str, Any]) -> PythonOptions:
    """Combine the handler's defaults, global options and a directive's, as mkdocstrings does.

    Args:
        global_options: The Python handler's global ``options``.
        local: A directive's ``options``.

    Returns:
        The options in force for what the directive renders.

    Raises:
        DocsError: The options are not valid for the Python handler.
    """
    from mkdocstrings_handlers.python import PythonOptions

    try:
        options: PythonOptions = PythonOptions.from_data(**{**global_options, **local})
        return options
    except Exception as error:
        raise DocsError(
            CONFIG_FILE, None, f"plugins.mkdocstrings.handlers.python.options: {error}"
        ) from None


def docstring_parser(options: PythonOptions) -> tuple[Parser | None, dict[str, Any]]:
    """Return the griffe parser and its options that some handler options select.

    Options the parser does not take are left out, as the handler leaves them out.

    Args:
        options: The handler options in force.

    Returns:
        The parser (None: docstrings are shown as written) and its options.
    """
    from griffe import Parser

    parser = Parser(options.docstring_style) if options.docstring_style else None
    if parser is None or options.docstring_options is None:
        return parser, {}
    return parser, _accepted(parser, asdict(options.docstring_options))


def _accepted(parser: Parser, options: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the options a griffe parser's function takes (per style ones for ``auto``)."""
    from griffe import Parser, parsers

    names = set(inspect.signature(parsers[parser]).parameters) - {"docstring"}
    kept = {name: value for name, value in options.items() if name in names}
    if parser is Parser.auto and isinstance(kept.get("per_style_options"), Mapping):
        kept["per_style_options"] = {
            style: _accepted(Parser(style), value)
            for style, value in kept["per_style_options"].items()
        }
    return kept


def _passes_filters(name: str, filters: Sequence[tuple[Any, bool]]) -> bool:
    """Whether a name passes the handler's filters (a list of (pattern, exclude) pairs)."""
    keep: bool | None = None
    kinds = set()
    for pattern, exclude in filters:
        kinds.add(exclude)
        if pattern.search(name):
            keep = not exclude
    return kinds != {False} if keep is None else keep


def _selected(
    members: Sequence[Object | Alias],
    options: PythonOptions,
    members_list: bool | list[str] | None,
) -> list[Object | Alias]:
    """Select members as the handler's ``filter_objects`` filter does."""
    inherited = options.inherited_members
    listed = isinstance(inherited, list)
    if inherited is True:
        objects = list(members)
    elif inherited is False:
        objects = [obj for obj in members if not obj.inherited]
    else:
        objects = [obj for obj in members if not obj.inherited or obj.name in set(inherited)]
    if members_list is True:
        return objects
    if members_list is False or members_list == []:
        return [obj for obj in objects if obj.inherited]
    if members_list is not None:
        wanted = set(members_list)
        return [obj for obj in objects if obj.name in wanted or (listed and obj.inherited)]
    if options.filters == "public":
        objects = [obj for obj in objects if obj.is_public]
    elif options.filters:
        objects = [
            obj
            for obj in objects
            if _passes_filters(obj.name, options.filters) or (listed and obj.inherited)
        ]
    if not options.show_if_no_docstring:
        objects = [obj for obj in objects if obj.has_docstrings or (listed and obj.inherited)]
    return objects


def _target(obj: Object | Alias) -> Object | None:
    """The object whose docstring a member shows: itself, or an alias's final target."""
    from griffe import Alias, AliasResolutionError, CyclicAliasError

    if not isinstance(obj, Alias):
        return obj
    try:
        return obj.final_target
    except (AliasResolutionError, CyclicAliasError):
        return None


def _rendered(
    obj: Object | Alias, options: PythonOptions, root: bool, seen: set[str]
) -> Iterator[Object]:
    """Yield the objects whose docstrings rendering ``obj`` shows, ``obj`` first."""
    target = _target(obj)
    if target is None or target.path in seen:
        return
    seen.add(target.path)
    yield target
    if not (target.is_class or target.is_module):
        return
    all_members = list(obj.all_members.values())
    if target.is_class and options.merge_init_into_class:
        inherited = options.inherited_members
        merged_from = (
            obj.all_members
            if inherited is True or (isinstance(inherited, list) and "__init__" in inherited)
            else obj.members
        )
        init = merged_from.get("__init__")
        init_target = _target(init) if init is not None else None
        if init_target is not None and init_target.has_docstring:
            seen.add(init_target.path)
            yield init_target
    members_list = options.members if root else None
    for member in _selected(all_members, options, members_list):
        if member.is_module and not options.show_submodules:
            continue
        if target.is_class and member.name == "__init__" and options.merge_init_into_class:
            continue
        shown_imported = options.filters == "public" or members_list is not None
        imported = member.is_alias if member.is_module else member.is_imported
        if not shown_imported and imported and not member.is_public:
            continue
        yield from _rendered(member, options, False, seen)


def load_packages(
    packages: Sequence[str],
    search_paths: Sequence[Path],
    parser: Parser | None,
    parser_options: Mapping[str, Any],
) -> dict[str, Object]:
    """Load packages with griffe as the Python handler does.

    Args:
        packages: Top-level package names.
        search_paths: Where to find them (mkdocstrings' ``paths``).
        parser: The global docstring style's parser.
        parser_options: Its options.

    Returns:
        The loaded packages by name.

    Raises:
        DocsError: A package is not found on the search paths.
    """
    from griffe import GriffeLoader

    loader = GriffeLoader(
        search_paths=[str(path) for path in search_paths],
        docstring_parser=parser,
        docstring_options=dict(parser_options),  # type: ignore[arg-type]
    )
    modules: dict[str, Object] = {}
    for name in packages:
        try:
            modules[name] = loader.load(name)  # type: ignore[assignment]
        except ImportError:
            folders = ", ".join(str(path) for path in search_paths) or "none"
            raise DocsError(
                CONFIG_FILE,
                None,
                f"the pages document package {name!r}, which is not found on mkdocstrings' "
                f"paths (plugins.mkdocstrings.handlers.python.paths: {folders})",
            ) from None
    loader.resolve_aliases(implicit=False, external=None)
    return modules


def collect_scope(
    directives: Sequence[Directive],
    global_options: Mapping[str, Any],
    search_paths: Sequence[Path],
) -> DocstringScope:
    """Collect the units of the docstrings the pages render, and list those they leave out.

    Args:
        directives: The English pages' ``:::`` directives (`i18ndocs.pages.directives`).
        global_options: The Python handler's global options.
        search_paths: Where mkdocstrings finds the code.

    Returns:
        The units (each naming the pages that render it), and the objects no page renders.

    Raises:
        DocsError: A package is not found, or the handler options are invalid.
    """
    base = handler_options(global_options, {})
    parser, parser_options = docstring_parser(base)
    packages = load_packages(
        list(dict.fromkeys(d.identifier.split(".")[0] for d in directives)),
        search_paths,
        parser,
        parser_options,
    )
    pages: dict[str, list[str]] = {}
    order: list[tuple[Object, PythonOptions]] = []
    for directive in directives:
        options = handler_options(global_options, directive.options) if directive.options else base
        package = packages[directive.identifier.split(".")[0]]
        try:
            root = (
                package[directive.identifier.split(".", 1)[1]]
                if "." in directive.identifier
                else package
            )
        except KeyError:
            continue  # mkdocstrings reports an object it cannot find
        for obj in _rendered(root, options, True, set()):
            if obj.path not in pages:
                order.append((obj, options))
                pages[obj.path] = []
                if obj.docstring is not None and directive.options:
                    parser, parser_options = docstring_parser(options)
                    obj.docstring.parser = parser
                    obj.docstring.parser_options = parser_options  # type: ignore[assignment]
            if directive.page not in pages[obj.path]:
                pages[obj.path].append(directive.page)
    walked = [obj for package in packages.values() for obj in documented_objects(package)]
    rank = {obj.path: number for number, obj in enumerate(walked)}
    order.sort(key=lambda pair: rank.get(pair[0].path, len(rank)))  # as griffe walks the code
    units = [
        unit
        for obj, options in order
        for unit in docstring_units(
            obj,
            {name: getattr(options, name) for name in SECTION_OPTIONS.values()},
            tuple(pages[obj.path]),
        )
    ]
    off_pages = tuple(obj.path for obj in walked if obj.path not in pages)
    return DocstringScope(tuple(units), off_pages)


def docstring_scope(settings: Settings) -> DocstringScope:
    """Collect the docstring units the English pages render, by the project's configuration.

    Args:
        settings: The project's settings.

    Returns:
        The units and the objects no page renders.
    """
    directives = read_directives(settings.language_dir(settings.source.code))
    return collect_scope(directives, global_handler_options(settings), settings.search_paths)
