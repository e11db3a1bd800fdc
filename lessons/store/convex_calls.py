"""Calling our Convex functions: the server secret on every call, Convex's errors turned into
the store's own, and transient failures retried under the retry policy (`tools.retry`).

The official `convex` package carries the calls, over either of its clients:
- `http` (the default): `ConvexHttpClient`, one POST per call on a worker thread, so the
  event loop keeps running; a deployment that cannot be reached is an error after retries.
- `websocket`: `ConvexClient`, Convex's sync protocol. Its Rust core holds the GIL for the
  whole of each call and reconnects a lost connection forever, so while Convex is slow or
  unreachable the process stalls; use it where that is acceptable (scripts, workers).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Literal

import requests
from convex import ConvexClient, ConvexError
from convex.http_client import ConvexExecutionError, ConvexHttpClient

from lessons.store.protocol import InvalidTransition, NotFound, StoreError
from tools.retry import RetriesExhausted, RetryPolicy, retry_async

Kind = Literal["query", "mutation"]
Transport = Literal["http", "websocket"]


class ConvexStoreError(StoreError):
    """Convex refused or failed a call (wrong secret, a function's bug, an unknown function)."""


class ConvexUnavailable(ConvexStoreError):
    """Convex could not be reached, even after retrying."""


def _connect_failed(error: requests.exceptions.RequestException) -> bool:
    """True when the request never reached the server (so even a mutation is safe to resend)."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    text = repr(error)
    return isinstance(error, requests.exceptions.ConnectionError) and (
        "NewConnectionError" in text or "Connection refused" in text
    )


def _server_busy(error: Exception) -> bool:
    # ConvexHttpClient reports an HTTP error status as "<status> <code>: <message>".
    status = str(error).split(" ", 1)[0]
    return status in {"429", "502", "503", "504"}


class ConvexCalls:
    """Runs the deployment's functions by name (`"lessons:create"`) as our server."""

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        transport: Transport = "http",
        tries: int = 5,
        first_wait_s: float = 0.2,
        timeout_s: float = 60.0,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"CONVEX_URL must be an http(s) URL of a deployment, not {url!r}")
        self.url = url.rstrip("/")
        self._client: ConvexHttpClient | ConvexClient
        self._client = ConvexHttpClient(self.url) if transport == "http" else ConvexClient(self.url)
        # ConvexClient's calls need the client to themselves.
        self._one_at_a_time = threading.Lock()
        self._secret = secret
        self._policy = RetryPolicy(tries, first_wait_s, max_wait_s=5.0)
        self._timeout_s = timeout_s

    async def query(self, function: str, /, **args: Any) -> Any:
        """Run a query (`"file:name"`); its answer, or the store's error for its failure."""
        return await self._call("query", function, args)

    async def mutation(self, function: str, /, **args: Any) -> Any:
        """Run a mutation (`"file:name"`); its answer, or the store's error for its failure."""
        return await self._call("mutation", function, args)

    async def _call(self, kind: Kind, name: str, args: dict[str, Any]) -> Any:
        tried = 0

        async def once() -> Any:
            nonlocal tried
            tried += 1
            # The HTTP client sets no timeout of its own: a wedged deployment must not
            # hold a lesson forever. (A call it leaves running ends with its thread.)
            return await asyncio.wait_for(
                asyncio.to_thread(self._send, kind, name, args), self._timeout_s
            )

        def retryable(error: BaseException) -> bool:
            if isinstance(error, requests.exceptions.RequestException):
                # A mutation whose request may have arrived is not resent: it could run twice.
                return kind == "query" or _connect_failed(error)
            return isinstance(error, ConvexStoreError) and _server_busy(error)

        try:
            return await retry_async(
                once, what=f"Convex call {name}", policy=self._policy, retry_if=retryable
            )
        except TimeoutError:
            raise ConvexUnavailable(
                f"Convex at {self.url} did not answer {name} within {self._timeout_s:g} s"
            ) from None
        except RetriesExhausted as gave_up:
            error = gave_up.last
        except requests.exceptions.RequestException as failed:
            error = failed
        if not isinstance(error, requests.exceptions.RequestException):
            raise error  # Convex kept answering "busy": its own error says so
        raise ConvexUnavailable(
            f"Convex at {self.url} did not answer {name} ({tried} tries): {error}"
        ) from error

    def _send(self, kind: Kind, name: str, args: dict[str, Any]) -> Any:
        payload = {**args, "secret": self._secret}
        try:
            with self._one_at_a_time:
                if kind == "query":
                    return self._client.query(name, payload)
                return self._client.mutation(name, payload)
        except ConvexError as error:
            raise _translate(name, error.data) from None
        except ConvexExecutionError as error:
            raise ConvexStoreError(f"Convex function {name} failed: {error}") from None
        except requests.exceptions.RequestException:
            raise
        except Exception as error:  # both clients raise bare Exceptions (HTTP errors, validation)
            raise ConvexStoreError(f"Convex refused {name}: {error}") from None


def _translate(name: str, data: object) -> Exception:
    """Our functions throw `ConvexError({code, message})`; each code has a store error."""
    code, message = "", str(data)
    if isinstance(data, dict):
        fields: dict[str, object] = data  # pyright: ignore[reportUnknownVariableType]
        code, message = str(fields.get("code", "")), str(fields.get("message", message))
    match code:
        case "not_found":
            return NotFound(message)
        case "invalid_transition":
            return InvalidTransition(message)
        case "forbidden":
            return ConvexStoreError(f"Convex refused {name}: {message}")
        case _:
            return ConvexStoreError(f"Convex function {name} failed: {message}")
