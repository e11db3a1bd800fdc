"""Webhook deliveries: when a job ends, POST {event, lesson, job, state, view} to its URL,
signed like an API request with the key's secret, retried on a non-2xx answer or a timeout
with exponential backoff and full jitter, up to TUTOR_WEBHOOK_MAX_ATTEMPTS; every attempt is
recorded (`tutor webhooks log`)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from agent.api_settings import ApiSettings
from agent.api_signing import signed_headers
from chat.api.webhook_urls import BadWebhook, check_webhook_url, pinned
from lessons.store.api_protocol import ApiStore
from lessons.store.api_records import WebhookAttempt
from tools.retry import backoff_s as policy_backoff_s
from tools.retry import describe, log_retry

log = logging.getLogger(__name__)
MAX_DELAY_S = 300.0


def backoff_s(attempt: int, base_s: float) -> float:
    """The wait after failed attempt `attempt` (1, 2, …): full jitter up to base·2^(attempt-1)
    (the retry policy's formula; each attempt is recorded, so the loop is ours)."""
    return policy_backoff_s(attempt, base_s, MAX_DELAY_S)


def _signed_path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


async def deliver(
    store: ApiStore,
    settings: ApiSettings,
    *,
    url: str,
    job_id: str,
    key_id: str,
    secret: str,
    payload: dict[str, Any],
    sleep: Any = None,
) -> bool:
    """Deliver one event; True once a 2xx answer came, False after the last attempt."""
    wait = sleep or asyncio.sleep
    error: str | None = None
    body = json.dumps(payload, separators=(",", ":")).encode()
    async with httpx.AsyncClient(
        timeout=settings.webhook_timeout_s, follow_redirects=False
    ) as client:
        for attempt in range(1, settings.webhook_max_attempts + 1):
            status, error = None, None
            started = time.monotonic()
            try:
                address = await check_webhook_url(url, settings.webhook_allow_private)
                target, host, extensions = (
                    (url, {}, {}) if address is None else pinned(url, address)
                )
                headers = {
                    "Content-Type": "application/json",
                    "User-Agent": "manim-tutor-webhooks/1",
                    **host,
                    **signed_headers(key_id, secret, "POST", _signed_path(url), body),
                }
                answer = await client.post(
                    target, content=body, headers=headers, extensions=extensions
                )
                status = answer.status_code
                if not 200 <= status < 300:
                    error = f"HTTP {status}"
            except BadWebhook as exc:
                error = str(exc)
            except httpx.TimeoutException:
                error = "timed out"
            except httpx.HTTPError as exc:
                error = describe(exc)
            await store.add_webhook_attempt(
                WebhookAttempt(
                    id=uuid.uuid4().hex,
                    job_id=job_id,
                    url=url,
                    attempt=attempt,
                    status=status,
                    error=error,
                    at=datetime.now(UTC),
                    duration_ms=int((time.monotonic() - started) * 1000),
                )
            )
            if error is None:
                log.info(
                    "webhook for job %s delivered (attempt %d, HTTP %s)", job_id, attempt, status
                )
                return True
            if attempt == settings.webhook_max_attempts:
                break
            delay = backoff_s(attempt, settings.webhook_backoff_s)
            log_retry(
                f"webhook for job {job_id}", attempt, settings.webhook_max_attempts, error, delay
            )
            await wait(delay)
    log.warning(
        "webhook for job %s failed %d times in a row; giving up: %s",
        job_id, settings.webhook_max_attempts, error,
    )  # fmt: skip
    return False
