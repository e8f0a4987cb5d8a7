"""Path parameter converters: how a ``{name:type}`` segment of a route path matches and converts."""

from __future__ import annotations

import math
import re
import uuid
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

__all__ = [
    "ConversionError",
    "Converter",
    "FloatConverter",
    "IntegerConverter",
    "PathConverter",
    "StringConverter",
    "UUIDConverter",
    "get_converter",
    "register_converter",
]

T = TypeVar("T")

_CONVERTER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ConversionError(ValueError, AssertionError):
    """A value cannot be written into a URL path by its converter.

    It is also an ``AssertionError``, which Starlette raises for the same mistake, so
    existing ``except`` clauses keep working.
    """


class Converter(Generic[T]):
    """The base class of path parameter converters.

    A subclass sets ``regex`` (the text one parameter matches, without anchors or
    capturing groups) and implements `convert` and `to_string` so that
    ``convert(to_string(value)) == value``. `convert` may raise `ValueError` to refuse
    text that the regex matched: the route then does not match that path.
    """

    regex: ClassVar[str] = ""
    """The regular expression that one parameter value matches in a path."""

    def convert(self, value: str) -> T:
        """Turn the matched text into the value stored in ``scope["path_params"]``.

        Args:
            value: The text of the path that matched `regex`.

        Returns:
            The converted value.

        Raises:
            ValueError: If the text has no value (the route then does not match).
            NotImplementedError: Always, in the base class: subclasses implement it.
        """
        raise NotImplementedError

    def to_string(self, value: T) -> str:
        """Write a value into a path, the reverse of `convert`.

        Args:
            value: The value to write.

        Returns:
            Text that matches `regex`.

        Raises:
            ConversionError: If the value has no representation in a path.
            NotImplementedError: Always, in the base class: subclasses implement it.
        """
        raise NotImplementedError


class StringConverter(Converter[str]):
    """One non-empty path segment (no ``/``), kept as text. The default converter."""

    regex = "[^/]+"

    def convert(self, value: str) -> str:
        """Return the matched segment unchanged.

        Args:
            value: The matched segment.

        Returns:
            The same text.
        """
        return value

    def to_string(self, value: str) -> str:
        """Check that a value fits in one path segment.

        Args:
            value: The segment text.

        Returns:
            The same text.

        Raises:
            ConversionError: If the value is empty or contains ``/``.
        """
        text = str(value)
        if not text:
            raise ConversionError("a 'str' path parameter cannot be empty")
        if "/" in text:
            raise ConversionError(f"a 'str' path parameter cannot contain '/', got {text!r}")
        return text


class PathConverter(Converter[str]):
    """The rest of the path, ``/`` included (possibly empty), kept as text."""

    regex = ".*"

    def convert(self, value: str) -> str:
        """Return the matched text unchanged.

        Args:
            value: The matched text.

        Returns:
            The same text.
        """
        return value

    def to_string(self, value: str) -> str:
        """Return the value as text.

        Args:
            value: The path text.

        Returns:
            The same text.
        """
        return str(value)


class IntegerConverter(Converter[int]):
    """A non-negative decimal integer, converted to `int`."""

    regex = "[0-9]+"

    def convert(self, value: str) -> int:
        """Parse the matched digits.

        Args:
            value: The matched digits.

        Returns:
            The integer.

        Raises:
            ValueError: If there are more digits than Python converts (4300 by default),
                so that such a path matches no route instead of failing the request.
        """
        return int(value)

    def to_string(self, value: int) -> str:
        """Write a non-negative integer in decimal.

        Args:
            value: The integer.

        Returns:
            Its decimal digits.

        Raises:
            ConversionError: If the value is not an integer or is negative.
        """
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConversionError(f"an 'int' path parameter needs an int, got {value!r}")
        if value < 0:
            raise ConversionError(f"an 'int' path parameter cannot be negative, got {value}")
        return str(value)


class FloatConverter(Converter[float]):
    """A non-negative decimal number such as ``3`` or ``2.5``, converted to `float`.

    Unlike Starlette's, `to_string` writes the shortest text that reads back as the
    same float (``0.1`` becomes ``"0.1"``, not ``"0.10000000000000000555"``).
    """

    regex = r"[0-9]+(?:\.[0-9]+)?"

    def convert(self, value: str) -> float:
        """Parse the matched number.

        Args:
            value: The matched text.

        Returns:
            The float.

        Raises:
            ValueError: If the number is too large to be a finite float, so that such a
                path matches no route.
        """
        number = float(value)
        if math.isinf(number):
            raise ValueError(f"{value[:20]}... is too large for a float")
        return number

    def to_string(self, value: float) -> str:
        """Write a finite, non-negative number in plain decimal notation.

        Args:
            value: The number (an `int` is accepted too).

        Returns:
            The shortest decimal text that converts back to the same float.

        Raises:
            ConversionError: If the value is not a number, is negative, NaN or infinite.
        """
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConversionError(f"a 'float' path parameter needs a number, got {value!r}")
        number = float(value)
        if not math.isfinite(number) or number < 0:
            raise ConversionError(
                f"a 'float' path parameter must be finite and not negative, got {value!r}"
            )
        text = format(Decimal(repr(number)), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text


class UUIDConverter(Converter[uuid.UUID]):
    """A UUID in hexadecimal, with or without dashes, converted to `uuid.UUID`."""

    regex = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"

    def convert(self, value: str) -> uuid.UUID:
        """Parse the matched UUID.

        Args:
            value: The matched text.

        Returns:
            The UUID.
        """
        return uuid.UUID(value)

    def to_string(self, value: uuid.UUID) -> str:
        """Write a UUID in its canonical dashed lowercase form.

        Args:
            value: A `uuid.UUID`, or text that parses as one.

        Returns:
            The canonical text.

        Raises:
            ConversionError: If the value is not a UUID.
        """
        try:
            return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
        except ValueError:
            raise ConversionError(f"a 'uuid' path parameter needs a UUID, got {value!r}") from None


_CONVERTERS: dict[str, Converter[Any]] = {
    "str": StringConverter(),
    "path": PathConverter(),
    "int": IntegerConverter(),
    "float": FloatConverter(),
    "uuid": UUIDConverter(),
}


def register_converter(name: str, converter: Converter[Any]) -> None:
    """Make a converter available to route paths as ``{param:name}``.

    Registering an existing name replaces that converter for routes created afterwards;
    routes already built keep the converter they were built with.

    Args:
        name: The name used after the colon in a path template.
        converter: The converter instance.

    Raises:
        ValueError: If the name is not an identifier or the converter has no ``regex``.
    """
    if not _CONVERTER_NAME.fullmatch(name):
        raise ValueError(f"a converter name must be an identifier, got {name!r}")
    if not converter.regex:
        raise ValueError(f"converter {type(converter).__name__} must set a non-empty 'regex'")
    _CONVERTERS[name] = converter


def get_converter(name: str) -> Converter[Any] | None:
    """Look up a registered converter.

    Args:
        name: The converter's name, such as ``"int"``.

    Returns:
        The converter, or ``None`` if no converter has that name.
    """
    return _CONVERTERS.get(name)
