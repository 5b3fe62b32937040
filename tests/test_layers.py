"""Layer rules that import-linter cannot express: drivers may use QtCore signals but never Qt widgets."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "jiaohao"


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


def test_drivers_never_import_qt_widgets() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(m for m in imported_modules(path) if "QtWidgets" in m or "QtGui" in m)
        for path in (PACKAGE / "drivers").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_server_and_domain_never_import_qt() -> None:
    for folder in ("server", "domain", "wire"):
        for path in (PACKAGE / folder).rglob("*.py"):
            assert not [m for m in imported_modules(path) if m.startswith(("PySide6", "shiboken6"))], path
