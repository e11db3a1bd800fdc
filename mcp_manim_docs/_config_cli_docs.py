"""Entries for manim's render settings: `config` options and `manim render` flags.

Runs in the introspection child process only (it imports manim). Config options come from the
properties of `ManimConfig` with their defaults from manim's own `default.cfg` (never a user's
`manim.cfg`, so the index does not depend on where it was built); flags come from the click
command behind `manim render`, exactly what `manim render --help` prints. Each option links to
the flag that sets it, and both carry a usage snippet an agent can paste.
"""

from __future__ import annotations

import configparser
import inspect
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mcp_manim_docs._numpydoc import parse_docstring
from mcp_manim_docs._rst_text import one_line
from mcp_manim_docs.doc_model import DocEntry

CLI_PREFIX = "cli:"
CONFIG_PREFIX = "manim.config."
_FLAGS_IN_SUMMARY = re.compile(r"\s*\((?:no flag|-[^()]*)\)")
# Settings that one flag sets together, beyond same-named ones.
_FLAG_FOR = {
    "pixel_width": "resolution",
    "pixel_height": "resolution",
    "aspect_ratio": "resolution",
}
# Example values for usage lines (the flag's metavar alone is not runnable).
_EXAMPLE_VALUE = {
    "resolution": "1280,720",
    "frame_rate": "30",
    "output_file": "my_video",
    "media_dir": "./media",
    "format": "gif",
    "quality": "l",
    "from_animation_number": "3",
    "verbosity": "WARNING",
    "renderer": "cairo",
    "config_file": "manim.cfg",
    "seed": "42",
    "progress_bar": "none",
}
# Values worth showing in a usage line of a `config` option (other than its default).
_EXAMPLE_SETTING = {
    "quality": "'low_quality'",
    "pixel_format": "'yuv420p'",
    "frame_rate": "30",
    "pixel_width": "1280",
    "pixel_height": "720",
    "background_color": "WHITE",
    "media_dir": "'./output'",
    "output_file": "'my_video'",
    "format": "'gif'",
}
_SCENE_ARGS = "scene.py MyScene"


def config_cli_entries() -> list[DocEntry]:
    """Config options and `manim render` flags, linked to each other."""
    import manim
    from manim._config.utils import ManimConfig
    from manim.cli.render.commands import render
    from manim.constants import QUALITIES

    defaults = _defaults(Path(manim.__file__).parent / "_config" / "default.cfg")
    presets = _presets(QUALITIES)
    by_dest = _flag_entries(render, presets)
    flags = list(by_dest.values())
    options: list[DocEntry] = []
    for name, value in sorted(vars(ManimConfig).items()):
        if name.startswith("_") or not isinstance(value, property):
            continue
        flag = by_dest.get(_FLAG_FOR.get(name, name))
        options.append(_option_entry(name, value, defaults.get(name), flag, presets))
        if flag is not None:
            flag.see_also.append(CONFIG_PREFIX + name)
    return options + flags


def _defaults(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    return dict(parser["CLI"]) if parser.has_section("CLI") else {}


def _presets(qualities: Mapping[str, Mapping[str, Any]]) -> str:
    lines = [
        f"- `-q{q['flag']}` ({name}): {q['pixel_width']}x{q['pixel_height']}, {q['frame_rate']} fps"
        for name, q in qualities.items()
        if q.get("flag")
    ]
    return "Quality presets:\n" + "\n".join(lines)


def _python_value(raw: str | None) -> str | None:
    if raw is None or raw == "":
        return None
    if re.fullmatch(r"-?\d+(\.\d+)?|True|False|[A-Z][A-Z0-9_]*", raw):
        return raw  # numbers, booleans and manim constants such as BLACK
    return repr(raw)


def _option_entry(
    name: str, prop: property, default: str | None, flag: DocEntry | None, presets: str
) -> DocEntry:
    doc = parse_docstring(inspect.getdoc(prop.fget) or "")
    summary = _FLAGS_IN_SUMMARY.sub("", doc.summary).strip() or f"The `{name}` setting."
    if flag is not None:
        summary = f"{summary.rstrip('.')} (command line: {_flag_names(flag)})."
    value = _python_value(default)
    # An example value where default.cfg has none: booleans read "Whether ...".
    example = _EXAMPLE_SETTING.get(name) or ("True" if summary.startswith("Whether") else "...")
    shown = example if example != "..." or value is None else value
    if value is not None and shown != value:
        shown += f"  # default: {value}"
    where = [
        "Set it in code, before the scene class:",
        f"```python\nfrom manim import *\n\nconfig.{name} = {shown}\n```",
        f"or in `manim.cfg` under `[CLI]` as `{name} = {shown.split('  #')[0].strip(repr(''))}`",
    ]
    if flag is not None:
        where.append(f"or on the command line with `{flag.signature}`.")
    parts = [doc.description, "\n".join(where)]
    if name == "quality":
        parts.append(presets)
    if value is not None:
        parts.append(f"Default: `{value}`.")
    return DocEntry(
        symbol=CONFIG_PREFIX + name,
        kind="config",
        module="manim._config.utils",
        signature=f"{name} = {value}" if value is not None else name,
        summary=summary,
        description="\n\n".join(p for p in parts if p),
        see_also=[flag.symbol] if flag is not None else [],
    )


def _flag_names(flag: DocEntry) -> str:
    names = [flag.symbol.removeprefix(CLI_PREFIX), *flag.aliases]
    return " / ".join(n for n in names if not re.fullmatch(r"-q\w", n))


def _flag_entries(command: Any, presets: str) -> dict[str, DocEntry]:
    """The command's flags by the setting they change (click's parameter name)."""
    import click

    ctx = click.Context(command)
    found: dict[str, DocEntry] = {}
    for param in command.params:
        if not isinstance(param, click.Option) or param.hidden or not param.name:
            continue
        record = param.get_help_record(ctx)
        opts = [*param.opts, *param.secondary_opts]
        longs = [o for o in opts if o.startswith("--")] or opts
        primary = next((o for o in longs if o.lstrip("-") == param.name), max(longs, key=len))
        aliases = [o for o in opts if o != primary]
        help_text = one_line(param.help or "")
        parts = [help_text]
        choices = getattr(param.type, "choices", None)
        if choices:
            parts.append("Values: " + ", ".join(f"`{c}`" for c in choices) + ".")
        if param.name == "quality":
            aliases += [f"-q{c}" for c in choices or ()]
            parts.append(presets)
        parts.append(f"```bash\n{_usage(param, primary)}\n```")
        found[param.name] = DocEntry(
            symbol=CLI_PREFIX + primary,
            kind="cli",
            module=command.callback.__module__ if command.callback else "manim.cli",
            signature=record[0] if record else primary,
            summary=f"`manim render` flag: {help_text}",
            description="\n\n".join(parts),
            aliases=aliases,
        )
    return found


def _usage(param: Any, primary: str) -> str:
    shortest = min([*param.opts], key=len)
    if param.name == "quality":
        return f"manim -ql {_SCENE_ARGS}  # -qm, -qh, -qp, -qk for higher quality"
    if param.is_flag:
        return f"manim render {shortest} {_SCENE_ARGS}"
    value = _EXAMPLE_VALUE.get(param.name or "", "VALUE")
    longs = [o for o in param.opts if o.startswith("--")] or [primary]
    return f"manim render {min(longs, key=len)} {value} {_SCENE_ARGS}"
