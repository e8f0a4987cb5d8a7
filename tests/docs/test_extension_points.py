"""The pipeline uses only public extension points of MkDocs, Material, mkdocstrings and griffe,
apart from one optional module whose private upstream name a test watches (issue 10, item 2)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from i18ndocs.builder.site import build_site

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers", "griffe")
OPTIONAL = ROOT / "scripts" / "i18ndocs" / "reference" / "signatures.py"


def private_uses(path: Path) -> list[str]:
    """Imports of a private upstream module or name, and private attributes set on one."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        modules: list[tuple[str, list[str]]] = []
        if isinstance(node, ast.Import):
            modules = [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [(node.module, [alias.name for alias in node.names])]
        for module, names in modules:
            if module.split(".")[0] not in UPSTREAM:
                continue
            parts = module.split(".") + names
            if any(part.startswith("_") and not part.startswith("__") for part in parts):
                found.append(f"{path.name}:{node.lineno}: {module} {names}")
    return found


def test_no_private_upstream_import_outside_the_one_optional_module() -> None:
    offenders = []
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        if path != OPTIONAL:
            offenders += private_uses(path)
    assert offenders == []
    assert private_uses(OPTIONAL), "the check sees the one module that does use one"


def test_the_private_name_the_optional_module_patches_still_exists() -> None:
    from mkdocstrings_handlers.python._internal import rendering

    assert callable(getattr(rendering, "_get_formatter", None)), (
        "mkdocstrings-python no longer has _internal.rendering._get_formatter: update "
        "scripts/i18ndocs/reference/signatures.py, or set extra.i18n.signature_cache: false"
    )


@pytest.mark.docs
def test_the_optional_module_is_off_with_one_setting(repo_copy: Path, tmp_path: Path) -> None:
    config = repo_copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace(
            "    cache_dir: .cache/docs\n",
            "    cache_dir: .cache/docs\n    signature_cache: false\n",
        ),
        "utf-8",
    )
    shutil.rmtree(repo_copy / ".cache", ignore_errors=True)
    result = build_site(repo_copy, tmp_path / "site", ["en"])
    assert result.ok, [str(p) for p in result.problems]
    assert (repo_copy / ".cache" / "docs").is_dir()
    assert not (repo_copy / ".cache" / "docs" / "signatures").exists()
    page = tmp_path / "site" / "en" / "reference" / "websockets" / "index.html"
    assert "doc-signature" in page.read_text("utf-8")


def test_nothing_in_the_pipeline_names_the_project_it_documents() -> None:
    """The pipeline's code, templates and command line name no package: configuration does."""
    scripts = Path(__file__).resolve().parents[2] / "scripts"
    files = [*sorted((scripts / "i18ndocs").rglob("*.*")), scripts / "docs.py"]
    files += [scripts / "pyproject.toml"]
    naming = [
        str(path.relative_to(scripts))
        for path in files
        if "__pycache__" not in path.parts
        and "tether" in path.read_bytes().decode("utf-8", "replace").lower()
    ]
    assert naming == []
