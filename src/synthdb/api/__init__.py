"""The Fabricate-compatible REST service: `create_app(settings)` builds the FastAPI application."""

from synthdb.api.app import create_app
from synthdb.api.settings import Settings

__all__ = ["Settings", "create_app"]
