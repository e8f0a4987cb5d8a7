"""The docs pipeline's import graph, read from its source, keeps the declared structure.

``scripts/i18ndocs/`` is split into packages by concern, stacked from the ground floor up in
``ORDER``: a package may import its own modules and the packages below it, never one above.
These tests parse every module with ``ast`` (nothing of the pipeline is imported) and fail on
an import cycle, an import against that direction, a relative import, a package missing from
``ORDER`` (or declared but gone), a module outside a package, and a package ``__init__.py``
whose docstring does not say what the package owns and may import. Each check is first run on
small synthetic trees, so it is shown to fail when it should.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
TOP = "i18ndocs"
ORDER = (  # the packages, from the ground floor up
    "project",
    "pages",
    "catalogs",
    "reference",
    "status",
    "lint",
    "plugin",
    "builder",
    "serve",
    "cli",
)


@dataclass(frozen=True)
class Import:
    """One pipeline name imported by one statement.

    Attributes:
        source: The importing module, e.g. ``i18ndocs.status.report``.
        target: The module imported, or the module a name is imported from.
        where: ``path:line`` of the statement.
        statement: The statement, as source text.
        relative: Whether the statement is a relative import.
    """

    source: str
    target: str
    where: str
    statement: str
    relative: bool


def find_modules(scripts: Path) -> dict[str, Path]:
    """Find the pipeline's modules; files in folders that are not packages are ignored.

    Args:
        scripts: The folder holding ``i18ndocs/``.

    Returns:
        Each module's file by dotted name (``i18ndocs.status`` for ``status/__init__.py``).
    """
    modules = {}
    for path in sorted((scripts / TOP).rglob("*.py")):
        parts = path.relative_to(scripts).with_suffix("").parts
        if all((folder / "__init__.py").is_file() for folder in path.parents[: len(parts) - 1]):
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def find_imports(scripts: Path) -> list[Import]:
    """Read every import of a pipeline module, wherever it sits (functions, ``TYPE_CHECKING``).

    Args:
        scripts: The folder holding ``i18ndocs/``.

    Returns:
        The imports, relative ones resolved against the importing module's package.
    """
    modules = find_modules(scripts)
    imports = []
    for source, path in modules.items():
        package = source.split(".") if path.name == "__init__.py" else source.split(".")[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        nodes = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
        for node in sorted(nodes, key=lambda n: n.lineno):
            level = node.level if isinstance(node, ast.ImportFrom) else 0
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                anchor = package[: len(package) - level + 1] if level else []
                base = ".".join([*anchor, *([node.module] if node.module else [])])
                names = (f"{base}.{alias.name}" for alias in node.names)
                targets = [name if name in modules else base for name in names]
            imports += [
                Import(
                    source=source,
                    target=target,
                    where=f"{path.relative_to(scripts.parent)}:{node.lineno}",
                    statement=ast.unparse(node),
                    relative=bool(level),
                )
                for target in dict.fromkeys(targets)
                if level or target.split(".")[0] == TOP
            ]
    return imports


def package_of(module: str) -> str | None:
    """Name the package of a dotted name: ``status`` for ``i18ndocs.status.report``.

    Args:
        module: A dotted name under ``i18ndocs``.

    Returns:
        The package's name, or None for ``i18ndocs`` itself.
    """
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def find_cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Find a shortest cycle through each module on one, skipping modules already reported.

    Args:
        graph: The modules each module imports.

    Returns:
        Each cycle as a chain of modules that starts and ends with the same module.
    """
    cycles: list[list[str]] = []
    for start in sorted(graph):
        if any(start in cycle for cycle in cycles):
            continue
        parents: dict[str, str] = {}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if start in graph[node]:
                chain = [node]
                while chain[-1] != start:
                    chain.append(parents[chain[-1]])
                cycles.append([*reversed(chain), start])
                break
            for target in sorted(graph[node] - parents.keys() - {start}):
                parents[target] = node
                queue.append(target)
    return cycles


def check_cycles(scripts: Path) -> list[str]:
    """Report every import cycle between modules as ``a -> b -> a``."""
    modules = find_modules(scripts)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for imp in find_imports(scripts):
        target = imp.target
        while target not in modules and "." in target:
            target = target.rpartition(".")[0]
        if target in modules:
            graph[imp.source].add(target)
    return [" -> ".join(cycle) for cycle in find_cycles(graph)]


def check_direction(scripts: Path) -> list[str]:
    """Report imports of a package above the importer's, or of an undeclared package."""
    problems = []
    for imp in find_imports(scripts):
        source, target = package_of(imp.source), package_of(imp.target)
        at = f"{imp.where}: `{imp.statement}`:"
        if source is None:
            problems.append(f"{at} the top-level {TOP}/__init__.py may import nothing")
        elif source not in ORDER or target in (None, source):
            continue  # an undeclared importer is reported by check_layout
        elif target not in ORDER:
            problems.append(f"{at} {target} is not a declared package")
        elif ORDER.index(target) > ORDER.index(source):
            problems.append(f"{at} {source} may not import {target}, which is above it")
    return problems


def check_relative(scripts: Path) -> list[str]:
    """Report relative imports: the pipeline imports by absolute ``i18ndocs.…`` paths."""
    return list(
        dict.fromkeys(
            f"{i.where}: `{i.statement}` is relative" for i in find_imports(scripts) if i.relative
        )
    )


def check_layout(scripts: Path) -> list[str]:
    """Report undeclared packages, declared packages that are gone and top-level modules."""
    pipeline = scripts / TOP
    found = {folder.name for folder in pipeline.iterdir() if (folder / "__init__.py").is_file()}
    return [
        *(f"{TOP}/{name}/ is a package missing from ORDER" for name in sorted(found - {*ORDER})),
        *(
            f"{TOP}/{name}/ is declared in ORDER but is no package"
            for name in ORDER
            if name not in found
        ),
        *(
            f"{TOP}/{path.name} is a module outside a package"
            for path in sorted(pipeline.glob("*.py"))
            if path.name != "__init__.py"
        ),
    ]


def check_docstrings(scripts: Path) -> list[str]:
    """Report package ``__init__.py`` files whose docstring does not say what they may import."""
    problems = []
    for init in sorted((scripts / TOP).glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        if "may import" not in " ".join(doc.lower().split()):
            where = init.relative_to(scripts.parent)
            problems.append(f"{where}: docstring {doc!r} must state what it owns and may import")
    return problems


CHECKS: dict[str, Callable[[Path], list[str]]] = {
    "cycles": check_cycles,
    "direction": check_direction,
    "relative": check_relative,
    "layout": check_layout,
    "docstrings": check_docstrings,
}


@pytest.mark.parametrize("check", CHECKS.values(), ids=list(CHECKS))
def test_pipeline_keeps_its_structure(check: Callable[[Path], list[str]]) -> None:
    """The real pipeline passes every check."""
    problems = check(SCRIPTS)
    assert not problems, "\n".join(problems)


def write_tree(tmp_path: Path, changes: Mapping[str, str | None]) -> Path:
    """Write a valid synthetic pipeline, with files changed (or left out, for None).

    Args:
        tmp_path: Where to write ``scripts/i18ndocs/``.
        changes: File texts by path under ``i18ndocs/``, replacing or adding to the valid tree.

    Returns:
        The ``scripts`` folder.
    """
    files: dict[str, str | None] = {
        "__init__.py": '"""The pipeline."""\n',
        **{
            f"{name}/__init__.py": f'"""Owns {name}. It may import lower packages."""\n'
            for name in ORDER
        },
        "project/errors.py": "DocsError = ValueError\n",
        "catalogs/po.py": "from i18ndocs.project.errors import DocsError\n",
        "status/model.py": "",
        "status/report.py": "from i18ndocs.status import model\nfrom i18ndocs.catalogs import po\n",
        "cli/main.py": "def run() -> None:\n    import i18ndocs.status.report\n",
        "templates/theme/main.html": "",
        **changes,
    }
    for name, text in files.items():
        if text is not None:
            path = tmp_path / "scripts" / TOP / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return tmp_path / "scripts"


@pytest.mark.parametrize("check", CHECKS.values(), ids=list(CHECKS))
def test_valid_tree_passes(tmp_path: Path, check: Callable[[Path], list[str]]) -> None:
    """The synthetic tree the failing cases start from is valid."""
    assert check(write_tree(tmp_path, {})) == []


@pytest.mark.parametrize(
    "model",
    [
        "from i18ndocs.status.report import collect\n",
        "def load() -> None:\n    import i18ndocs.status.report\n",
        "import typing\nif typing.TYPE_CHECKING:\n    from i18ndocs.status import report\n",
        "from . import report\n",
    ],
    ids=["module level", "in function", "type checking", "relative"],
)
def test_cycle_is_reported(tmp_path: Path, model: str) -> None:
    """A module importing back a module that imports it is a cycle, wherever the import sits."""
    scripts = write_tree(tmp_path, {"status/model.py": model})
    chain = "i18ndocs.status.model -> i18ndocs.status.report -> i18ndocs.status.model"
    assert check_cycles(scripts) == [chain]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"project/errors.py": "import i18ndocs.catalogs.po\n"}, "project may not import catalogs"),
        ({"project/errors.py": "from i18ndocs.catalogs import po\n"}, "`from i18ndocs.catalogs"),
        ({"project/errors.py": "from i18ndocs.catalogs.po import x\n"}, "import catalogs, which"),
        ({"project/errors.py": "from i18ndocs.catalogs import name\n"}, "import catalogs, which"),
        ({"project/errors.py": "def f() -> None:\n    from i18ndocs import cli\n"}, "import cli"),
        ({"project/errors.py": "from ..status import model\n"}, "project may not import status"),
        ({"cli/main.py": "import i18ndocs.extras.x\n"}, "extras is not a declared package"),
        ({"__init__.py": "from i18ndocs.project import errors\n"}, "may import nothing"),
    ],
)
def test_import_against_the_order_is_reported(
    tmp_path: Path, changes: dict[str, str], expected: str
) -> None:
    """An import of a package above the importer's is reported, in every import form."""
    problems = check_direction(write_tree(tmp_path, changes))
    assert len(problems) == 1
    assert expected in problems[0]


@pytest.mark.parametrize("statement", ["from . import errors", "from .errors import DocsError"])
def test_relative_import_is_reported(tmp_path: Path, statement: str) -> None:
    """A relative import is reported with its place and text."""
    scripts = write_tree(tmp_path, {"project/settings.py": f"x = 1\n{statement}\n"})
    expected = f"scripts/i18ndocs/project/settings.py:2: `{statement}` is relative"
    assert check_relative(scripts) == [expected]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"extras/__init__.py": '"""It may import all."""'}, "extras/ is a package missing"),
        ({"serve/__init__.py": None}, "serve/ is declared in ORDER but is no package"),
        ({"helpers.py": ""}, "helpers.py is a module outside a package"),
    ],
)
def test_layout_problem_is_reported(
    tmp_path: Path, changes: dict[str, str | None], expected: str
) -> None:
    """Packages and ORDER agree, and no module sits directly under ``i18ndocs/``."""
    assert [expected in problem for problem in check_layout(write_tree(tmp_path, changes))] == [
        True
    ]


@pytest.mark.parametrize("text", ["", '"""lint"""\n', "# It may import pages.\n"])
def test_package_docstring_is_required(tmp_path: Path, text: str) -> None:
    """A package ``__init__.py`` without a docstring saying what it may import is reported."""
    problems = check_docstrings(write_tree(tmp_path, {"lint/__init__.py": text}))
    assert len(problems) == 1
    assert problems[0].startswith("scripts/i18ndocs/lint/__init__.py: docstring")
