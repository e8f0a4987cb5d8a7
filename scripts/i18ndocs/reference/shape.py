"""The shape of the documented code: its text without its docstrings.

A reference block's HTML reads the files of the objects it shows (their docstrings, lines
and listings), and, through imports, re-exports and bases, the names other files define:
never their docstrings. So what a block keeps from one build to the next is keyed by the
files it shows and by the shape of all the code (`shape_digest` of each file): a docstring
edit renders again only the blocks showing the edited file, and any other edit (a comment
included), everything.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

STATEMENT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")
"""The fields of a syntax node that hold statements (or nodes holding statements)."""


def shape_digest(path: Path) -> str:
    """Hash a code file's bytes, its string statements (docstrings) cut out.

    Args:
        path: A Python file.

    Returns:
        The digest; for a file that does not parse, the digest of all its bytes.
    """
    data = path.read_bytes()
    try:
        tree = ast.parse(data, filename=str(path))
    except (SyntaxError, ValueError):
        return hashlib.sha256(data).hexdigest()
    starts = [0]
    for line in data.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    hashed, position = hashlib.sha256(), 0
    for node in sorted(_docstrings(tree), key=lambda node: (node.lineno, node.col_offset)):
        hashed.update(data[position : starts[node.lineno - 1] + node.col_offset])
        end = (node.end_lineno or node.lineno, node.end_col_offset or node.col_offset)
        position = starts[end[0] - 1] + end[1]
        hashed.update(b"\0")
    hashed.update(data[position:])
    return hashed.hexdigest()


def _docstrings(node: ast.AST) -> list[ast.Expr]:
    """The bare string statements under a node (expressions are not walked)."""
    found: list[ast.Expr] = []
    for name in STATEMENT_LISTS:
        for statement in getattr(node, name, None) or ():
            if (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                found.append(statement)
            else:
                found += _docstrings(statement)
    return found
