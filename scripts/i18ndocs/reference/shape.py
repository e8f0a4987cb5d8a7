"""The shape of the documented code: its syntax without docstrings, comments or line numbers.

A reference block's HTML reads the files of the objects it shows (their docstrings, lines
and listings), and, through imports, re-exports and bases, the names other files define:
never their docstrings, comments or layout. So what a block keeps from one build to the next
is keyed by the files it shows and by the shape of all the code (`shape_digest` of each
file): a docstring edit renders again only the blocks showing the edited file, and any other
edit, everything.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

STATEMENT_LISTS = ("body", "orelse", "finalbody")
"""The fields of a syntax node that hold statements."""


def shape_digest(path: Path) -> str:
    """Hash a code file's syntax tree, its string statements (docstrings) left out.

    Args:
        path: A Python file.

    Returns:
        The digest; for a file that does not parse, the digest of its bytes.
    """
    data = path.read_bytes()
    try:
        tree = ast.parse(data, filename=str(path))
    except (SyntaxError, ValueError):
        return hashlib.sha256(data).hexdigest()
    for node in ast.walk(tree):
        for name in STATEMENT_LISTS:
            statements = getattr(node, name, None)
            if isinstance(statements, list):
                setattr(node, name, [each for each in statements if not _is_string(each)])
    return hashlib.sha256(ast.dump(tree, include_attributes=False).encode()).hexdigest()


def _is_string(statement: ast.stmt) -> bool:
    """Tell whether a statement is a bare string: a docstring, griffe's or Python's."""
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )
