"""The page a share link opens: the lesson's video with its chapters and captions, and nothing
else. Every text from the lesson is escaped, and the page may load only its own media (and the
storage's, when files are served from there), its own inline style and script."""

from __future__ import annotations

import html
from collections.abc import Iterable
from urllib.parse import urlsplit

# The chapter list is built from the chapters track's cues, as text (never as markup).
_SCRIPT = """
const video = document.getElementById('lesson');
const list = document.getElementById('chapters');
const element = video.querySelector('track[kind=chapters]');
function build() {
  const cues = element.track.cues;
  if (!cues || list.children.length) return;
  for (const cue of cues) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'chapter';
    button.textContent = cue.text;
    button.dataset.start = String(cue.startTime);
    button.addEventListener('click', () => { video.currentTime = cue.startTime; video.play(); });
    item.append(button);
    list.append(item);
  }
}
element.track.mode = 'hidden';
element.addEventListener('load', build);
if (element.readyState === 2) build();
"""

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 960px; margin: 2rem auto; padding: 0 1rem;
       color: #1f2328; }
h1 { font-size: 1.5rem; }
video { width: 100%; background: #000; border-radius: 6px; }
ol { padding-left: 1.5rem; }
button.chapter { background: none; border: none; color: #0969da; cursor: pointer; padding: .2rem 0;
                 font: inherit; text-align: left; }
footer { margin-top: 2rem; color: #59636e; font-size: .85rem; }
"""

# Said to anyone who shares nothing of the owner: the same answer for unknown, revoked, expired.
GONE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not found</title>'
    "</head><body><h1>This link does not work</h1><p>It may have been stopped by the teacher who "
    "shared it, or it has expired.</p></body></html>"
)

# Every answer of a share route: no referrer leaves the page (the token is in its URL), search
# engines keep out, and no browser guesses another content type.
COMMON_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def media_path(token: str, name: str) -> str:
    return f"/share/{token}/{name}"


def share_page(title: str, token: str, nonce: str) -> str:
    """The page's HTML; `title` comes from a prompt or a model, so it is escaped."""
    shown = html.escape(title, quote=True)
    video, chapters, subtitles = (
        html.escape(media_path(token, name), quote=True)
        for name in ("lesson.mp4", "chapters.vtt", "subtitles.vtt")
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>{shown}</title>
<style nonce="{nonce}">{_STYLE}</style>
</head>
<body>
<main>
<h1>{shown}</h1>
<video id="lesson" controls preload="metadata" playsinline src="{video}">
<track kind="chapters" src="{chapters}" srclang="en" label="Chapters" default>
<track kind="subtitles" src="{subtitles}" srclang="en" label="Captions" default>
</video>
<h2>Chapters</h2>
<ol id="chapters"></ol>
</main>
<footer>Made with Manim Tutor.</footer>
<script nonce="{nonce}">{_SCRIPT}</script>
</body>
</html>
"""


def origin(location: str) -> str | None:
    """`scheme://host[:port]` of an http(s) address, for the page's media sources."""
    parts = urlsplit(location)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def page_headers(nonce: str, media_origins: Iterable[str] = ()) -> dict[str, str]:
    """The page's headers: a policy that allows its media, its own style and script, no more."""
    media = " ".join(["'self'", *sorted(set(media_origins))])
    policy = (
        f"default-src 'none'; media-src {media}; style-src 'nonce-{nonce}'; "
        f"script-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )
    return {**COMMON_HEADERS, "Content-Security-Policy": policy}
