"""docs/BENCHMARKS.md: one section per benchmark script, each rewritten in place."""

from __future__ import annotations

from pathlib import Path


def replace_section(path: Path, title: str, body: str) -> None:
    """Rewrite one `## title` section of the report, keeping the others (other benches)."""
    start, end = f"<!-- {title}: start -->", f"<!-- {title}: end -->"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    section = f"{start}\n## {title}\n\n{body}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
