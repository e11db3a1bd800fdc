"""What scene code may import and touch: the allow and deny lists behind `safety.check_safety`.

Static checks give early, precise errors; the render sandbox is the guarantee. These lists aim
at the escape hatches an LLM (or a prompt injection) would reach for, while leaving every
ordinary Manim scene alone.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Pure-computation stdlib modules. No submodules unless listed (collections.abc).
STDLIB_MODULES = _words("""
    __future__ abc bisect cmath collections collections.abc colorsys copy dataclasses decimal
    enum fractions functools heapq itertools math numbers operator random re statistics string
    textwrap typing typing_extensions
""")

# Third-party roots whose public submodules are allowed, minus the parts that read or write
# files, download data or start processes.
PACKAGE_DENIED_SEGMENTS: dict[str, frozenset[str]] = {
    "numpy": frozenset({"ctypeslib", "f2py", "distutils", "testing", "lib", "core", "_core"}),
    "scipy": frozenset({"io", "datasets", "misc"}),
    "networkx": frozenset({"readwrite", "nx_agraph", "nx_pydot", "utils"}),
}

# manim is allowed as `from manim import *` and for these submodules (with everything below them).
# Left out on purpose: manim._config, manim.cli, manim.utils.file_ops, manim.utils.commands,
# manim.utils.module_ops (executes files), manim.scene.scene_file_writer, manim.plugins, ...
MANIM_SUBMODULE_PREFIXES = (
    "manim.mobject",
    "manim.animation",
    "manim.constants",
    "manim.typing",
    "manim.camera",
    "manim.scene.scene",
    "manim.scene.moving_camera_scene",
    "manim.scene.three_d_scene",
    "manim.scene.zoomed_scene",
    "manim.scene.vector_space_scene",
    "manim.utils.color",
    "manim.utils.rate_functions",
    "manim.utils.space_ops",
    "manim.utils.bezier",
    "manim.utils.paths",
    "manim.utils.iterables",
    "manim.utils.simple_functions",
    "manim.utils.tex",
    "manim.utils.tex_templates",
    "manim.utils.unit",
    "manim.utils.polylabel",
    "manim.utils.qhull",
)

# `from manim import X` also imports submodules; these are not scene material.
FORBIDDEN_MANIM_SUBMODULES = frozenset({"cli", "__main__", "plugins"})

FORBIDDEN_BUILTINS = _words("""
    open eval exec compile __import__ globals locals vars getattr setattr delattr breakpoint
    input exit quit help memoryview
""")

# Names `from manim import *` exports that touch files, processes or the render configuration.
FORBIDDEN_MANIM_NAMES = _words("""
    open_file capture guarantee_existence guarantee_empty_existence modify_atime
    ensure_executable get_video_metadata
""")

ALLOWED_DUNDER_ATTRIBUTES = frozenset({"__init__", "__name__", "__version__"})
ALLOWED_DUNDER_NAMES = frozenset({"__name__"})
# Dunder spellings a string may contain without naming an escape hatch.
ALLOWED_DUNDER_STRINGS = frozenset({"__main__", "__init__", "__name__"})

# Attribute names that reach the OS, the file system, frames or code objects, whichever object
# they hang off: `utils.file_ops.os.system`, `np.load`, `Image.open`, `gen.gi_frame.f_globals`.
DANGEROUS_ATTRIBUTES = (
    _words("""
    os sys subprocess environ environb system popen getenv putenv unsetenv fork forkpty kill
    killpg execl execle execlp execlpe execv execve execvp execvpe posix_spawn posix_spawnp
    startfile shutil socket importlib builtins ctypes pickle marshal threading multiprocessing
    file_ops commands module_ops
""")
    | FORBIDDEN_MANIM_NAMES
    | _words("""
    load save savez savez_compressed loadtxt savetxt fromfile tofile genfromtxt fromregex
    memmap open_memmap DataSource ctypeslib f2py distutils testing dump dumps loads io
    nx_agraph nx_pydot
""")
    | _words("""
    open read_text write_text read_bytes write_bytes unlink rmdir mkdir makedirs rmtree
    copyfile copytree iterdir rglob listdir scandir touch chmod symlink_to hardlink_to
""")
    | _words("""
    f_globals f_locals f_builtins f_back f_code gi_frame gi_code cr_frame cr_code ag_frame
    tb_frame tb_next co_code
""")
    | _words("""
    attrgetter methodcaller get_type_hints Formatter
""")
)
DANGEROUS_ATTRIBUTE_PREFIXES = ("spawn",)

# Modules scene code may look names up in by a computed name: `getattr(XKCD, name.upper())`,
# `for k, v in rate_functions.__dict__.items()` (manim's own ColorsOverview and RateFuncExample).
# Their public globals are manim functions, colors and numpy, all importable anyway; what else a
# module's globals hold (`__builtins__`, `__loader__`, `__spec__`) the render runner removes from
# these modules before scene code runs (runner_guards.LOOKUP_MODULES), and the sandbox contains
# the rest. A test checks their globals against the installed manim.
LOOKUP_MODULES = _words("""
    manim.utils.rate_functions manim.utils.color.manim_colors manim.utils.color.AS2700
    manim.utils.color.BS381 manim.utils.color.DVIPSNAMES manim.utils.color.SVGNAMES
    manim.utils.color.X11 manim.utils.color.XKCD
""")
# Modules `from manim import *` binds by name, for resolving `rate_functions` or `color.XKCD`.
STAR_MANIM_MODULES = {
    "utils": "manim.utils",
    "color": "manim.utils.color",
    "rate_functions": "manim.utils.rate_functions",
    "manim_colors": "manim.utils.color.manim_colors",
    **{
        name: f"manim.utils.color.{name}"
        for name in _words("AS2700 BS381 DVIPSNAMES SVGNAMES X11 XKCD")
    },
}
# Read-only methods of a lookup module's `__dict__` (no update, pop, setdefault, clear).
DICT_READING_METHODS = frozenset({"items", "keys", "values", "get"})

# Modules tutorial files import only for their `if __name__ == "__main__":` launcher
# (`os.system(f"manim -pql {__file__} Scene")`): allowed, with a warning, when nothing outside
# that block uses the names they bind.
LAUNCHER_MODULES = frozenset({"os", "sys", "subprocess", "pathlib", "platform"})

# TeX primitives that read or write files (or hide which command runs): a Tex string using
# them would typeset a host file into the video. `^^5c` is TeX's escape for a backslash.
LATEX_FILE_ACCESS = re.compile(
    r"\\(input|include|openin|openout|read|readline|write|immediate|verbatiminput"
    r"|lstinputlisting|special|directlua|catcode|csname|scantokens)(?![A-Za-z])|\^\^[0-9a-fA-F]{2}"
)

# Callees that open the file named by a string argument.
FILE_READING_CALLEES = frozenset(
    {"Code", "ImageMobject", "SVGMobject", "add_sound", "register_font", "TexTemplateFromFile"}
)


def is_outside_path(text: str) -> bool:
    """An absolute path, a home path or one that climbs out of the render's work dir."""
    return text.startswith(("/", "~", "\\")) or ".." in text.replace("\\", "/").split("/")


# Render settings the runner pins to the quality preset before scene code runs. Tutorial files
# set them at module level (`config.pixel_height = 1080`) for `manim file.py`; there the write
# is ignored by the runner, so it is only a warning. Set while the scene runs, it is refused.
OVERRIDDEN_CONFIG_KEYS = _words("""
    pixel_width pixel_height frame_rate frame_size quality disable_caching
""")
# Render settings that choose where and what is written, or open programs: always refused.
CAPPED_CONFIG_KEYS = _words("""
    media_dir video_dir images_dir partial_movie_dir output_file renderer format
    movie_file_extension write_to_movie save_last_frame save_pngs save_as_gif save_sections
    write_all transparent dry_run preview show_in_file_browser input_file
    upto_animation_number from_animation_number
""")
# Output settings at the value the runner pins (tools/render/runner_guards.py, which a test keeps
# in step): set to it at module level, as tutorial files do, they change nothing.
PINNED_VALUES: dict[str, str | bool] = {
    "renderer": "cairo",
    "write_to_movie": True,
    "save_last_frame": False,
    "preview": False,
    "show_in_file_browser": False,
}
CONFIG_MUTATING_METHODS = frozenset({"update", "digest_args", "digest_file", "digest_parser"})


def is_dangerous_attribute(name: str) -> bool:
    return name in DANGEROUS_ATTRIBUTES or name.startswith(DANGEROUS_ATTRIBUTE_PREFIXES)


def is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def module_allowed(module: str) -> bool:
    """Whether scene code may import `module` (a dotted absolute module name)."""
    if module in STDLIB_MODULES:
        return True
    parts = module.split(".")
    root = parts[0]
    if root == "manim":
        return module == "manim" or any(
            module == p or module.startswith(p + ".") for p in MANIM_SUBMODULE_PREFIXES
        )
    denied = PACKAGE_DENIED_SEGMENTS.get(root)
    if denied is None:
        return False
    return not any(p in denied or p.startswith("_") for p in parts[1:])


def imported_name_allowed(module: str, name: str) -> bool:
    """Whether `from module import name` is allowed, given that `module` itself is."""
    if is_dunder(name):
        return name in ALLOWED_DUNDER_ATTRIBUTES or module == "__future__"
    if name.startswith("_") or is_dangerous_attribute(name) or name in FORBIDDEN_MANIM_NAMES:
        return False
    if module == "manim":
        return name not in FORBIDDEN_MANIM_SUBMODULES
    denied = PACKAGE_DENIED_SEGMENTS.get(module.split(".", 1)[0], frozenset[str]())
    return name not in denied  # `from numpy import lib` imports a submodule
