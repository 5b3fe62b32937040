"""Layer rules that import-linter cannot express: drivers may use QtCore signals but never Qt widgets.

Each rule walks real folders; a folder that holds no Python file (a package moved, a path mistyped) fails the
test instead of passing it unchecked."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def python_files(folder: str, root: Path = ROOT) -> list[Path]:
    files = sorted((root / folder).rglob("*.py"))
    assert files, f"{folder}/ holds no Python file: the layer rule would check nothing"
    return files


def test_drivers_never_import_qt_widgets() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if "QtWidgets" in m or "QtGui" in m)
        for path in python_files("drivers")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_server_and_domain_never_import_qt() -> None:
    for folder in ("server", "jiaohao/domain", "jiaohao/wire"):
        for path in python_files(folder):
            assert not [m for m in imported_modules(path) if m.startswith(("PySide6", "shiboken6"))], path


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    """The guard itself: pointing a rule at a folder with no code is an error, not a pass."""
    (tmp_path / "empty").mkdir()
    with pytest.raises(AssertionError, match="holds no Python file"):
        python_files("empty", tmp_path)
