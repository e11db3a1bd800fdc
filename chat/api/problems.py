"""Errors as problem+json (RFC 9457): a status, a title and a plain reason; never a traceback."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from lessons.store.protocol import NotFound, StoreError

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"


class Problem(Exception):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    return JSONResponse(
        {**body, "detail": detail}, status_code=status, media_type=PROBLEM, headers=headers
    )


def _validation(error: RequestValidationError) -> str:
    parts = []
    for found in error.errors()[:5]:
        where = ".".join(str(p) for p in found.get("loc", ()) if p != "body")
        parts.append(f"{where or 'body'}: {found.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


def install_problems(app: FastAPI) -> None:
    async def on_problem(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        return problem(exc.status, exc.detail, exc.headers)

    async def on_http(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        return problem(exc.status_code, str(exc.detail), dict(exc.headers or {}))

    async def on_invalid(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem(422, _validation(exc))

    async def on_not_found(_: Request, exc: Exception) -> JSONResponse:
        return problem(404, str(exc) or "not found")

    async def on_store(_: Request, exc: Exception) -> JSONResponse:
        log.warning("API store error: %s", exc)
        return problem(503, str(exc))

    async def on_any(_: Request, exc: Exception) -> JSONResponse:
        log.exception("API request failed", exc_info=exc)
        return problem(500, "something went wrong on our side; please try again")

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(NotFound, on_not_found)
    app.add_exception_handler(StoreError, on_store)
    app.add_exception_handler(Exception, on_any)
