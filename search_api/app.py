"""The FastAPI application: API routers and the UI mounted on one app."""

from __future__ import annotations

from fastapi import FastAPI

from search_api import health


def create_app() -> FastAPI:
    app = FastAPI(
        title="POPs Search",
        description="Search the Stockholm Convention clearing-house on persistent organic pollutants.",
        version="0.1.0",
    )
    app.include_router(health.router)
    return app
