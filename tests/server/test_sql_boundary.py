"""SQL lives only under server/storage/ (DESIGN §2): no other module of the server, nor the shared core, imports
SQLAlchemy, Alembic or a database driver, or holds an SQL statement in a string.

The rule is the simplest honest one: nothing outside storage imports SQLAlchemy at all, not even for a type.
Code that must name a connection or an engine in a signature takes the opaque handles `server.storage`
re-exports (`Connection`, `Engine`) and hands them back to storage functions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATABASE_PACKAGES = ("sqlalchemy", "alembic", "psycopg", "psycopg2", "sqlite3", "asyncpg")
# A string that reads as a statement: a keyword at its start, and the words that make it one.
SQL = re.compile(
    r"^\s*(SELECT\s.+\sFROM\s|SELECT\s+pg_|INSERT\s+INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s|SAVEPOINT\s|"
    r"RELEASE\s+SAVEPOINT|ROLLBACK\s+TO|LISTEN\s|NOTIFY\s|PRAGMA\s|CREATE\s+(TABLE|INDEX)\s|ALTER\s+TABLE\s|DROP\s)",
    re.IGNORECASE | re.DOTALL,
)


def outside_storage() -> list[Path]:
    files = [p for folder in ("server", "jiaohao") for p in sorted((ROOT / folder).rglob("*.py"))]
    files = [p for p in files if "storage" not in p.relative_to(ROOT).parts]
    assert len(files) > 20, "the rule would check (almost) nothing: were the packages moved?"
    return files


def database_imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        found += [n for n in names if n.split(".")[0] in DATABASE_PACKAGES]
    return found


def docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def sql_strings(tree: ast.AST) -> list[str]:
    skip = docstrings(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        if SQL.match(node.value)
    ]


def test_no_database_import_outside_storage() -> None:
    offenders = {
        str(path.relative_to(ROOT)): database_imports(ast.parse(path.read_text(encoding="utf-8")))
        for path in outside_storage()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_sql_string_outside_storage() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sql_strings(ast.parse(path.read_text(encoding="utf-8")))
        for path in outside_storage()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy import select\n",
        "import sqlalchemy.orm\n",
        "from alembic import command\n",
        "import psycopg\n",
        'x = conn.execute("UPDATE tickets SET state = ? WHERE id = ?")\n',
        'cursor.execute(f"SELECT last_seq FROM halls WHERE id = {mark}")\n',
        'cursor.execute("SAVEPOINT job")\n',
        'conn.exec_driver_sql("SELECT pg_advisory_xact_lock(1)")\n',
    ],
)
def test_the_rule_catches_what_it_forbids(source: str) -> None:
    tree = ast.parse(source)
    assert database_imports(tree) or sql_strings(tree)


def test_the_rule_leaves_words_alone() -> None:
    source = '"""Each change is one UPDATE in the writer."""\nx = "请选择要办理的业务"\ny = "select a service"\n'
    tree = ast.parse(source)
    assert not database_imports(tree) and not sql_strings(tree)
