"""What scene code may not change in the render process. Runs INSIDE the sandbox: stdlib only.

Copied next to the runner (scene_runner.py loads it by path) and applied before the untrusted
scene code runs: the file loses its `if __name__ == "__main__":` blocks, manim's config is
pinned to the quality preset, the clip's length is capped, and manim's name-table modules lose
the globals a lookup by a computed name must not reach. The parent verifies the output anyway.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from typing import Any

# Starts the lines the runner writes for the parent's log (tools/render/runner_log.py relays them).
LOG_MARK = "@@tutor-runner "

# Config keys fixed by the quality preset and the sandbox layout.
PINNED_CONFIG = frozenset(
    {
        "pixel_width", "pixel_height", "frame_rate", "quality", "media_dir", "video_dir",
        "images_dir", "partial_movie_dir", "output_file", "write_to_movie", "format",
        "movie_file_extension", "renderer", "save_last_frame", "save_pngs", "save_as_gif",
        "from_animation_number", "upto_animation_number", "save_sections", "transparent",
        "dry_run", "disable_caching", "preview", "write_all", "zero_pad", "frame_size",
        "show_in_file_browser",
    }
)  # fmt: skip
# Pinned keys a scene file may set while it is executed, as tutorial files do at module level
# for `manim file.py`: the write is ignored (tools/check/config_writes.py warns about it). Once
# the scene runs, setting any pinned key is refused.
OVERRIDDEN_CONFIG = frozenset(
    {"pixel_width", "pixel_height", "frame_rate", "frame_size", "quality", "disable_caching"}
)
# Modules scene code may look names up in by a computed name (`getattr(XKCD, name)`,
# `rate_functions.__dict__.items()`; tools/check/lookups.py). Without these globals, what such
# a lookup reaches is the module's public names: manim's colors and rate functions, and numpy.
# The same list as tools/check/safety_rules.py LOOKUP_MODULES (a test keeps them equal).
LOOKUP_MODULES = (
    "manim.utils.rate_functions", "manim.utils.color.manim_colors", "manim.utils.color.AS2700",
    "manim.utils.color.BS381", "manim.utils.color.DVIPSNAMES", "manim.utils.color.SVGNAMES",
    "manim.utils.color.X11", "manim.utils.color.XKCD",
)  # fmt: skip
HIDDEN_GLOBALS = ("__builtins__", "__loader__", "__spec__")


class CapExceeded(Exception):
    """Scene code tried to go past a cap of its quality preset."""


def without_main_blocks(source: str, code_path: str) -> ast.Module:
    """The scene file without its module-level `if __name__ == "__main__":` blocks: manim
    imports a scene file, so they never run. Lines keep their numbers."""
    tree = ast.parse(source, code_path)
    tree.body = [stmt for stmt in tree.body if not is_main_block(stmt)]
    return tree


def is_main_block(stmt: ast.stmt) -> bool:
    """`if __name__ == "__main__":` (either way round) without `else:`. The same test as
    tools/check/launcher.py, which reports what is inside such a block as warnings only."""
    if not (isinstance(stmt, ast.If) and not stmt.orelse and isinstance(stmt.test, ast.Compare)):
        return False
    test = stmt.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq) or len(test.comparators) != 1:
        return False
    sides = [_side(test.left), _side(test.comparators[0])]
    return sorted(sides) == ["main", "name"]


def _side(node: ast.expr) -> str:
    if isinstance(node, ast.Name) and node.id == "__name__":
        return "name"
    if isinstance(node, ast.Constant) and node.value == "__main__":
        return "main"
    return ""


def pin_config(config: Any, job: dict[str, Any]) -> Callable[[], None]:
    """Pin the preset's settings. Returns what to call once the scene file has been executed:
    from then on a pinned key cannot be set at all."""
    config.quality = job["manim_quality"]
    config.pixel_width = int(job["width"])
    config.pixel_height = int(job["height"])
    config.frame_rate = int(job["fps"])
    config.media_dir = job["media_dir"]
    config.output_file = "scene"
    config.write_to_movie = True
    config.save_last_frame = False
    config.disable_caching = True  # a fresh sandbox never hits manim's own cache; skip hashing
    config.progress_bar = "none"
    config.verbosity = "WARNING"
    config.preview = False
    config.show_in_file_browser = False
    config.renderer = "cairo"  # what the sandbox draws with (OpenGL needs a display)

    base = type(config)
    pinned = {key: value for key, value in config._d.items() if key in PINNED_CONFIG}
    executing = [True]  # the scene file is being executed (its module level)

    def keep_pinned(key: str, value: Any) -> bool:
        if key not in PINNED_CONFIG:
            return False
        if executing[0] and key in pinned and _same(value, pinned[key]):
            return True  # `config.renderer = "cairo"` in a tutorial file: nothing to change
        if executing[0] and key in OVERRIDDEN_CONFIG:
            print(f"config.{key} set by the scene file is ignored", file=sys.stderr)
            return True
        raise CapExceeded(
            f"config.{key} is set by the render quality preset and cannot be changed by scene code"
        )

    class PinnedConfig(base):  # type: ignore[misc, valid-type]
        def __setattr__(self, key: str, value: Any) -> None:
            if not keep_pinned(key, value):
                base.__setattr__(self, key, value)  # pyright: ignore[reportCallIssue]

        def __setitem__(self, key: str, value: Any) -> None:
            if not keep_pinned(key, value):
                base.__setitem__(self, key, value)

    def file_executed() -> None:
        executing[0] = False
        # A change past the setters (`config._d[...] = ...`) is refused before anything renders.
        for key, value in pinned.items():
            if config._d.get(key) != value:
                raise CapExceeded(f"config.{key} was changed past the render quality preset")

    config.__class__ = PinnedConfig
    return file_executed


def _same(value: Any, pinned: Any) -> bool:
    """Whether a write would leave a pinned value as it is (an enum equals its own value)."""
    if value is pinned:
        return True
    if type(value) in (str, bool, int) and type(value) is type(getattr(pinned, "value", pinned)):
        return value == getattr(pinned, "value", pinned)
    return False


def cap_duration(scene_class: Any, max_duration_s: float) -> None:
    original = scene_class.compile_animation_data

    def compile_animation_data(self: Any, *args: Any, **kwargs: Any) -> Any:
        outcome = original(self, *args, **kwargs)
        total = float(self.renderer.time) + float(getattr(self, "duration", 0.0) or 0.0)
        if total > max_duration_s:
            raise CapExceeded(
                f"the scene would run {total:.1f} s, past the {max_duration_s:.0f} s limit"
            )
        return outcome

    scene_class.compile_animation_data = compile_animation_data


def hide_lookup_internals() -> None:
    """Remove `__builtins__`, `__loader__` and `__spec__` from the lookup modules' globals.

    Their functions keep working: a function holds the builtins it was created with.
    """
    for name in LOOKUP_MODULES:
        module = sys.modules.get(name)
        for key in HIDDEN_GLOBALS if module is not None else ():
            vars(module).pop(key, None)
