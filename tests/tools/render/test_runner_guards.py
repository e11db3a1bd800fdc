"""The runner's guards on their own: config pinning, and the lookup modules' hidden globals."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tools.check.safety_rules import PINNED_VALUES, module_allowed
from tools.render import runner_guards
from tools.render.runner_guards import CapExceeded, pin_config

JOB = {"manim_quality": "low_quality", "width": 854, "height": 480, "fps": 15, "media_dir": "m"}


@pytest.fixture
def config() -> Any:
    import manim

    return manim.config.copy()  # pinning swaps the class of this copy only


def test_while_the_file_executes_overridden_settings_are_ignored(config: Any) -> None:
    file_executed = pin_config(config, JOB)
    config.pixel_height = 1080
    config["pixel_width"] = 1920
    config.frame_rate = 60
    config.quality = "high_quality"
    config.frame_size = (3840, 2160)
    config.disable_caching = False
    config.update({"pixel_height": 2160, "frame_rate": 120})
    config.background_color = "#ffffff"  # not pinned: it only changes the look
    file_executed()
    assert (config.pixel_width, config.pixel_height, config.frame_rate) == (854, 480, 15)
    assert config.disable_caching is True
    assert str(config.background_color).lower() == "#ffffff"


@pytest.mark.parametrize(
    ("key", "value"),
    [("media_dir", "/tmp"), ("output_file", "x"), ("preview", True), ("format", "gif")],
)
def test_settings_that_choose_output_are_refused_even_then(
    config: Any, key: str, value: object
) -> None:
    pin_config(config, JOB)
    with pytest.raises(CapExceeded):
        setattr(config, key, value)


def test_while_the_file_executes_an_output_setting_at_its_pinned_value_changes_nothing(
    config: Any,
) -> None:
    file_executed = pin_config(config, JOB)
    config.renderer = "cairo"
    config["preview"] = False
    with pytest.raises(CapExceeded):
        config.renderer = "opengl"
    file_executed()
    assert config.renderer.value == "cairo"


def test_the_check_knows_the_values_the_runner_pins(config: Any) -> None:
    pin_config(config, JOB)
    for key, value in PINNED_VALUES.items():
        assert runner_guards._same(value, config[key]), key


def test_once_the_scene_runs_every_pinned_setting_is_refused(config: Any) -> None:
    pin_config(config, JOB)()
    with pytest.raises(CapExceeded):
        config.pixel_height = 1080
    with pytest.raises(CapExceeded):
        config["frame_rate"] = 60


def test_a_change_past_the_setters_is_caught_before_the_render(config: Any) -> None:
    file_executed = pin_config(config, JOB)
    config._d["pixel_width"] = 1920
    with pytest.raises(CapExceeded, match="pixel_width"):
        file_executed()


PROBE = """
import json, sys, types
sys.path.insert(0, sys.argv[1])
import manim
from tools.render import runner_guards

runner_guards.hide_lookup_internals()
report = {}
for name in runner_guards.LOOKUP_MODULES:
    module = sys.modules[name]
    entries = []
    for key, value in vars(module).items():
        if isinstance(value, types.ModuleType):
            entries.append([key, "module", value.__name__])
        elif callable(value):
            entries.append([key, "callable", getattr(value, "__module__", None) or ""])
        else:
            entries.append([key, type(value).__module__, type(value).__name__])
    report[name] = entries
rf = sys.modules["manim.utils.rate_functions"]
report["works"] = [rf.squish_rate_func(rf.smooth, 0.2, 0.8)(0.5), rf.there_and_back(0.5)]
print(json.dumps(report))
"""
DATA_TYPES = {"builtins", "__future__", "manim.utils.color.core"}  # str, list, ManimColor, ...
CODE_MODULES = ("manim.", "numpy", "typing", "functools", "math", "builtins")


def test_lookup_modules_hold_only_what_scene_code_may_import() -> None:
    root = str(__import__("pathlib").Path(__file__).resolve().parents[3])
    out = subprocess.run(
        [sys.executable, "-c", PROBE, root], capture_output=True, text=True, check=True
    ).stdout
    report = json.loads(out.splitlines()[-1])
    assert report.pop("works") == pytest.approx([0.5, 1.0])
    assert set(report) == set(runner_guards.LOOKUP_MODULES)
    for name, entries in report.items():
        keys = {key for key, _, _ in entries}
        assert not keys & set(runner_guards.HIDDEN_GLOBALS), name
        for key, kind, origin in entries:
            if kind == "module":
                assert module_allowed(origin), (name, key, origin)
            elif kind == "callable":
                assert origin.startswith(CODE_MODULES), (name, key, origin)
            else:
                assert kind in DATA_TYPES, (name, key, kind, origin)
