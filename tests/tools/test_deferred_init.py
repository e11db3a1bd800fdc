"""`package_init_deferred`: a package's submodules import without its `__init__`, which runs
once, in place, when the package is first asked for a name it does not have yet."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.deferred_init import package_init_deferred

INIT = """
import sys
sys.modules[__name__ + "_runs"].append("init")  # what the test counts
from .small import SMALL
from . import big
BIG = big.VALUE + 1
"""


@pytest.fixture
def pkg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A package `lazypkg` whose `__init__` records each run, with two submodules."""
    root = tmp_path / "lazypkg"
    root.mkdir()
    (root / "__init__.py").write_text(textwrap.dedent(INIT))
    (root / "small.py").write_text("SMALL = 'small'\n")
    (root / "big.py").write_text("VALUE = 41\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    runs: list[str] = []
    monkeypatch.setitem(sys.modules, "lazypkg_runs", runs)  # type: ignore[arg-type]
    yield "lazypkg"
    for name in [m for m in sys.modules if m == "lazypkg" or m.startswith("lazypkg.")]:
        del sys.modules[name]


def runs() -> list[str]:
    return sys.modules["lazypkg_runs"]  # type: ignore[return-value]


def test_a_submodule_imports_without_the_package_init(pkg: str) -> None:
    with package_init_deferred(pkg):
        small = importlib.import_module("lazypkg.small")
    assert small.SMALL == "small"
    assert runs() == []
    assert "lazypkg.big" not in sys.modules  # what only the `__init__` would have loaded


def test_the_first_missing_name_runs_the_init_once_and_everything_is_there(pkg: str) -> None:
    with package_init_deferred(pkg):
        importlib.import_module("lazypkg.small")
    from lazypkg import BIG, SMALL  # type: ignore[import-not-found]

    assert (BIG, SMALL) == (42, "small")
    package = sys.modules["lazypkg"]
    assert package.big.VALUE == 41
    assert runs() == ["init"]
    with pytest.raises(AttributeError):
        package.NOT_THERE  # noqa: B018 - after the init, a missing name is missing
    assert runs() == ["init"]
    assert type(package) is type(sys)  # a plain module again
    importlib.reload(package)  # runs it again, as a reload of any package does
    assert runs() == ["init", "init"]


def test_outside_the_block_a_package_imports_as_usual(pkg: str) -> None:
    with package_init_deferred(pkg):
        pass
    importlib.import_module("lazypkg.small")
    assert runs() == ["init"]


def test_a_plain_module_of_that_name_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plainmod.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with package_init_deferred("plainmod"):
        plain = importlib.import_module("plainmod")
    assert plain.X == 1
    del sys.modules["plainmod"]
