"""A griffe extension that completes what griffe records of attributes, for the reference.

Properties: griffe records a property as an attribute whose first line is its ``def`` line,
so its source would start below its decorators; the extension moves the first line up to the
first decorator, as griffe does for functions, and the property's source block (the
``attribute`` template) shows it whole.

Types: an attribute assigned without an annotation (``self.state = _CONNECTING``) has no type in
griffe, so the Attributes table of its class has an empty Type cell. Once the package is
loaded, this extension infers the missing annotation from the assigned value, only where the
value says it unambiguously:

* a parameter of the function assigning it (``self.code = code``): its annotation;
* a name of another attribute: that attribute's annotation, or its own inferred type;
* a member of an enumeration (``Colour.RED``): the enumeration;
* a call of a class (``Colour(1)``, ``Headers()``): that class;
* a call of a function with a return annotation: that annotation;
* a call of a built-in class (``dict(pairs)``): that class;
* ``a if cond else b`` and ``a or b``: the union of both sides' types, without ``None`` where
  the expression rules it out (``x or ""``, ``f() if x is None else x``);
* a literal (``1``, ``"x"``, ``b""``, ``1.5``, ``True``): its built-in type.

Anything else is left without a type. The pipeline's build configuration
(`i18ndocs.project.language_config`) and a plain ``mkdocs build`` (`i18ndocs.plugin.plugin`)
register it ahead of other extensions, so docstrings are parsed after the types are known.
"""

from __future__ import annotations

import ast
import contextlib
from typing import Any

from griffe import (
    Alias,
    Attribute,
    Class,
    Expr,
    ExprAttribute,
    ExprBinOp,
    ExprBoolOp,
    ExprCall,
    ExprCompare,
    ExprIfExp,
    ExprName,
    ExprSubscript,
    Extension,
    Function,
    GriffeLoader,
    Module,
    Object,
    ObjectNode,
)

ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"})
"""Base class names (last part of the path) that make a class an enumeration."""

BUILTIN_TYPES = frozenset(
    {"bool", "bytes", "bytearray", "dict", "float", "frozenset", "int", "list", "set", "str"}
)
"""Built-in classes whose call gives an instance of themselves."""

_LITERAL_TYPES = {bool: "bool", int: "int", float: "float", str: "str", bytes: "bytes"}


def _target(name: ExprName, loader: GriffeLoader) -> Object | None:
    """Find the object a name in an expression refers to, inside the loaded packages."""
    try:
        path = name.canonical_path
        found = loader.modules_collection[path]
    except Exception:  # griffe raises several kinds of error for names it cannot resolve
        return None
    with contextlib.suppress(Exception):
        while isinstance(found, Alias):
            found = found.final_target
    return found if isinstance(found, Object) else None


def _is_enum(cls: Class) -> bool:
    """Whether a class derives directly from one of the standard enumeration bases."""
    return any(str(base).rsplit(".", 1)[-1] in ENUM_BASES for base in cls.bases)


def _union_parts(annotation: str | Expr) -> list[str | Expr]:
    """Split ``A | B | None`` into its parts (``Optional[A]`` into ``A`` and ``None``)."""
    if isinstance(annotation, ExprBinOp) and annotation.operator == "|":
        return [*_union_parts(annotation.left), *_union_parts(annotation.right)]
    if (
        isinstance(annotation, ExprSubscript)
        and str(annotation.left).rsplit(".", 1)[-1] == "Optional"
        and isinstance(annotation.slice, Expr)
    ):
        return [annotation.slice, "None"]
    return [annotation]


def _union(parts: list[str | Expr]) -> Expr | None:
    """Join types with ``|``, each once, in order; None when there is none."""
    unique: dict[str, str | Expr] = {}
    for part in parts:
        unique.setdefault(str(part), part)
    joined: str | Expr | None = None
    for part in unique.values():
        joined = part if joined is None else ExprBinOp(joined, "|", part)
    return joined if isinstance(joined, Expr) else None


def _without_none(annotation: Expr) -> Expr | None:
    """A type with ``None`` taken out of its union."""
    return _union([part for part in _union_parts(annotation) if str(part) != "None"])


def _none_test(test: str | Expr) -> tuple[str, bool] | None:
    """Read ``name is None`` or ``name is not None``: the name and whether it is None."""
    if (
        isinstance(test, ExprCompare)
        and isinstance(test.left, ExprName)
        and len(test.operators) == 1
        and [str(c) for c in test.comparators] == ["None"]
        and test.operators[0] in {"is", "is not"}
    ):
        return test.left.name, test.operators[0] == "is"
    return None


def _narrowed(value: str | Expr, loader: GriffeLoader, depth: int, not_none: str) -> Expr | None:
    """Infer a value's type, knowing that the name ``not_none`` is not None there."""
    inferred = infer_type(value, loader, depth + 1)
    if inferred is not None and isinstance(value, ExprName) and value.name == not_none:
        return _without_none(inferred)
    return inferred


def _branches(value: ExprIfExp | ExprBoolOp, loader: GriffeLoader, depth: int) -> Expr | None:
    """The union of the types a conditional expression or ``or`` can give."""
    types: list[Expr | None]
    if isinstance(value, ExprIfExp):
        tested = _none_test(value.test)
        body_name = tested[0] if tested and not tested[1] else ""
        else_name = tested[0] if tested and tested[1] else ""
        types = [
            _narrowed(value.body, loader, depth, body_name),
            _narrowed(value.orelse, loader, depth, else_name),
        ]
    elif value.operator == "or":
        *first, last = value.values
        # Every operand but the last is only the result when it is true: never None.
        types = [
            *(
                None if found is None else _without_none(found)
                for found in (infer_type(item, loader, depth + 1) for item in first)
            ),
            infer_type(last, loader, depth + 1),
        ]
    else:
        return None
    if any(found is None for found in types):
        return None
    return _union([part for found in types if found is not None for part in _union_parts(found)])


def infer_type(value: str | Expr | None, loader: GriffeLoader, depth: int = 0) -> Expr | None:
    """Infer the type of an assigned value, where the value states it unambiguously.

    Args:
        value: The value as griffe keeps it (an expression or the source of a literal).
        loader: The loader that loaded the package, to look up the names the value uses.
        depth: How many attribute names were followed so far (stops reference cycles).

    Returns:
        The type as an expression, or None when it cannot be told.
    """
    if value is None or depth > 8:
        return None
    if isinstance(value, ExprName):
        function = value.parent
        if isinstance(function, Function) and value.name in function.parameters:
            annotation = function.parameters[value.name].annotation
            return annotation if isinstance(annotation, Expr) else None
        target = _target(value, loader)
        if isinstance(target, Attribute):
            if isinstance(target.annotation, Expr):
                return target.annotation
            return infer_type(target.value, loader, depth + 1)
        return None
    if isinstance(value, ExprAttribute):
        owner = value.values[0] if len(value.values) == 2 else None
        if isinstance(owner, ExprName):
            cls = _target(owner, loader)
            if isinstance(cls, Class) and _is_enum(cls):
                return owner
        return None
    if isinstance(value, ExprCall):
        callee = value.function
        if not isinstance(callee, ExprName):
            return None
        called = _target(callee, loader)
        if called is None and callee.name in BUILTIN_TYPES:
            return ExprName(callee.name)  # a built-in the package does not shadow
        if isinstance(called, Class):
            return callee
        if isinstance(called, Function) and isinstance(called.returns, Expr):
            return called.returns
        return None
    if isinstance(value, (ExprIfExp, ExprBoolOp)):
        return _branches(value, loader, depth)
    if isinstance(value, str):
        try:
            literal = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
        name = _LITERAL_TYPES.get(type(literal))
        return None if name is None else ExprName(name)
    return None


def _attributes(obj: Object) -> list[Attribute]:
    """Every attribute defined in a module or class, nested classes included."""
    found: list[Attribute] = []
    for member in obj.members.values():
        if isinstance(member, Alias):
            continue
        if isinstance(member, Attribute):
            found.append(member)
        elif isinstance(member, (Module, Class)):
            found += _attributes(member)
    return found


class CompleteAttributes(Extension):
    """Start properties at their first decorator; annotate attributes from their value."""

    def on_attribute_instance(
        self, *, node: ast.AST | ObjectNode, attr: Attribute, **kwargs: Any
    ) -> None:
        """Start a property visited from source at its first decorator.

        Args:
            node: The syntax node the attribute comes from (the ``def`` of a property).
            attr: The attribute griffe created.
            **kwargs: Further arguments griffe may pass.
        """
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
            attr.lineno = min(decorator.lineno for decorator in node.decorator_list)

    def on_package(self, *, pkg: Module, loader: GriffeLoader, **kwargs: Any) -> None:
        """Infer the missing annotations of a package griffe has just loaded.

        Args:
            pkg: The loaded package.
            loader: The loader that loaded it.
            **kwargs: Further arguments griffe may pass.
        """
        for attribute in _attributes(pkg):
            if attribute.annotation is None:
                inferred = infer_type(attribute.value, loader)
                if inferred is not None:
                    attribute.annotation = inferred
