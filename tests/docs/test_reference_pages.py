"""The reference pages, read from the built HTML, against the code they document.

For every documented function, method and class on every reference page in every language:
the source block starts at the object's real first line and shows its real source, the
separate signature lists the real parameters, kinds, annotations and defaults, and the
parameter table has one row per parameter, each with a type, a description and a default.
Properties have a source block checked the same way, and every row of an Attributes table
has a type.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib
import inspect
import pkgutil
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from htmltree import Element, parse_file

import tether
from i18ndocs.builder.site import SiteResult

pytestmark = pytest.mark.docs

LANGUAGES = ("en", "es", "zh")
PAGES = ("connection", "websockets", "datastructures", "routing", "testing", "exceptions", "types")
PARAMETERS_TITLE = {"en": "Parameters:", "es": "Parámetros:", "zh": "参数："}  # noqa: RUF001
ATTRIBUTES_TITLE = {"en": "Attributes:", "es": "Atributos:", "zh": "属性："}  # noqa: RUF001
REQUIRED = {"en": "required", "es": "obligatorio", "zh": "必需"}


@dataclass
class Documented:
    """One object as the HTML documents it."""

    identifier: str
    kind: str
    element: Element


def own_descendants(element: Element) -> Iterator[Element]:
    """Descendants of an object's block that do not belong to a nested object's block."""
    for child in element.elements():
        if "doc-object" in child.classes:
            continue
        yield child
        yield from own_descendants(child)


def documented_objects(page: Element) -> list[Documented]:
    found = []
    for block in page.find_all("div", "doc-object"):
        heading = next((e for e in block.elements() if "doc-heading" in e.classes), None)
        if heading is None or "id" not in heading.attrs:
            continue
        kind = next(c.removeprefix("doc-") for c in block.classes if c not in {"doc", "doc-object"})
        found.append(Documented(heading.attrs["id"], kind, block))
    return found


def resolve(identifier: str) -> tuple[ModuleType, Any, Any]:
    """Import a dotted path: its module, the object holding the last name, and the raw object."""
    parts = identifier.split(".")
    for split in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        owner: Any = None
        target: Any = module
        for name in parts[split:]:
            owner, target = target, inspect.getattr_static(target, name)
        return module, owner, target
    raise LookupError(identifier)


def unwrap(target: Any) -> Any:
    if isinstance(target, property):
        return target.fget
    if isinstance(target, (staticmethod, classmethod)):
        return target.__func__
    if isinstance(target, functools.cached_property):
        return target.func
    return target


def expected_signature(owner: Any, target: Any) -> inspect.Signature:
    if inspect.isclass(target):
        return inspect.signature(target)
    function = unwrap(target)
    signature = inspect.signature(function)
    if inspect.isclass(owner) and not isinstance(target, staticmethod):
        parameters = list(signature.parameters.values())[1:]  # self or cls is not shown
        signature = signature.replace(parameters=parameters)
    return signature


def constructor_in_tether(cls: type) -> bool:
    """Whether the ``__init__`` a class uses is defined in tether (so griffe can show it)."""
    owner = next(base for base in cls.__mro__ if "__init__" in vars(base))
    return owner.__module__.split(".")[0] == "tether"


def shown_arguments(signature_text: str) -> ast.arguments:
    """Parse a rendered signature such as ``name(a: int, *, b: str = 'x') -> None``."""
    text = " ".join(signature_text.split())
    text = re.sub(r"^[\w.]+", "f", text)
    tree = ast.parse(f"def {text}: pass")
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    return function.args


def normalized_annotation(text: str) -> str:
    """An annotation's expression, without module prefixes (``typing.Any`` and ``Any`` match)."""
    with contextlib.suppress(SyntaxError):
        text = ast.unparse(ast.parse(text, mode="eval"))
    return re.sub(r"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_])", "", text).replace("'", '"')


def check_signature(
    module: ModuleType, expected: inspect.Signature, shown: ast.arguments
) -> list[str]:
    problems = []
    kinds = [
        *((a, inspect.Parameter.POSITIONAL_ONLY) for a in shown.posonlyargs),
        *((a, inspect.Parameter.POSITIONAL_OR_KEYWORD) for a in shown.args),
        *([(shown.vararg, inspect.Parameter.VAR_POSITIONAL)] if shown.vararg else []),
        *((a, inspect.Parameter.KEYWORD_ONLY) for a in shown.kwonlyargs),
        *([(shown.kwarg, inspect.Parameter.VAR_KEYWORD)] if shown.kwarg else []),
    ]
    positional_defaults = dict(
        zip(
            [a.arg for a in [*shown.posonlyargs, *shown.args]][::-1],
            shown.defaults[::-1],
            strict=False,
        )
    )
    keyword_defaults = {
        a.arg: d for a, d in zip(shown.kwonlyargs, shown.kw_defaults, strict=True) if d is not None
    }
    shown_defaults = {**positional_defaults, **keyword_defaults}
    names = [argument.arg for argument, _ in kinds]
    if names != list(expected.parameters):
        return [f"parameters {names} != {list(expected.parameters)}"]
    for (argument, kind), parameter in zip(kinds, expected.parameters.values(), strict=True):
        if kind != parameter.kind:
            problems.append(f"{argument.arg}: kind {kind.name} != {parameter.kind.name}")
        if parameter.annotation is not inspect.Parameter.empty:
            if argument.annotation is None:
                problems.append(f"{argument.arg}: annotation missing")
            else:
                shown_annotation = normalized_annotation(ast.unparse(argument.annotation))
                real = parameter.annotation
                real_text = real if isinstance(real, str) else inspect.formatannotation(real)
                if shown_annotation != normalized_annotation(real_text):
                    problems.append(f"{argument.arg}: annotation {shown_annotation} != {real_text}")
        default = shown_defaults.get(argument.arg)
        if parameter.default is inspect.Parameter.empty:
            if default is not None:
                problems.append(f"{argument.arg}: shows a default but has none")
        elif default is None:
            problems.append(f"{argument.arg}: default {parameter.default!r} not shown")
        else:
            value = eval(ast.unparse(default), vars(module))
            if not (value is parameter.default or value == parameter.default):
                problems.append(f"{argument.arg}: default {value!r} != {parameter.default!r}")
    return problems


def parameter_rows(block: Element, lang: str) -> list[list[Element]] | None:
    title = PARAMETERS_TITLE[lang]
    own = list(own_descendants(block))
    for index, element in enumerate(own):
        if "doc-section-title" in element.classes and element.text().strip() == title:
            table = next(e for e in own[index:] if e.tag == "table")
            body = table.find("tbody")
            assert body is not None
            return [
                [cell for cell in row.elements() if cell.tag == "td"] for row in body.elements()
            ]
    return None


def source_block(block: Element) -> tuple[int, list[str]] | None:
    details = next((e for e in own_descendants(block) if "mkdocstrings-source" in e.classes), None)
    if details is None:
        return None
    numbers = details.find("td", "linenos")
    code = details.find("td", "code")
    assert numbers is not None
    assert code is not None
    first = int(numbers.text().split()[0])
    return first, code.text().rstrip("\n").split("\n")


def check_source(documented: Documented, shown_source: Any) -> list[str]:
    """The object's source block against the real source of what it shows."""
    source = source_block(documented.element)
    real_lines, real_start = inspect.getsourcelines(shown_source)
    real_lines = textwrap.dedent("".join(real_lines)).split("\n")
    if source is None:
        return ["no source block"]
    start, shown_lines = source
    problems = []
    if start != real_start:
        problems.append(f"source starts at line {start}, really at {real_start}")
    if [line.rstrip() for line in shown_lines] != [line.rstrip() for line in real_lines[:-1]]:
        problems.append("source text differs from the file")
    return problems


def attribute_rows(block: Element, lang: str) -> list[list[str]]:
    """The cells of the object's own Attributes tables."""
    title = ATTRIBUTES_TITLE[lang]
    own = list(own_descendants(block))
    rows = []
    for index, element in enumerate(own):
        if "doc-section-title" in element.classes and element.text().strip() == title:
            table = next(e for e in own[index:] if e.tag == "table")
            body = table.find("tbody")
            assert body is not None
            rows += [
                [cell.text().strip() for cell in row.elements() if cell.tag == "td"]
                for row in body.elements()
            ]
    return rows


def check_attribute_types(lang: str, documented: Documented) -> list[str]:
    return [
        f"attribute {row[0]}: no type"
        for row in attribute_rows(documented.element, lang)
        if len(row) < 2 or not row[1]
    ]


def check_object(lang: str, documented: Documented) -> list[str]:
    module, owner, target = resolve(documented.identifier)
    if isinstance(target, (property, functools.cached_property)):
        return check_source(documented, unwrap(target))
    if documented.kind not in {"function", "class"}:
        return []
    problems = check_attribute_types(lang, documented)
    shown_source = unwrap(target)
    if inspect.isclass(target) and "__init__" in vars(target):
        shown_source = target.__init__  # merge_init_into_class shows the constructor's source
    problems += check_source(documented, shown_source)
    signature_element = next(
        (e for e in own_descendants(documented.element) if "doc-signature" in e.classes), None
    )
    if signature_element is None:
        if inspect.isclass(target) and not constructor_in_tether(target):
            return problems  # nothing to show: the constructor comes from outside tether
        return [*problems, "no separate signature"]
    expected = expected_signature(owner, target)
    problems += check_signature(module, expected, shown_arguments(signature_element.text()))
    rows = parameter_rows(documented.element, lang)
    listed = [
        p for p in expected.parameters.values() if p.kind not in {p.VAR_POSITIONAL, p.VAR_KEYWORD}
    ]
    if rows is None:
        if listed:
            problems.append(f"no parameter table for {[p.name for p in listed]}")
        return problems
    names = [row[0].text().strip() for row in rows]
    if [name.lstrip("*") for name in names] != [p.name for p in expected.parameters.values()]:
        problems.append(f"parameter rows {names} != {list(expected.parameters)}")
    for row in rows:
        name, type_cell, description, default = (cell.text().strip() for cell in row)
        if not type_cell:
            problems.append(f"parameter {name}: no type")
        if not description:
            problems.append(f"parameter {name}: no description")
        if not default:
            problems.append(f"parameter {name}: no default column")
        parameter = expected.parameters.get(name.lstrip("*"))
        required = (
            parameter is not None
            and parameter.default is inspect.Parameter.empty
            and parameter.kind not in {parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD}
        )
        if required and default != REQUIRED[lang]:
            problems.append(f"parameter {name}: default {default!r} for a required one")
    return problems


def page_path(site: SiteResult, lang: str, page: str) -> Path:
    return site.site_dir / lang / "reference" / page / "index.html"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_reference_page_matches_the_code(built_site: SiteResult, lang: str, page: str) -> None:
    documented = documented_objects(parse_file(page_path(built_site, lang, page)))
    assert documented, f"{lang}/reference/{page} documents nothing"
    problems = [
        f"{item.identifier}: {problem}"
        for item in documented
        for problem in check_object(lang, item)
    ]
    assert not problems, "\n".join(problems)


def test_every_function_and_method_is_checked(built_site: SiteResult) -> None:
    """The checks above must have real material: functions, methods and classes."""
    kinds: dict[str, int] = {}
    for page in PAGES:
        for item in documented_objects(parse_file(page_path(built_site, "en", page))):
            kinds[item.kind] = kinds.get(item.kind, 0) + 1
    assert kinds.get("function", 0) >= 20
    assert kinds.get("class", 0) >= 10


def test_properties_and_attribute_types_are_checked(built_site: SiteResult) -> None:
    """The property and Attributes checks have material: every HTTPConnection property, and
    attributes whose type is only known from their value (no annotation)."""
    page = parse_file(page_path(built_site, "en", "connection"))
    properties = [
        item
        for item in documented_objects(page)
        if isinstance(resolve(item.identifier)[2], property)
        and item.identifier.startswith("tether.connection.HTTPConnection.")
    ]
    assert len(properties) >= 13
    assert all(source_block(item.element) is not None for item in properties)
    classes = {
        item.identifier: item
        for name in ("routing", "websockets")
        for item in documented_objects(parse_file(page_path(built_site, "en", name)))
        if item.kind == "class"
    }
    route = classes["tether.routing.BaseRoute"]
    assert "template" not in inspect.get_annotations(resolve(route.identifier)[2])
    rows = {row[0]: row[1] for row in attribute_rows(route.element, "en")}
    assert rows["template"] == "PathTemplate"  # from `self.template = PathTemplate(path)`
    states = classes["tether.websockets.WebSocketState"]
    rows = {row[0]: row[1] for row in attribute_rows(states.element, "en")}
    assert rows["CONNECTED"] == "int"  # from `CONNECTED = 1`


def public_objects() -> list[str]:
    """Every public class and function tether defines, by its defining module's path."""
    names = []
    for info in pkgutil.iter_modules(tether.__path__, "tether."):
        module = importlib.import_module(info.name)
        if info.name.rsplit(".", 1)[1].startswith("_"):
            continue
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isclass(value) or inspect.isfunction(value):
                names.append(f"{module.__name__}.{name}")
    return sorted(names)


def test_every_public_object_is_documented(built_site: SiteResult) -> None:
    documented = {
        item.identifier
        for page in PAGES
        for item in documented_objects(parse_file(page_path(built_site, "en", page)))
    }
    exported = {f"{getattr(tether, n).__module__}.{n}" for n in getattr(tether, "__all__", [])}
    missing = sorted((set(public_objects()) | exported) - documented)
    assert not missing, f"not in the reference: {missing}"


BASES = {"en": "Bases:", "es": "Clases base:", "zh": "基类："}  # noqa: RUF001


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_class_names_its_bases_in_the_language(built_site: SiteResult, lang: str) -> None:
    # mkdocstrings-python has no English word for the pipeline's own "Bases:" label: English
    # once showed the bases after nothing.
    page = parse_file(page_path(built_site, lang, "exceptions"))
    lines = [p.text().split() for p in page.find_all("p") if "doc-class-bases" in p.classes]
    assert len(lines) >= 5
    assert all(words[:-1] and " ".join(words).startswith(BASES[lang]) for words in lines)
