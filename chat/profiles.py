"""What a new chat offers: a profile per model (its welcome and starters), the settings panel,
and the welcome banner naming the model that answers."""

from __future__ import annotations

import chainlit as cl
from fastapi import APIRouter
from fastapi.responses import Response

from agent.providers import OFFLINE
from chat import runtime
from chat.view import STARTERS, banner_svg, welcome
from tools.media.quality import QUALITY_NAMES

OFFLINE_PROFILE = "Offline model"
WELCOME_ROUTE = "/tutor-welcome.svg"  # .chainlit/config.toml shows it as the logo
router = APIRouter()


async def chat_profiles() -> list[cl.ChatProfile]:
    """One profile per model on offer; its description is the welcome, shown with the starters."""
    tutor = await runtime.get_tutor()
    starters = [cl.Starter(label=label, message=text) for label, text in STARTERS]
    offline = cl.ChatProfile(
        name=OFFLINE_PROFILE,
        markdown_description=welcome(OFFLINE, offline=True),
        starters=starters,
        default=tutor.offline,
    )
    if tutor.offline:
        return [offline]
    configured = cl.ChatProfile(
        name=tutor.model_label,
        markdown_description=welcome(tutor.model_label, offline=False),
        starters=starters,
        default=True,
    )
    return [configured, offline]


def chat_settings() -> cl.ChatSettings:
    """The settings panel: render quality, the repair budget and the voice, from the app's
    settings."""
    settings = runtime.settings()
    return cl.ChatSettings(
        [
            cl.input_widget.Select(
                id="quality",
                label="Render quality",
                values=list(QUALITY_NAMES),
                initial_value=settings.quality,
            ),
            cl.input_widget.Slider(
                id="max_repair_attempts",
                label="Repair attempts per failing scene",
                initial=settings.max_repair_attempts,
                min=0,
                max=6,
                step=1,
            ),
            cl.input_widget.Switch(
                id="voice",
                label="Spoken narration",
                description="Off: new clips are silent, with subtitles only.",
                initial=True,
            ),
        ]
    )


@router.get(WELCOME_ROUTE)
async def welcome_banner() -> Response:
    """The welcome screen's banner: the app's name and which model answers."""
    tutor = await runtime.get_tutor()
    return Response(banner_svg(tutor.model_label, tutor.offline), media_type="image/svg+xml")
