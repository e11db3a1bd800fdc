"""What to do about one ManimGL name or method: for hints on errors the static check let through
(a render with validation off, code the check could not see through)."""

from __future__ import annotations

from tools.check.gl_api import load_gl_api
from tools.check.gl_migrations import method_migration, name_migration
from tools.check.gl_renames import NO_EQUIVALENT

NO_CE_EQUIVALENT = "it has no Manim CE equivalent: rewrite that part with CE API (search the docs)"


def gl_advice(name: str) -> str | None:
    """A hint for `name` when it is ManimGL (or old Manim) API, else None."""
    gl = load_gl_api()
    migration = method_migration(name) or name_migration(name)
    if migration is not None:
        return f"{name} is ManimGL / old Manim API, not Manim CE: use {migration.suggestion}."
    if name in gl.imports:
        return f"{name} came from ManimGL's star import: add `{gl.imports[name]}` to the file."
    if name in gl.methods:
        where = f"{gl.owner(name)}.{name}"
    elif name in gl.names:
        where = f"a manimlib {gl.names[name]}"
    else:
        return None
    advice = NO_EQUIVALENT.get(name)
    return f"{name} is ManimGL API ({where}), not Manim CE: " + (
        f"{name} {advice}." if advice else f"{NO_CE_EQUIVALENT}."
    )
