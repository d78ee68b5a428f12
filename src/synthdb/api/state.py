"""What the routes share: settings, the store, the task pool and the keys derived from the server secret."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from synthdb.api.hosts import link_base
from synthdb.api.settings import Settings
from synthdb.service.tasks import TaskManager
from synthdb.store.db import Store
from synthdb.store.secrets import PasswordBox


@dataclass
class AppState:
    """The application's shared objects (one per `create_app`)."""

    settings: Settings
    store: Store
    tasks: TaskManager
    signing_key: bytes
    passwords: PasswordBox

    def base_url(self, request: Request) -> str:
        """Base of absolute links: the public URL, else an allowed Host, else the listening address (hosts.py)."""
        return link_base(self.settings.public_url, self.settings.allowed_hosts, request)


def state_of(request: Request) -> AppState:
    """The AppState of the app serving `request`."""
    state: AppState = request.app.state.synthdb
    return state
