"""Who is calling: a signed request, checked before any route runs (401 with the reason),
then the key's rate limit (429 with Retry-After)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from agent import api_signing as signing
from agent.api_keys import secret_of
from chat import runtime
from chat.api.context import api_settings, api_store, limiter, server_master_key
from chat.api.problems import Problem
from lessons.store.api_records import ApiKey
from lessons.store.records import User


@dataclass(frozen=True)
class Caller:
    user: User
    key: ApiKey
    secret: str


def signed_path(request: Request) -> str:
    """The path as the client sent it, with its query: what the signature covers."""
    raw = request.scope.get("raw_path") or request.scope["path"].encode()
    path = raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


def _refused(reason: str) -> Problem:
    return Problem(401, reason, {"WWW-Authenticate": 'TutorHMAC realm="api"'})


async def caller(request: Request) -> Caller:
    try:
        signed = signing.parse(
            request.headers.get(signing.KEY_HEADER), request.headers.get(signing.SIGNATURE_HEADER)
        )
    except signing.Refused as refused:
        raise _refused(str(refused)) from None
    store = await api_store()
    key = await store.api_key(signed.key_id)
    if key is None:
        raise _refused("unknown key")
    if key.revoked_at is not None:
        raise _refused("revoked key")
    secret = secret_of(server_master_key(), key)
    if secret is None:
        raise _refused("the key no longer matches the server's API master key; make a new one")
    body = await request.body()
    skew = api_settings().api_clock_skew_s
    try:
        signing.check(signed, secret, request.method, signed_path(request), body, skew)
    except signing.Refused as refused:
        raise _refused(str(refused)) from None
    # Remembered until it could no longer pass the timestamp check anyway.
    if not await store.remember_signature(key.id, signed.v1, signed.t + skew + 1):
        raise _refused("replayed request: this signature was already used")
    if wait := limiter().retry_after(key.id):
        raise Problem(429, f"rate limit: try again in {wait} s", {"Retry-After": str(wait)})
    tutor = await runtime.get_tutor()
    user = await tutor.accounts.get_user(key.user_name)
    if user is None:
        raise _refused("unknown key")
    return Caller(user, key, secret)


CallerDep = Annotated[Caller, Depends(caller)]
