"""What a user message asks for: a new lesson, an edit, an undo, the status, or something else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from agent.offline.edit_requests import parse_changes, strip_change_words, strip_quoted
from agent.offline.edits import Change
from agent.offline.narration_edit import NarrationRequest, narration_request

Kind = Literal[
    "lesson", "edit", "revert", "status", "resume", "share", "unshare", "layout", "narrate", "help"
]

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "opening": 1,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "6th": 6,
}
_SCENE_NUMBER = re.compile(r"\bscene\s*(?:#|no\.?|number)?\s*(\d+)\b", re.I)
_SCENE_WORD = re.compile(r"\bscene\s+(one|two|three|four|five|six)\b", re.I)
_SCENE_FROM_END = re.compile(
    r"\b(second[- ]to[- ]last|next[- ]to[- ]last|penultimate|last|final|closing)\s+scene\b", re.I
)
_SCENE_ORDINAL = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\s+scene\b", re.I)
_VERSION = re.compile(r"\b(?:version|v)\s*#?\s*(\d+)\b", re.I)

_HELP = re.compile(
    r"\b(help|what can you do|what do you do|who are you|how do(?:es)? (?:this|it|you) work"
    r"|how do i use)\b",
    re.I,
)
_NOUN = r"(?:lesson|video|animation|explainer|tutorial|class|presentation|clip|movie)"
_LESSON_ABOUT = re.compile(
    rf"\b{_NOUN}s?\s+(?:on|about|of|for|explaining|covering|introducing|to explain)\s*:?\s+(.+)$",
    re.I,
)
_LESSON_BEFORE = re.compile(
    rf"\b(?:make|create|build|generate|produce|write|prepare|do|give me|show me|want)\s+"
    rf"(?:me\s+)?(?:a|an|another|one|some)\s+(.+?)\s+{_NOUN}\b",
    re.I,
)
_TEACH = re.compile(
    r"\b(?:teach me|teach us|explain(?: to me)?|i want to learn|i'd like to learn|help me "
    r"understand|show me how|tell me about|introduce)\s+(?:about\s+)?(.+)$",
    re.I,
)
_WHAT_IS = re.compile(r"^\s*(?:what|who)\s+(?:is|are|was|were)\s+(.+?)\??$", re.I)
_HOW_WORKS = re.compile(r"^\s*how\s+(?:does|do|did)\s+(.+?)\s+work\??$", re.I)
_WHY = re.compile(r"^\s*(why\s+(?:is|are|do|does|did|can|can't)\s+.+?)\??$", re.I)
# "continue", "resume", "go on": finish the lesson of this conversation (also the app's own
# "Continue the lesson: write and render scenes 2, 3." after a crash).
_RESUME = re.compile(
    r"^\s*(?:please\s+)?(?:continue|resume|go on|carry on|keep going|finish the lesson)\b"
    r"(?!\s+(?:with\s+)?(?:a|an|another)\s)",
    re.I,
)
# "share this lesson with my class", "publish it", "a share link please"; "stop sharing".
_UNSHARE = re.compile(
    r"\b(?:stop(?:ped)? sharing|unshare|unpublish|(?:turn|switch) off sharing|no longer share"
    r"|(?:revoke|disable|delete|remove|kill) (?:the |my |all |every |its )*(?:share |sharing )?links?)\b",
    re.I,
)
_SHARE = re.compile(
    r"^\s*(?:(?:please|ok|okay|now|and|then|can you|could you|would you|i want to|i'd like to"
    r"|let's|let us|go ahead and)\s+)*(?:share|publish)\b"
    r"|\bshar(?:e|ing|eable) link\b|\blink (?:to|for) (?:share|sharing|my (?:class|students))\b"
    r"|\bshare (?:it|this|that|the lesson|this lesson|the video) with\b",
    re.I,
)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "seven": 7, "ten": 10}
_EXPIRY = re.compile(
    r"\b(?:for|in|after)\s+(?:the\s+next\s+)?([0-9]{1,4}|an?|one|two|three|seven|ten)\s*"
    r"(minute|min|hour|hr|day|week)s?\b",
    re.I,
)
_REVERT = re.compile(
    r"\b(undo|revert|roll\s*back|go back|put it back|previous version|earlier version"
    r"|back to version|change it back)\b",
    re.I,
)
# "Fix the layout of scene 2." (the chat's Fix layout button), "scene 2 overlaps, fix it",
# "the text in the last scene runs off the screen, can you fix that": a layout word and a fix word.
_LAYOUT_WORD = re.compile(
    r"\b(?:layout|overlap(?:s|ping|ped)?|off[- ](?:the[- ])?(?:frame|screen|edge)|cut off"
    r"|runs? off|too small|unreadable|cramped|clipped)\b",
    re.I,
)
_FIX_WORD = re.compile(
    r"\b(?:fix|repair|clean up|tidy(?: up)?|sort out|correct|re-?lay ?out)\b", re.I
)
_STATUS = re.compile(
    r"\b(status|progress)\b|\bshow (?:me )?(?:the |my )?(?:lesson|scenes|video)\b"
    r"|\blist (?:the |all )?scenes\b|\bwhere is (?:the|my) (?:lesson|video|export)\b"
    r"|\bwhat scenes\b",
    re.I,
)
_EDIT_VERB = re.compile(
    r"\b(make|change|turn|set|colou?r|paint|use|switch|edit|modify|update|increase|decrease"
    r"|slow|speed|remove|hide|delete|drop|add|show|rename|put|give|hold|wait|tweak)\b",
    re.I,
)
_SMALL_TALK = re.compile(
    r"^\s*(hi|hello|hey|thanks|thank you|ok|okay|yes|no|cool|great|nice|bye|good\w*)\b", re.I
)
# Words that may surround change words without making the message about anything else.
_FILLER = re.compile(
    r"\b(please|it|a|an|the|bit|little|slightly|much|more|and|make|lot|way|too|now|pls"
    r"|thanks|instead|color|colour|one|this|that|again|even)\b",
    re.I,
)
_NOT_TOPICS = {"it", "this", "that", "you", "going on", "happening", "up", "new", "the matter"}
_TOPIC_MAX_WORDS = 10


@dataclass(frozen=True)
class Intent:
    """A classified message: its kind and the details that kind needs."""

    kind: Kind
    topic: str = ""
    scene: int | None = None  # 1-based; negative counts from the end (-1 = last)
    version: int | None = None
    changes: tuple[Change, ...] = field(default_factory=tuple[Change, ...])
    expires_in: str | None = None  # for a share link: "7d", "12h", "30m"
    narration: NarrationRequest | None = None  # what to say instead, for "narrate"


def scene_reference(text: str) -> int | None:
    """The scene a message names: "scene 2", "the second scene", "last scene" (-1), or None."""
    text = strip_quoted(text)
    if match := _SCENE_NUMBER.search(text):
        return int(match.group(1))
    if match := _SCENE_WORD.search(text):
        return _NUMBER_WORDS[match.group(1).lower()]
    if match := _SCENE_FROM_END.search(text):
        word = match.group(1).lower()
        return -1 if word in {"last", "final", "closing"} else -2
    if match := _SCENE_ORDINAL.search(text):
        return _ORDINALS[match.group(1).lower()]
    return None


def share_expiry(text: str) -> str | None:
    """How long a share link should last, when the message says: "for 7 days" → "7d"."""
    if match := _EXPIRY.search(text):
        count = match.group(1).lower()
        number = _COUNTS.get(count) or int(count)
        return f"{number}{match.group(2)[0].lower()}"
    return None


def _clean_topic(topic: str) -> str:
    topic = re.sub(r"\s+(?:please|for me|thanks|thank you)\b.*$", "", topic.strip(), flags=re.I)
    return topic.strip().strip(" .!?:;,\"'\u201c\u201d\u2018\u2019").strip()


def _lesson_topic(text: str) -> str | None:
    plain = strip_quoted(text) if _SCENE_NUMBER.search(text) else text
    for pattern in (_LESSON_ABOUT, _TEACH, _WHAT_IS, _HOW_WORKS, _WHY):
        if match := pattern.search(plain):
            topic = _clean_topic(match.group(1))
            if topic and topic.lower() not in _NOT_TOPICS:
                return topic
    if match := _LESSON_BEFORE.search(plain):
        words = re.sub(r"^(?:short|quick|brief|little|simple|new|small)\s+", "", match.group(1))
        topic = _clean_topic(words)
        if topic and topic.lower() not in {"short", "quick", "brief", "new"}:
            return topic
    return None


def _only_change_words(text: str) -> bool:
    """True when nothing but change words and filler remains, e.g. "red", "slower please"."""
    residue = _FILLER.sub(" ", strip_change_words(strip_quoted(text)))
    return not re.sub(r"[\W_]+", "", residue)


def classify(text: str) -> Intent:
    """Classify one user message."""
    text = text.strip()
    plain = strip_quoted(text)
    scene = scene_reference(text)
    # "help me fix the layout of scene 2" is a layout fix, not a request for help.
    layout = bool(_LAYOUT_WORD.search(plain)) and (
        bool(_FIX_WORD.search(plain)) or scene is not None
    )
    if not text or (_HELP.search(plain) and not layout):
        return Intent("help")
    if _RESUME.search(plain):
        return Intent("resume")
    if _UNSHARE.search(plain):
        return Intent("unshare")
    if _SHARE.search(plain):
        return Intent("share", expires_in=share_expiry(plain))
    if topic := _lesson_topic(text):
        return Intent("lesson", topic=topic)
    if layout:
        return Intent("layout", scene=scene)
    if (said := narration_request(text)) is not None and not _REVERT.search(plain):
        return Intent("narrate", scene=scene, narration=said)
    if _REVERT.search(plain):
        version = _VERSION.search(plain)
        return Intent("revert", scene=scene, version=int(version.group(1)) if version else None)
    if _STATUS.search(plain):
        return Intent("status")
    changes = tuple(parse_changes(text))
    if changes and (scene is not None or _EDIT_VERB.search(plain) or _only_change_words(text)):
        return Intent("edit", scene=scene, changes=changes)
    if scene is not None and _EDIT_VERB.search(plain):
        return Intent("edit", scene=scene)  # an edit the offline model can't make
    if _SMALL_TALK.search(plain) or plain.rstrip().endswith("?"):
        return Intent("help")
    topic = _clean_topic(text)
    if topic and len(topic.split()) <= _TOPIC_MAX_WORDS and re.search(r"[^\W\d_]", topic):
        return Intent("lesson", topic=topic)
    return Intent("help")
