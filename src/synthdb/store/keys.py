"""Workspaces and API keys: keys are shown once and stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from synthdb.errors import UsageError
from synthdb.store.db import Store
from synthdb.store.models import ApiKey, ApiKeyGrant, Workspace, utcnow

# Each role can do what the ones before it can. `operator` is the server's: it also creates workspaces.
# `mock` is below them all and outside the chain: it may call the mock API and nothing else (api/auth.py).
ROLES = ("mock", "viewer", "editor", "admin", "operator")
MOCK_ROLE = "mock"
KEY_PREFIX = "sdb_"
_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def hash_key(key: str) -> str:
    """SHA-256 of a key. Keys hold 256 random bits, so a fast hash is enough (no dictionary to attack)."""
    return hashlib.sha256(key.encode()).hexdigest()


def parse_duration(text: str) -> timedelta:
    """`30d`, `12h`, `90m`, `2w`, `45s` into a timedelta."""
    match = _DURATION.match(text)
    if not match or int(match.group(1)) == 0:
        raise UsageError(f"--expires expects a positive duration such as 30d, 12h or 2w, got '{text}'")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def get_or_create_workspace(session: Session, name: str) -> Workspace:
    """The workspace called `name`, created if missing."""
    workspace = session.scalar(select(Workspace).where(Workspace.name == name))
    if workspace is None:
        workspace = Workspace(name=name)
        session.add(workspace)
        session.flush()
    return workspace


def create_workspace(store: Store, name: str) -> Workspace:
    """A new workspace (the operator's action); UsageError when the name is taken."""
    try:
        with store.session() as session:
            if session.scalar(select(Workspace.id).where(Workspace.name == name)) is not None:
                raise UsageError(f"workspace '{name}' already exists")
            workspace = Workspace(name=name)
            session.add(workspace)
            session.flush()
            session.expunge(workspace)
            return workspace
    except IntegrityError as exc:  # created by another process at the same moment
        raise UsageError(f"workspace '{name}' already exists") from exc


def list_workspaces(store: Store) -> list[tuple[Workspace, int]]:
    """Every workspace with its number of usable keys (not revoked), by name."""
    with store.session() as session:
        workspaces = session.scalars(select(Workspace).order_by(Workspace.name)).all()
        counts = dict(
            session.execute(
                select(ApiKey.workspace_id, func.count()).where(ApiKey.revoked.is_(False)).group_by(ApiKey.workspace_id)
            ).tuples().all()
        )
        session.expunge_all()
        return [(workspace, counts.get(workspace.id, 0)) for workspace in workspaces]


@dataclass(frozen=True)
class CreatedKey:
    """A new key: `key` is the only copy of the secret. `workspace`/`role` are its default workspace's."""

    key: str
    id: str
    prefix: str
    workspace: str
    role: str
    expires_at: datetime | None
    # Every workspace of the key with its role there, the default one first.
    grants: tuple[tuple[str, str], ...] = ()


def check_role(role: str) -> str:
    """`role` when it is one; UsageError naming the roles otherwise."""
    if role not in ROLES:
        raise UsageError(f"role must be one of {', '.join(ROLES)}, got '{role}'")
    return role


def check_grants(grants: list[tuple[str, str]]) -> None:
    """Each workspace once; `mock` keys (front-end builds) stay in one workspace with no other role."""
    names = [name for name, _ in grants]
    if not grants:
        raise UsageError("a key needs at least one --workspace")
    for name in names:
        if names.count(name) > 1:
            raise UsageError(f"--workspace '{name}' is given twice; give each workspace once, as NAME:ROLE")
    for _, role in grants:
        check_role(role)
    if len(grants) > 1 and any(role == MOCK_ROLE for _, role in grants):
        raise UsageError("a mock key reaches one workspace's mock API only; create it with a single --workspace")


def add_key(
    session: Session,
    workspace: Workspace,
    role: str,
    expires_at: datetime | None = None,
    others: list[tuple[Workspace, str]] | None = None,
) -> CreatedKey:
    """Create a key for `workspace` (its default) in the session's transaction, with roles in `others` too."""
    check_role(role)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    record = ApiKey(
        workspace_id=workspace.id, key_hash=hash_key(key), prefix=key[:12], role=role, expires_at=expires_at
    )
    session.add(record)
    session.flush()
    grants = [(workspace.name, role)]
    for other, other_role in others or []:
        session.add(ApiKeyGrant(key_id=record.id, workspace_id=other.id, role=check_role(other_role)))
        grants.append((other.name, other_role))
    session.flush()
    return CreatedKey(key, record.id, record.prefix, workspace.name, role, expires_at, tuple(grants))


def create_api_key(
    store: Store,
    workspace: str | list[tuple[str, str]],
    role: str = "editor",
    expires_in: timedelta | None = None,
) -> CreatedKey:
    """Create a key (and its workspaces when missing): the CLI's bootstrap path.

    `workspace` is one name (with `role`), or (name, role) pairs: the first is the key's default workspace.
    """
    grants = [(workspace, role)] if isinstance(workspace, str) else list(workspace)
    check_grants(grants)
    expires_at = utcnow() + expires_in if expires_in is not None else None
    for attempt in range(2):
        try:
            with store.session() as session:
                spaces = [(get_or_create_workspace(session, name), grant_role) for name, grant_role in grants]
                (home, home_role), others = spaces[0], spaces[1:]
                return add_key(session, home, home_role, expires_at, others)
        except IntegrityError:
            # Another process created the workspace at the same moment: retry once, it exists now.
            if attempt:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class KeyCheck:
    """The result of looking a presented key up: the key, its default workspace and every (workspace, role)."""

    key: ApiKey | None
    workspace: Workspace | None
    problem: str | None
    grants: tuple[tuple[Workspace, str], ...] = ()


def key_grants(session: Session, key: ApiKey, home: Workspace) -> tuple[tuple[Workspace, str], ...]:
    """Every workspace of a key with its role there, its default workspace first, the others by name."""
    others = session.execute(
        select(Workspace, ApiKeyGrant.role).join(ApiKeyGrant, ApiKeyGrant.workspace_id == Workspace.id)
        .where(ApiKeyGrant.key_id == key.id).order_by(Workspace.name)
    ).tuples().all()
    return ((home, key.role), *((workspace, role) for workspace, role in others))


def check_key(session: Session, presented: str) -> KeyCheck:
    """Find the key whose hash matches; `problem` says why it is refused, if it is."""
    record = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(presented)))
    if record is None or record.revoked:
        return KeyCheck(None, None, "invalid API key")
    if record.expires_at is not None and record.expires_at <= utcnow():
        return KeyCheck(None, None, "API key expired")
    workspace = session.get(Workspace, record.workspace_id)
    if workspace is None:
        return KeyCheck(None, None, "invalid API key")
    return KeyCheck(record, workspace, None, key_grants(session, record, workspace))


def list_keys(store: Store, workspace: str | None = None) -> list[tuple[ApiKey, str]]:
    """Every key (or those holding a role in one workspace) with its default workspace's name; never the secret."""
    with store.session() as session:
        query = select(ApiKey, Workspace.name).join(Workspace, Workspace.id == ApiKey.workspace_id)
        if workspace is not None:
            granted = select(ApiKeyGrant.key_id).join(Workspace, Workspace.id == ApiKeyGrant.workspace_id).where(
                Workspace.name == workspace)
            query = query.where((Workspace.name == workspace) | ApiKey.id.in_(granted))
        return [(key, name) for key, name in session.execute(query.order_by(ApiKey.created_at)).all()]


def other_grants(store: Store, key_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """The further workspaces (name, role) of each key, by key id."""
    with store.session() as session:
        rows = session.execute(
            select(ApiKeyGrant.key_id, Workspace.name, ApiKeyGrant.role)
            .join(Workspace, Workspace.id == ApiKeyGrant.workspace_id)
            .where(ApiKeyGrant.key_id.in_(key_ids)).order_by(Workspace.name)
        ).tuples().all()
    out: dict[str, list[tuple[str, str]]] = {}
    for key_id, name, role in rows:
        out.setdefault(key_id, []).append((name, role))
    return out


def revoke_key(store: Store, prefix: str) -> int:
    """Revoke the keys whose prefix (as listed) is `prefix`; returns how many."""
    with store.session() as session:
        keys = session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).all()
        for key in keys:
            key.revoked = True
        return len(keys)
