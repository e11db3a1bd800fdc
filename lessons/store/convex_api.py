"""The REST API's records on Convex: not supported yet; every call says so."""

from __future__ import annotations

from typing import Any, NoReturn

from lessons.store.protocol import StoreError

NOT_YET = (
    "the REST API (keys, jobs, webhooks) is not supported with the Convex store yet;"
    " use TUTOR_STORE=sqlite or postgres"
)


def _refuse() -> NoReturn:
    raise StoreError(NOT_YET)


class ConvexNoApi:
    """`ApiStore` for the Convex store: each method raises StoreError naming what to use."""

    async def create_api_key(self, *_: Any, **__: Any) -> Any:
        _refuse()

    async def api_key(self, *_: Any, **__: Any) -> Any:
        _refuse()

    async def api_keys(self, *_: Any, **__: Any) -> Any:
        _refuse()

    async def revoke_api_key(self, *_: Any, **__: Any) -> Any:
        _refuse()

    async def remember_signature(self, *_: Any, **__: Any) -> Any:
        _refuse()

    async def create_job(self, *_: Any, **__: Any) -> Any:
        _refuse()

    async def update_job(self, *_: Any, **__: Any) -> Any:
        _refuse()

    async def job(self, *_: Any, **__: Any) -> Any:
        _refuse()

    async def add_webhook_attempt(self, *_: Any, **__: Any) -> Any:
        _refuse()

    async def webhook_attempts(self, *_: Any, **__: Any) -> Any:
        _refuse()
