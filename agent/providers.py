"""Which model drives the agent: OpenAI, any OpenAI-compatible server, LiteLLM, or offline."""

from __future__ import annotations

import os
from dataclasses import dataclass

from agents.models.interface import Model
from agents.tracing import set_trace_provider
from agents.tracing.provider import DefaultTraceProvider

from agent.settings import Settings

DEFAULT_OPENAI_MODEL = "gpt-4.1"
OFFLINE = "offline"
CONFIGURE_HINT = (
    "To use a real model set OPENAI_API_KEY (OpenAI), or TUTOR_MODEL_BASE_URL and TUTOR_MODEL "
    "for an OpenAI-compatible server such as Ollama, vLLM or LM Studio."
)

# Every model call is retried by the one policy (`agent.model_retry`, per turn); the client's
# own retries would multiply its tries and hide them from the log and the user.
NO_CLIENT_RETRIES = 0


class ModelConfigError(ValueError):
    """The model settings do not describe a usable model; the message says what to set."""


@dataclass(frozen=True)
class ChosenModel:
    model: Model
    label: str  # shown to users, e.g. "offline" or "gpt-4.1 via http://localhost:11434/v1"
    offline: bool


def choose_model(settings: Settings) -> ChosenModel:
    """Build the model the settings describe; offline when nothing is configured."""
    name = settings.model.strip()
    key = settings.model_api_key.get_secret_value() if settings.model_api_key else None
    base_url = settings.model_base_url
    if key is None or "api.openai.com" not in (base_url or "api.openai.com"):
        # Traces go to OpenAI only; without its key they would just warn on every run.
        _tracing_off()
    if name == OFFLINE or (not name and not key and not base_url):
        from agent.offline import OfflineLessonModel  # deferred: templates are only for offline

        return ChosenModel(OfflineLessonModel(), OFFLINE, offline=True)
    if name.startswith("litellm/"):
        return _litellm(name.removeprefix("litellm/"), base_url, key)
    if base_url:
        from agents import OpenAIChatCompletionsModel
        from openai import AsyncOpenAI

        if not name:
            raise ModelConfigError(
                "TUTOR_MODEL_BASE_URL is set but TUTOR_MODEL is not: name the model the server "
                "serves, e.g. TUTOR_MODEL=llama3.1."
            )
        client = AsyncOpenAI(
            base_url=base_url, api_key=key or "not-needed", max_retries=NO_CLIENT_RETRIES
        )
        return ChosenModel(
            OpenAIChatCompletionsModel(model=name, openai_client=client),
            f"{name} via {base_url}",
            offline=False,
        )
    if not key:
        raise ModelConfigError(f"TUTOR_MODEL={name} needs an API key. {CONFIGURE_HINT}")
    from agents import OpenAIResponsesModel
    from openai import AsyncOpenAI

    model = name or DEFAULT_OPENAI_MODEL
    return ChosenModel(
        OpenAIResponsesModel(
            model=model, openai_client=AsyncOpenAI(api_key=key, max_retries=NO_CLIENT_RETRIES)
        ),
        model,
        offline=False,
    )


def _tracing_off() -> None:
    """Turn the Agents SDK's tracing off. `set_tracing_disabled(True)` would first build the
    default provider with its OpenAI exporter, whose HTTPS client takes ~40 ms to create for
    nothing (a `tutor` command waits for it); a provider without processors builds none."""
    provider = DefaultTraceProvider()
    provider.set_disabled(True)
    set_trace_provider(provider)


def _litellm(name: str, base_url: str | None, key: str | None) -> ChosenModel:
    # LiteLLM fetches its price list from the internet at import unless told not to.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    try:
        from agents.extensions.models.litellm_model import LitellmModel
    except ImportError as exc:
        raise ModelConfigError(
            "TUTOR_MODEL=litellm/… needs the optional extra: uv sync --extra litellm"
        ) from exc
    return ChosenModel(
        LitellmModel(model=name, base_url=base_url, api_key=key), f"{name} via LiteLLM", False
    )
