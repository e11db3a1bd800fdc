"""The architecture is a contract: import-linter's layers and forbidden imports hold."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "4 kept, 0 broken" in run.stdout, run.stdout[-2000:]


# Outside `lessons/`, lessons and files are reached through `LessonService` (and users through
# the accounts port): no attribute named store or files, and no store or storage backend, except
# in the one module that builds them from settings.
REACH_THROUGH = re.compile(r"(?<=\w)(?<!settings)\.(_?store|_?files|_?renderer)\b(?!_)")
BACKENDS = re.compile(
    r"\b(lessons\.store\.(sqlite|convex|postgres)\w*|tools\.storage\.(?!protocol\b)\w+)"
)
WIRING = Path("agent/wiring.py")


def _sources_outside_lessons() -> list[Path]:
    found = [ROOT / "app.py"]
    for package in ("agent", "chat"):  # mcp_manim_docs may not import lessons at all
        found += sorted((ROOT / package).rglob("*.py"))
    return found


def test_nothing_outside_lessons_reaches_into_the_store_or_the_files() -> None:
    seen: list[str] = []
    for path in _sources_outside_lessons():
        relative = path.relative_to(ROOT)
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            code = line.split("#", 1)[0]
            is_import = code.lstrip().startswith(("from ", "import "))
            reach = None if is_import else REACH_THROUGH.search(code)
            backend = BACKENDS.search(code) if relative != WIRING else None
            if reach or backend:
                seen.append(f"{relative}:{number}: {line.strip()}")
    assert not seen, "reached past LessonService:\n" + "\n".join(seen)


def test_the_reach_through_check_sees_what_it_must() -> None:
    assert REACH_THROUGH.search("await tutor.service.store.get_user(name)")
    assert REACH_THROUGH.search("self._files.url(key)")
    assert not REACH_THROUGH.search("settings.files_dir")
    assert not REACH_THROUGH.search("match settings.store:")
    assert BACKENDS.search("from lessons.store.sqlite_store import SqliteLessonStore")
    assert BACKENDS.search("from tools.storage.local import LocalStorage")
    assert not BACKENDS.search("from tools.storage.protocol import FileStorage")


MAX_MODULE_LINES = 350


def test_no_module_is_over_350_lines() -> None:
    sources = [ROOT / "app.py"]
    for package in ("agent", "chat", "lessons", "tools", "mcp_manim_docs"):
        sources += (ROOT / package).rglob("*.py")
    long = {
        str(path.relative_to(ROOT)): lines
        for path in sources
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these by job: {long}"
    assert len((ROOT / "app.py").read_text().splitlines()) <= 150  # Chainlit hooks only
