"""The warning under a clip with layout items: short, by object name, and inert.

Object names are the scene code's own words (a Text's content), so the warning is rendered
here as markdown, with raw HTML allowed, to see that nothing in a name becomes a link or a tag.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from chat.view import MAX_LAYOUT_NAME, layout_warning
from tools.render.layout import LayoutItem, LayoutKind

# CommonMark with raw HTML on: stricter than the chat (which shows no HTML), so an escape
# that holds here holds there.
MARKDOWN = MarkdownIt("commonmark", {"html": True})


def item(
    kind: LayoutKind, objects: list[str], at_s: float = 0.5, line: int | None = 7
) -> LayoutItem:
    return LayoutItem(kind=kind, message=f"{kind}: do this.", at_s=at_s, line=line, objects=objects)


def test_a_clean_clip_has_no_warning() -> None:
    assert layout_warning(()) == ""
    assert layout_warning([]) == ""


def test_an_overlap_names_both_objects_when_and_where() -> None:
    shown = layout_warning([item("overlap", ["Text('denominator')", "Text('numerator')"])])
    assert shown == (
        "**Layout:** Text('denominator') overlaps Text('numerator') (at 0.5 s, line 7)"
        " — use **Fix layout** below the clip."
    )


def test_each_kind_is_said_in_words_and_the_rest_are_counted() -> None:
    items = [
        item("off_frame", ["Text('title')"], at_s=1.25, line=None),
        item("too_small", ["MathTex('x^2')", "Text('tiny')"], at_s=2.0),
        item("overlap", ["Line", "Text('a')", "Text('b')"], at_s=3.0),
        item("overlap", ["Text('c')", "Text('d')"]),
        item("too_small", ["Text('e')"]),
    ]
    lines = layout_warning(items).splitlines()
    assert lines[0] == "**Layout** (use **Fix layout** below the clip):" and len(lines) == 5
    assert "- Text('title') runs off the frame (at 1.25 s)" in lines
    assert "- MathTex('x^2') and Text('tiny') are too small to read (at 2 s, line 7)" in lines
    assert "- Line, Text('a') and Text('b') overlap (at 3 s, line 7)" in lines
    assert "- and 2 more" in lines
    assert not any("Text('c')" in line or "Text('e')" in line for line in lines)


def test_an_item_without_objects_is_told_by_its_message() -> None:
    bare = LayoutItem(kind="overlap", message="Two labels collide.", at_s=0, objects=[])
    assert "Two labels collide. (at 0 s)" in layout_warning([bare])


def test_hostile_object_names_stay_plain_text() -> None:
    hostile = [
        "Text('[click](https://evil.example)')",
        "Text('<script>alert(1)</script>')",
        "Text('**bold** <img src=x onerror=alert(1)> www.evil.example')",
    ]
    shown = layout_warning([item("overlap", hostile[:2]), item("off_frame", hostile[2:])])
    html = MARKDOWN.render(shown)
    assert "<a " not in html and "<script" not in html and "<img" not in html, html
    assert "&lt;script&gt;" in html and "[click]" in html  # still readable, as typed
    assert "<strong>bold</strong>" not in html and "<strong>Layout</strong>" in html
    # Bare URLs are not left for GFM's autolinker (an invisible joiner breaks them).
    assert "https://evil.example" not in shown and "www.evil.example" not in shown


def test_long_names_and_many_lines_are_cut_short() -> None:
    long_name = "Text('" + "x" * 200 + "\n# heading\n- list')"
    shown = layout_warning([item("off_frame", [long_name]) for _ in range(30)])
    lines = shown.splitlines()
    assert len(lines) == 5, lines  # heading, 3 items, "and 27 more"
    assert "- and 27 more" in lines
    first = lines[1]
    assert first.startswith("- Text('xxx") and "…" in first
    assert len(first) < MAX_LAYOUT_NAME + 60, first
    assert not any(line.startswith("#") for line in lines)


def test_host_paths_in_names_are_hidden() -> None:
    shown = layout_warning(
        [item("off_frame", ["Text('/srv/tutor/work/x/scene.py')"])], ["/srv/tutor"]
    )
    assert "/srv" not in shown and "scene.py" in shown
