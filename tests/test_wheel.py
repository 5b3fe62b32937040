"""The wheel a hall machine installs holds every package and every data file (sample hall, translations,
migrations, web pages): built from this checkout and looked inside."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGES = ("jiaohao", "server", "client", "kiosk", "caller", "display", "pad", "drivers", "demo")


def shipped_files() -> set[str]:
    """Every file under the packages that belongs in the wheel: source and data, not caches or build output."""
    files = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("."):
                files.add(path.relative_to(ROOT).as_posix())
    return files


def test_the_wheel_holds_every_package_and_data_file(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), ROOT],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("jiaohao-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = shipped_files()
    assert {f"{p}/__init__.py" for p in PACKAGES} <= names
    for needed in ("server/sample_hall.toml", "server/web/templates/phone.html", "client/translations/jiaohao_en.ts"):
        assert needed in expected and needed in names
    assert sorted(expected - names) == []
    assert not [n for n in names if n.startswith(("tests/", "bench/", "docs/"))]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "jiaohao = jiaohao.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
