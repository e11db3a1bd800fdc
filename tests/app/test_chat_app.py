"""The chat app in a real browser: log in, make a lesson, edit, revert, restart, reopen, share it
with a learner who has no login; a second user sees none of it. Screenshots of every step are saved (see the `screens` fixture)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import PASSWORDS, AppServer

pytestmark = [pytest.mark.render, pytest.mark.browser]

SCENE_CLIP = re.compile(r"Scene (\d+): .*\(version (\d+)\)")
LESSON_PROMPT = "Make a short lesson on the Pythagorean theorem"
# Every message with a video: its text says which clip it is (scene and version, or the lesson).
VIDEO_MESSAGES = """[...document.querySelectorAll('[data-step-type=assistant_message]')]
  .filter(m => m.querySelector('video')).map(m => { const v = m.querySelector('video');
    return {text: m.innerText.slice(0, 300), src: v.getAttribute('src'), ready: v.readyState,
            duration: v.duration}; })"""
RECORD_ARRIVALS = """
window.__arrivals = [];
new MutationObserver(() => {
  for (const v of document.querySelectorAll('video')) {
    if (!v.dataset.seen) {
      v.dataset.seen = '1';
      const m = v.closest('[data-step-type=assistant_message]');
      window.__arrivals.push([m ? m.innerText.slice(0, 200) : '', performance.now()]);
    }
  }
}).observe(document.body, {childList: true, subtree: true});
"""


async def login(page: Any, server: AppServer, user: str) -> None:
    await page.goto(server.url)
    await page.fill("#email", user)
    await page.fill("#password", PASSWORDS[user])
    await page.click("button[type=submit]")
    await page.wait_for_selector("#chat-input", timeout=30_000)


async def send(page: Any, text: str) -> None:
    await page.fill("#chat-input", text)
    await page.keyboard.press("Enter")


async def videos(page: Any) -> list[dict[str, Any]]:
    return await page.evaluate(VIDEO_MESSAGES)


def clips(found: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(scene, version) of every scene clip on the page, in page order."""
    return [(int(m[1]), int(m[2])) for v in found if (m := SCENE_CLIP.search(v["text"]))]


def lessons(found: list[dict[str, Any]]) -> int:
    return sum(1 for v in found if "The whole lesson" in v["text"])


async def wait_until(page: Any, condition: str, timeout_s: float = 180) -> list[dict[str, Any]]:
    """Wait until `condition` (JS over `found`, the video messages) holds; returns them."""
    await page.wait_for_function(
        f"(() => {{ const found = {VIDEO_MESSAGES}; return {condition}; }})()",
        timeout=timeout_s * 1000,
    )
    return await videos(page)


def has_clip(scene: int, version: int) -> str:
    return f"found.some(v => /Scene {scene}: .*\\(version {version}\\)/.test(v.text))"


def lesson_count_at_least(n: int) -> str:
    return f"found.filter(v => v.text.includes('The whole lesson')).length >= {n}"


PLAYABLE = "found.every(v => v.ready >= 2 && v.duration > 0)"
# While the lesson plays for 8 s: its sound, and the captions shown one after another.
LISTEN = """async () => {
  const v = document.querySelector('video.lesson-video');
  const track = [...v.textTracks].find(t => t.kind === 'subtitles');
  const cues = [];
  for (let i = 0; i < 32; i++) {
    await new Promise(r => setTimeout(r, 250));
    const cue = track && track.activeCues && track.activeCues[0];
    if (cue && cues[cues.length - 1] !== cue.text) cues.push(cue.text);
  }
  return {muted: v.muted, volume: v.volume, paused: v.paused, cues,
          audio_bytes: v.webkitAudioDecodedByteCount, mode: track && track.mode};
}"""
SHARE_LINK = re.compile(r"https?://[^\s/]+/share/[A-Za-z0-9_-]{32,}")
SEEK = """async () => { const v = document.querySelector('video');
  const target = v.duration / 2; const seeked = new Promise(r => v.addEventListener('seeked', r,
  {once: true})); v.currentTime = target; await seeked; return [target, v.currentTime]; }"""


async def share_and_watch(
    page: Any, browser: Any, screens: Path, video_redirects_to: str | None = None
) -> None:
    """The owner clicks Share under the lesson; a learner with no login opens the link and
    watches (plays, seeks, chapters and captions); after Stop sharing the link is 404.
    `video_redirects_to`: where the video is served from when the storage is remote."""
    # The Share button is under the lesson's player (the newest one on the page).
    await page.get_by_role("button", name="Share", exact=True).last.click()
    posted = page.locator("[data-step-type=assistant_message]").filter(has_text="Share link:")
    await posted.last.wait_for(timeout=60_000)
    found = SHARE_LINK.search(await posted.last.inner_text())
    assert found, await posted.last.inner_text()
    link = found.group(0)
    learner = await browser.new_context(viewport={"width": 1100, "height": 900})  # no login
    watch = await learner.new_page()
    answer = await watch.goto(link)
    assert answer is not None and answer.status == 200
    video = await learner.request.get(link + "/lesson.mp4", max_redirects=0)
    if video_redirects_to is None:
        assert video.status == 200
    else:
        assert video.status == 307 and video.headers["location"].startswith(video_redirects_to)
    await watch.wait_for_function(
        "(() => { const v = document.querySelector('video'); v.muted = true;"
        " return v.readyState >= 2 && v.duration > 0; })()",
        timeout=60_000,
    )
    target, position = await watch.evaluate(SEEK)
    assert abs(position - target) < 1.0, (target, position)
    await watch.locator("button.chapter").nth(1).wait_for(timeout=30_000)  # from chapters.vtt
    tracks = await watch.evaluate(
        "[...document.querySelector('video').textTracks].map(t => t.kind)"
    )
    assert tracks == ["chapters", "subtitles"], tracks
    body = await watch.inner_text("body")
    assert "Share" not in body and "Revert" not in body  # the lesson, nothing of the chat
    await watch.screenshot(path=screens / "07b-shared-lesson.png", full_page=True)

    await posted.last.get_by_role("button", name="Stop sharing").click()
    await page.get_by_text("Stopped sharing the lesson").wait_for(timeout=30_000)
    for url in (link, link + "/lesson.mp4"):
        assert (await learner.request.get(url)).status == 404
    await learner.close()


async def test_lesson_made_edited_reverted_and_reopened_after_a_restart(
    app_server: AppServer, browser: Any, screens: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await login(page, app_server, "ada")
    starter = page.get_by_text("Pythagorean theorem", exact=True)
    await starter.wait_for(timeout=30_000)  # the empty chat offers example prompts
    await page.screenshot(path=screens / "01-logged-in.png")
    banner = await page.request.get(app_server.url + "/tutor-welcome.svg")
    assert "Offline model" in await banner.text()  # the welcome says which model answers

    await page.evaluate(RECORD_ARRIVALS)
    await starter.click()  # sends LESSON_PROMPT
    await wait_until(page, "found.length >= 1")
    await page.screenshot(path=screens / "02-first-clip.png")
    made = await wait_until(page, f"{lesson_count_at_least(1)} && {PLAYABLE}", 300)
    scenes = clips(made)
    assert len(scenes) >= 3 and all(version == 1 for _, version in scenes), scenes
    assert all(v["ready"] >= 2 and v["duration"] > 0 for v in made), made
    arrivals = await page.evaluate("window.__arrivals")
    scene_times = [t for text, t in arrivals if SCENE_CLIP.search(text)]
    # Clips arrive one by one: the first is on the page well before the last scene is done.
    assert len(scene_times) == len(scenes) and scene_times[0] < scene_times[-1] - 500, arrivals
    await page.screenshot(path=screens / "03-lesson.png", full_page=True)
    chapter = page.locator("button.lesson-chapter").nth(2)  # clicking a chapter seeks there
    start = float(await chapter.get_attribute("data-start") or "nan")
    await chapter.click()
    await page.wait_for_timeout(300)
    position = await page.evaluate("document.querySelector('video.lesson-video').currentTime")
    assert start > 0 and start - 0.1 <= position <= start + 1.5, (start, position)
    heard = await page.evaluate(LISTEN)  # it plays on from there: with sound, and captions
    assert not heard["muted"] and heard["volume"] > 0 and not heard["paused"], heard
    assert heard["audio_bytes"] > 0, heard  # the voice-over track is decoded as it plays
    assert heard["mode"] == "showing" and len(heard["cues"]) >= 2, heard  # one per sentence

    await send(page, "change scene 2 to use red")
    edited = await wait_until(page, f"{has_clip(2, 2)} && {lesson_count_at_least(2)}")
    assert clips(edited)[len(scenes) :] == [(2, 2)], clips(edited)  # only scene 2 is new
    await page.screenshot(path=screens / "04-scene-2-red.png", full_page=True)

    message = page.locator("[data-step-type=assistant_message]").filter(
        has_text=re.compile(r"Scene 2: .*\(version 2\)")
    )
    await message.get_by_role("button", name="Revert").click()
    reverted = await wait_until(page, f"{has_clip(2, 1)} && {lesson_count_at_least(3)}")
    assert clips(reverted)[-1] == (2, 1), clips(reverted)
    await page.screenshot(path=screens / "05-reverted.png", full_page=True)

    first = page.locator("[data-step-type=assistant_message]").filter(
        has_text=re.compile(r"Scene 1: .*\(version 1\)")
    )
    await first.get_by_role("button", name="Show code").first.click()
    await page.get_by_text("from manim import *").first.wait_for(timeout=30_000)
    await first.get_by_role("button", name="Re-render in high quality").first.click()
    await wait_until(page, "found.some(v => v.text.includes('in high quality') && v.ready >= 2)")
    fourth = page.locator("[data-step-type=assistant_message]").filter(
        has_text=re.compile(r"Scene 4: .*\(version 1\)")
    )
    await fourth.get_by_role("button", name="Edit").first.click()
    await page.get_by_text("What should change in scene 4?").wait_for(timeout=30_000)
    await send(page, "make it slower")
    await wait_until(page, f"{has_clip(4, 2)} && {lesson_count_at_least(4)}")
    await page.screenshot(path=screens / "05b-code-high-quality-edit.png", full_page=True)
    await page.close()

    app_server.stop()
    app_server.start()
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await login(page, app_server, "ada")
    await page.get_by_text(LESSON_PROMPT[:20]).first.click()
    reopened = await wait_until(page, f"found.length >= {len(scenes) + 7} && {PLAYABLE}")
    assert clips(reopened) == [*scenes, (2, 2), (2, 1), (4, 2)], clips(reopened)
    posters = await page.evaluate(
        "[...document.querySelectorAll('[data-step-type=assistant_message]')]"
        ".filter(m => m.querySelector('video'))"
        ".map(m => [m.innerText.slice(0, 200), m.querySelector('video').getAttribute('poster')])"
    )
    scene_posters = [poster for text, poster in posters if SCENE_CLIP.search(text)]
    assert len(scene_posters) == len(scenes) + 3 and all(scene_posters), posters  # kept on reopen
    await page.screenshot(path=screens / "06-reopened-after-restart.png", full_page=True)
    await send(page, "change scene 3 to use green")
    await wait_until(page, f"{has_clip(3, 2)} && {lesson_count_at_least(lessons(reopened) + 1)}")
    await page.screenshot(path=screens / "07-edited-after-restart.png", full_page=True)
    await share_and_watch(page, browser, screens)
    ada_clip = next(v["src"] for v in reopened if SCENE_CLIP.search(v["text"]))
    ada_lesson = next(v["src"] for v in reopened if "The whole lesson" in v["text"])
    for url in (ada_clip, ada_lesson):
        assert url.startswith("/tutor-files/")
        assert (await page.request.get(app_server.url + url)).status == 200
    await page.close()

    context = await browser.new_context(viewport={"width": 1280, "height": 1000})
    page = await context.new_page()
    await login(page, app_server, "bob")
    await page.wait_for_timeout(2000)  # give the sidebar time to list threads, if any
    assert LESSON_PROMPT[:20] not in await page.inner_text("body")
    await page.screenshot(path=screens / "08-second-user.png")
    for url in (ada_clip, ada_lesson):  # even with the URL, another user gets nothing
        assert (await context.request.get(app_server.url + url)).status == 404
    anonymous = await browser.new_context()
    assert (await anonymous.request.get(app_server.url + ada_clip)).status == 401
    await anonymous.close()
    await context.close()
