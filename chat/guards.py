"""Installs the app's HTTP guards on Chainlit's FastAPI app, before the server starts.

Our routes go ahead of Chainlit's (same paths, checked first), then the middlewares wrap all.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from agent.settings import Settings
from chat import element_routes, feedback_routes, thread_routes
from chat.files_dir import use_private_files_dir
from chat.health import health_router
from chat.origins import OriginGuard, configured_origins
from chat.secure_cookies import SecureCookies


def put_first(app: FastAPI, router: APIRouter) -> None:
    """Add the router's routes ahead of every route already there (Chainlit's catch-all too)."""
    before = list(app.router.routes)
    known = {id(r) for r in before}
    app.include_router(router)
    added = [r for r in app.router.routes if id(r) not in known]
    app.router.routes[:] = added + before


def install_guards(app: FastAPI, settings: Settings) -> None:
    use_private_files_dir()
    for router in (
        element_routes.router,
        feedback_routes.router,
        thread_routes.router,
        health_router(settings.data_dir, settings.health_min_free_mb),
    ):
        put_first(app, router)
    origins = configured_origins(settings.public_url, settings.allowed_origins)
    # Chainlit's CORS middleware grants only the configured origins (never a reflected "*").
    app.user_middleware[:] = [
        Middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
        if m.cls is CORSMiddleware
        else m
        for m in app.user_middleware
    ]
    https = (settings.public_url or "").lower().startswith("https://")
    app.add_middleware(SecureCookies, always=https)
    app.add_middleware(OriginGuard, allowed=origins)
